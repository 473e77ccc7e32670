// The store of record on a database (SQLite embedded in the output folder,
// or PostgreSQL): one query code on Kysely for both engines, the engine's own
// parts (transactions, change feed, text index) behind store-engine.ts.
//
// A save is one transaction: the revision check of the segments the caller
// read, then only the rows that changed (a segment's row and its versions
// and comments are rewritten only when its digest moved), the article's
// version bumped (its stamp) and the change told to every process. The
// reading files are published into the output folder from the record.

import { allSegments } from '../../core/segments.js';
import type { Article } from '../../core/types.js';
import { serializeArticleChunks } from '../article-file.js';
import {
  type PublishedKind,
  type PublishedPieces,
  type PublishOptions,
  type SaveOptions,
  type SearchHit,
  type SearchOptions,
  type SegmentRecords,
  type StoreChange,
  type StoredArticles,
  type StoreOfRecord,
} from '../article-store.js';
import { publishFiles } from '../publish-files.js';
import type { RunManifest } from '../run-manifest.js';
import { articleOf, rowsOf } from './article-rows.js';
import { readManifest, writeManifest } from './manifest-rows.js';
import { writeArticle } from './save-rows.js';
import { searchWords } from './search-words.js';
import type { StoreEngine } from './store-engine.js';
import { storeFailure } from './store-errors.js';

/** What taking in an output folder's store files found: the articles imported, and the files that could not be. */
export interface TakeInReport {
  imported: string[];
  broken: Array<{ slug: string; place: string; error: unknown }>;
}

export class DatabaseStore implements StoreOfRecord {
  readonly engine: 'sqlite' | 'postgres';
  readonly location: string;
  /** Set by openStoreOfRecord when it took in the output folder's store files. */
  takenIn: TakeInReport = { imported: [], broken: [] };

  constructor(
    readonly backend: StoreEngine,
    /** The output folder the reading files are published into. */
    readonly outDir: string,
  ) {
    this.engine = backend.kind;
    this.location = backend.location;
  }

  placeOf(slug: string): string {
    return `${this.location} (article ${slug})`;
  }

  async list(): Promise<string[]> {
    const rows = await this.run(() => this.backend.db.selectFrom('articles').select('slug').execute());
    // Sorted here, not by the database's collation, which differs between engines and locales.
    return rows.map((row) => row.slug).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async loadAll(): Promise<StoredArticles> {
    const result: StoredArticles = { articles: [], broken: [] };
    for (const slug of await this.list()) {
      const place = this.placeOf(slug);
      try {
        const article = await this.load(slug);
        if (article) result.articles.push({ slug, place, article });
      } catch (error) {
        result.broken.push({ slug, place, error });
      }
    }
    return result;
  }

  async load(slug: string): Promise<Article | undefined> {
    const rows = await this.run(() =>
      this.backend.read(async (db) => {
        const [article] = await db.selectFrom('articles').select('fields').where('slug', '=', slug).execute();
        if (!article) return undefined;
        const blocks = await db.selectFrom('blocks').select(['position', 'fields']).where('slug', '=', slug).orderBy('position').execute();
        const segments = await db.selectFrom('segments').select(['block', 'position', 'id', 'revision', 'source', 'target', 'state', 'rest']).where('slug', '=', slug).orderBy('block').orderBy('position').execute();
        const versions = await db.selectFrom('segment_versions').select(['block', 'position', 'entry']).where('slug', '=', slug).orderBy('block').orderBy('position').orderBy('n').execute();
        const comments = await db.selectFrom('segment_comments').select(['block', 'position', 'entry']).where('slug', '=', slug).orderBy('block').orderBy('position').orderBy('n').execute();
        return { article, blocks, segments, versions, comments };
      }),
    );
    return rows && articleOf(rows, this.placeOf(slug));
  }

  async save(article: Article, options: SaveOptions = {}): Promise<void> {
    const rows = rowsOf(article);
    const place = this.placeOf(article.slug);
    await this.run(() =>
      this.backend.write(article.slug, async (trx) => {
        const change = await writeArticle(trx, rows, { ...options, place });
        if (change) await this.backend.sendChange(trx, change);
      }),
    );
  }

  async history(slug: string, segmentId: string): Promise<SegmentRecords | undefined> {
    const article = await this.load(slug);
    const segment = article && allSegments(article).find((candidate) => candidate.id === segmentId);
    if (!segment) return undefined;
    return { revision: segment.revision ?? 0, versions: segment.history ?? [], comments: segment.comments ?? [] };
  }

  async stamp(slug: string): Promise<string | undefined> {
    const row = await this.run(() => this.backend.db.selectFrom('articles').select('version').where('slug', '=', slug).executeTakeFirst());
    return row ? String(row.version) : undefined;
  }

  changes(listener: (change: StoreChange) => void): () => void {
    return this.backend.listen(listener);
  }

  async announce(change: Extract<StoreChange, { kind: 'editing' }>): Promise<void> {
    await this.run(() => this.backend.write(change.slug, (trx) => this.backend.sendChange(trx, change)));
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const words = searchWords(query);
    if (words.length === 0) return [];
    return this.run(() => this.backend.search(words, options));
  }

  /**
   * The reading files into the output folder, all or none, as the folder
   * store writes them; `json` is written from the record as it now stands
   * (whatever pieces the caller gave for it), so the published JSON is the record.
   */
  async publish(slug: string, pieces: PublishedPieces, options: PublishOptions = {}): Promise<Partial<Record<PublishedKind, string>>> {
    let json = pieces.json;
    if (json !== undefined) {
      const record = await this.load(slug);
      if (record) json = serializeArticleChunks(record);
    }
    return publishFiles(this.outDir, slug, { ...pieces, ...(json !== undefined ? { json } : {}) }, options);
  }

  lock(): Promise<() => Promise<void>> {
    return this.backend.lock();
  }

  /** The run manifest kept in the store (what batch needs to skip unchanged articles). */
  loadManifest(): Promise<RunManifest> {
    return this.run(() => readManifest(this.backend.db));
  }

  /** Record the manifest: its settings and the entries of `slugs` (every entry, and only those, when omitted). */
  saveManifest(manifest: RunManifest, slugs?: string[]): Promise<void> {
    return this.run(() => this.backend.write('run manifest', (trx) => writeManifest(trx, manifest, slugs)));
  }

  close(): Promise<void> {
    return this.backend.close();
  }

  /** A database failure as the store's error, naming it. */
  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw storeFailure(error, this.location);
    }
  }
}
