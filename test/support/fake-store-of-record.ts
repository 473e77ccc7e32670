// A stand-in for the database store of record, for tests only: the records
// are the JSON files of an output folder (a FolderStore underneath, so tests
// can read and damage them as they always have), and every FakeStoreOfRecord
// opened on one folder in this process shares one change feed and one save
// order — two review servers on one fake behave as two on one database, minus
// the second process. Search is a plain scan, not a text index.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { allSegments } from '../../src/core/segments.js';
import type { Article } from '../../src/core/types.js';
import {
  FolderStore,
  isInsideFolder,
  type PublishedPieces,
  type SaveOptions,
  type SearchHit,
  type SearchOptions,
  type StoreChange,
  type StoreOfRecord,
} from '../../src/store/index.js';

interface Shared {
  listeners: Set<(change: StoreChange) => void>;
  /** Saves through any fake on this folder, per slug: part of the stamp, so two saves in one millisecond still differ. */
  saves: Map<string, number>;
  /** The save in flight: a revision check and its write are one step, as in a database transaction. */
  writing: Promise<unknown>;
}

const folders = new Map<string, Shared>();

export class FakeStoreOfRecord extends FolderStore implements StoreOfRecord {
  readonly engine = 'sqlite' as const;
  private readonly shared: Shared;
  private readonly mine = new Set<(change: StoreChange) => void>();
  /** Every change announced or heard, in order (tests look at it). */
  readonly heard: StoreChange[] = [];

  constructor(location: string) {
    super(location);
    const key = path.resolve(location);
    let shared = folders.get(key);
    if (!shared) folders.set(key, (shared = { listeners: new Set(), saves: new Map(), writing: Promise.resolve() }));
    this.shared = shared;
    this.changes((change) => this.heard.push(change));
  }

  async stamp(slug: string): Promise<string | undefined> {
    const file = this.placeOf(slug);
    const info = await stat(file).catch(() => undefined);
    // A link to a file elsewhere is not a record of this store.
    if (!info?.isFile() || !(await isInsideFolder(file, this.location))) return undefined;
    return `${this.shared.saves.get(slug) ?? 0}:${info.mtimeMs}:${info.size}`;
  }

  override save(article: Article, options: SaveOptions = {}): Promise<void> {
    const write = this.shared.writing.then(async () => {
      const before = await this.load(article.slug).catch(() => undefined);
      await super.save(article, options);
      this.shared.saves.set(article.slug, (this.shared.saves.get(article.slug) ?? 0) + 1);
      // As the database tells it: the segments whose record changed, or the whole article when its shape did.
      const stored = new Map(before ? allSegments(before).map((segment) => [segment.id, JSON.stringify(segment)]) : []);
      const after = allSegments(article);
      const reshaped = !before || after.length !== stored.size || after.some((segment) => !stored.has(segment.id));
      const ids = after.filter((segment) => stored.get(segment.id) !== JSON.stringify(segment)).map((segment) => segment.id);
      return reshaped ? ({ kind: 'article', slug: article.slug } as const) : ({ kind: 'segments', slug: article.slug, ids } as const);
    });
    this.shared.writing = write.catch(() => undefined);
    return write.then((change) => this.tell(change));
  }

  /** The JSON is the record here: publishing it again could only put an older copy over a newer save. */
  override publish(slug: string, pieces: PublishedPieces) {
    const { json: _record, ...pages } = pieces;
    return super.publish(slug, pages);
  }

  changes(listener: (change: StoreChange) => void): () => void {
    this.shared.listeners.add(listener);
    this.mine.add(listener);
    return () => {
      this.shared.listeners.delete(listener);
      this.mine.delete(listener);
    };
  }

  async announce(change: Extract<StoreChange, { kind: 'editing' }>): Promise<void> {
    this.tell(change);
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const phrase = words.join(' ');
    const side = options.side ?? 'both';
    const hits: SearchHit[] = [];
    for (const { article } of (await this.loadAll()).articles) {
      for (const segment of allSegments(article)) {
        const texts = [side !== 'target' ? segment.source : '', side !== 'source' ? (segment.target ?? '') : ''].map((text) => text.toLocaleLowerCase());
        const matches = (text: string) => (options.phrase ? text.includes(phrase) : words.every((word) => text.includes(word)));
        if (words.length === 0 || !texts.some(matches)) continue;
        const rank = texts.reduce((sum, text) => sum + words.filter((word) => text.includes(word)).length, 0);
        hits.push({ slug: article.slug, title: article.title, segmentId: segment.id, source: segment.source, ...(segment.target !== undefined ? { target: segment.target } : {}), state: segment.state, rank });
      }
    }
    hits.sort((a, b) => b.rank - a.rank);
    const offset = options.offset ?? 0;
    return hits.slice(offset, offset + (options.limit ?? 20));
  }

  async close(): Promise<void> {
    for (const listener of this.mine) this.shared.listeners.delete(listener);
    this.mine.clear();
  }

  private tell(change: StoreChange): void {
    for (const listener of this.shared.listeners) listener(change);
  }
}
