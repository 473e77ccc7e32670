// The store of record on a database (SQLite embedded in the output folder,
// or PostgreSQL): one query code on Kysely for both engines, the engine's own
// parts (transactions, change feed, text index) behind store-engine.ts.
//
// A save is one transaction: the revision check of the segments the caller
// read, then only the rows that changed (a segment's row and its versions
// and comments are rewritten only when its digest moved), the article's
// version bumped (its stamp) and the change told to every process. The
// reading files are published into the output folder from the record.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { allSegments } from '../../core/segments.js';
import type { Article } from '../../core/types.js';
import { serializeArticleChunks } from '../article-file.js';
import {
  type ActivityEvent,
  type ActivityFilter,
  type ArticlePage,
  type ManyLoaded,
  type PageOptions,
  type PublishedKind,
  type PublishedPieces,
  type PublishOptions,
  type SaveOptions,
  type SearchResult,
  type SearchOptions,
  type SegmentRecords,
  type StoreChange,
  type StoredArticles,
  type StoreOfRecord,
} from '../article-store.js';
import { publishFiles, type PublishGuard } from '../publish-files.js';
import type { RunManifest } from '../run-manifest.js';
import { readActivity } from './activity-rows.js';
import { readArticlePage } from './article-page.js';
import { articleOf, rowsOf, segmentEntriesOf } from './article-rows.js';
import { readManifest, writeManifest } from './manifest-rows.js';
import { writeArticle, writeChangedSegments } from './save-rows.js';
import { searchWords } from './search-words.js';
import type { StoreDb, StoreEngine } from './store-engine.js';
import { storeFailure } from './store-errors.js';

/** A published file's size and time: equal while nobody has written it since. */
export async function publishedStamp(file: string): Promise<string | undefined> {
  const info = await stat(file).catch(() => undefined);
  return info ? `${info.size}:${info.mtimeMs}` : undefined;
}

/** What taking in an output folder's store files found: the articles imported, and the files that could not be. */
export interface TakeInReport {
  imported: string[];
  /** Articles whose published JSON someone edited by hand: the edits are now in the record. */
  edited: string[];
  broken: Array<{ slug: string; place: string; error: unknown }>;
}

export class DatabaseStore implements StoreOfRecord {
  readonly engine: 'sqlite' | 'postgres';
  readonly location: string;
  /** Set by openStoreOfRecord when it took in the output folder's store files. */
  takenIn: TakeInReport = { imported: [], edited: [], broken: [] };

  constructor(
    readonly backend: StoreEngine,
    /** The output folder the reading files are published into. */
    readonly outDir: string,
  ) {
    this.engine = backend.kind;
    this.location = backend.location;
  }

  /** An article as people know it: its published JSON (the database itself is named by errors about it). */
  placeOf(slug: string): string {
    return path.join(this.outDir, `${slug}.json`);
  }

  async list(): Promise<string[]> {
    const rows = await this.run(() => this.backend.db.selectFrom('articles').select('slug').execute());
    // Sorted here, not by the database's collation, which differs between engines and locales.
    return rows.map((row) => row.slug).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Every article; `broken` also names the output folder's files that could not be taken in (they are left as they are). */
  async loadAll(): Promise<StoredArticles> {
    const result: StoredArticles = { articles: [], broken: [...this.takenIn.broken] };
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

  /**
   * Several articles at once, in one snapshot and one query per table (not
   * per article: a page of the list reads fifty), each with its stamp; a
   * record that does not read carries its error, the others still load.
   */
  async loadMany(slugs: readonly string[]): Promise<Map<string, ManyLoaded>> {
    const found = new Map<string, ManyLoaded>();
    if (slugs.length === 0) return found;
    const wanted = [...new Set(slugs)];
    const rows = await this.run(() =>
      this.backend.read(async (db) => ({
        articles: await db.selectFrom('articles').select(['slug', 'fields', 'version']).where('slug', 'in', wanted).execute(),
        blocks: await db.selectFrom('blocks').select(['slug', 'position', 'fields']).where('slug', 'in', wanted).orderBy('slug').orderBy('position').execute(),
        segments: await db.selectFrom('segments').select(['slug', 'block', 'position', 'id', 'revision', 'source', 'target', 'state', 'rest']).where('slug', 'in', wanted).orderBy('slug').orderBy('block').orderBy('position').execute(),
        versions: await db.selectFrom('segment_versions').select(['slug', 'block', 'position', 'entry']).where('slug', 'in', wanted).orderBy('slug').orderBy('block').orderBy('position').orderBy('n').execute(),
        comments: await db.selectFrom('segment_comments').select(['slug', 'block', 'position', 'entry']).where('slug', 'in', wanted).orderBy('slug').orderBy('block').orderBy('position').orderBy('n').execute(),
      })),
    );
    // Each table's rows by article, in the order read (the order within an article is what articleOf needs).
    const bySlug = <T extends { slug: string }>(list: T[]): Map<string, T[]> => {
      const grouped = new Map<string, T[]>();
      for (const row of list) (grouped.get(row.slug) ?? grouped.set(row.slug, []).get(row.slug)!).push(row);
      return grouped;
    };
    const [blocks, segments, versions, comments] = [bySlug(rows.blocks), bySlug(rows.segments), bySlug(rows.versions), bySlug(rows.comments)];
    for (const row of rows.articles) {
      const stamp = String(row.version);
      try {
        const article = articleOf({ article: row, blocks: blocks.get(row.slug) ?? [], segments: segments.get(row.slug) ?? [], versions: versions.get(row.slug) ?? [], comments: comments.get(row.slug) ?? [] }, this.placeOf(row.slug));
        found.set(row.slug, { stamp, article });
      } catch (error) {
        found.set(row.slug, { stamp, error });
      }
    }
    return found;
  }

  async load(slug: string): Promise<Article | undefined> {
    const one = (await this.loadMany([slug])).get(slug);
    if (!one) return undefined;
    if (one.article) return one.article;
    throw one.error;
  }

  async save(article: Article, options: SaveOptions = {}): Promise<string> {
    const place = this.placeOf(article.slug);
    // Only the segments the caller changed, when it names them (a review's saves), else every row compared by digest.
    const only = options.changed && segmentEntriesOf(article, options.changed);
    return this.run(() =>
      this.backend.write(article.slug, async (trx) => {
        const { change, version, writes } = (only && (await writeChangedSegments(trx, article.slug, only, { ...options, place }))) ?? (await writeArticle(trx, rowsOf(article), { ...options, place }));
        await this.backend.writeAndTell(trx, writes, change);
        return String(version);
      }),
    );
  }

  /**
   * Record several articles in one transaction (an import of many new
   * articles; the bench's store of ten thousand): each written as `save`
   * writes it, without revision checks, and told as a whole article. Each
   * article's write lock is held, so keep a call to a few hundred articles
   * (PostgreSQL's lock table is sized for that, not for thousands).
   */
  async saveAll(articles: readonly Article[]): Promise<void> {
    if (articles.length === 0) return;
    const rows = articles.map(rowsOf);
    await this.run(() =>
      this.backend.write(
        articles.map((article) => article.slug),
        async (trx) => {
          for (const one of rows) {
            const { change, writes } = await writeArticle(trx, one, { place: this.placeOf(one.article.slug) });
            await this.backend.writeAndTell(trx, writes, change && { kind: 'article', slug: one.article.slug });
          }
        },
      ),
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

  activity(filter: ActivityFilter = {}): Promise<ActivityEvent[]> {
    return this.run(() => readActivity(this.backend, filter));
  }

  listPage(options: PageOptions = {}): Promise<ArticlePage> {
    return this.run(() => readArticlePage(this.backend, options));
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const words = searchWords(query);
    if (words.length === 0) return { hits: [] };
    return this.run(() => this.backend.search(words, options));
  }

  /**
   * The reading files into the output folder, all or none, as the folder
   * store writes them. The published JSON is the record: without a stamp it
   * is written from the record as it now stands (whatever pieces the caller
   * gave for it); with one, the caller's pieces are published only while the
   * record is at that stamp, so they are the record.
   */
  async publish(slug: string, pieces: PublishedPieces, options: PublishOptions = {}): Promise<Partial<Record<PublishedKind, string>>> {
    let json = pieces.json;
    // With a stamp, the guard publishes only the record the pieces were made from, JSON included:
    // reading it again would be the same article. Without one, the JSON is the record as it now stands.
    if (json !== undefined && options.stamp === undefined) {
      const record = await this.load(slug);
      if (record) json = serializeArticleChunks(record);
    }
    const guard = options.stamp !== undefined ? this.publishedAt(slug, options.stamp) : undefined;
    const files = await publishFiles(this.outDir, slug, { ...pieces, ...(json !== undefined ? { json } : {}) }, options, guard);
    // The version is known only when the guard held the record at it; md and html go with the JSON.
    if (files.json) await this.rememberPublished(slug, files.json, options.stamp !== undefined && files.md && files.html ? options.stamp : undefined);
    return files;
  }

  /**
   * Publish only while the record is at `stamp`, holding the article's write
   * lock around the renames: whoever publishes last publishes the newest
   * record (a review's background render and a batch's commit of one article,
   * say, never leave the older one in place).
   */
  private publishedAt(slug: string, stamp: string, published?: (trx: StoreDb) => Promise<void>): PublishGuard {
    return (commitAll) =>
      this.run(() =>
        this.backend.write(slug, async (trx) => {
          const row = await trx.selectFrom('articles').select('version').where('slug', '=', slug).executeTakeFirst();
          if (!row || String(row.version) !== stamp) return false;
          await commitAll();
          await published?.(trx);
          return true;
        }),
      );
  }

  /**
   * Note what the published JSON now is, so that a later hand edit of it is
   * noticed (take-in.ts), and which version of the record it shows, when
   * known (`stalePublications`).
   */
  async rememberPublished(slug: string, file: string, version?: string): Promise<void> {
    await this.run(() => notePublished(this.backend.db, slug, file, version));
  }

  /** Articles whose published files show an older version than their record's (a kill between a save and its publication). */
  async stalePublications(): Promise<string[]> {
    const rows = await this.run(() =>
      this.backend.db
        .selectFrom('articles as a')
        .innerJoin('published_files as p', 'p.slug', 'a.slug')
        .select('a.slug')
        // Only files published from a known version that the record has since left: an article never
        // published here (a bulk load, another machine's output folder) is `diptych publish`'s to write.
        .where('p.version', 'is not', null)
        .where('p.version', '!=', (eb) => eb.ref('a.version'))
        .execute(),
    );
    return rows.map((row) => row.slug).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The stamp noted when each article's JSON was last published. */
  async publishedStamps(): Promise<Map<string, string>> {
    const rows = await this.run(() => this.backend.db.selectFrom('published_files').select(['slug', 'stamp']).execute());
    return new Map(rows.map((row) => [row.slug, row.stamp]));
  }

  /** The record first (with its revision check), then the files published from it, all or none. */
  async commit(article: Article, pages: Omit<PublishedPieces, 'json'>, options: SaveOptions & PublishOptions & { name?: string } = {}): Promise<Partial<Record<PublishedKind, string>>> {
    const slug = options.name ?? article.slug;
    const record = slug === article.slug ? article : { ...article, slug };
    const stamp = await this.save(record, options.expected ? { expected: options.expected } : {});
    // The published files are noted in the transaction that holds the lock around their renames: a
    // write (and an fsync) less per article than noting them in one of its own.
    const json = path.join(this.outDir, `${slug}.json`);
    const noted = (trx: StoreDb) => notePublished(trx, slug, json, pages.md && pages.html ? stamp : undefined);
    await publishFiles(this.outDir, slug, { json: serializeArticleChunks(record), ...pages }, options.mtime !== undefined ? { mtime: options.mtime } : {}, this.publishedAt(slug, stamp, noted));
    // Declined: a newer record was saved meanwhile, and its writer publishes it. The files are still these.
    const base = path.join(this.outDir, slug);
    return { json: `${base}.json`, ...(pages.md ? { md: `${base}.md` } : {}), ...(pages.html ? { html: `${base}.html` } : {}) };
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

/** Note what a published JSON now is (its size and time) and, when known, the version of the record its pages show. */
async function notePublished(db: StoreDb, slug: string, file: string, version?: string): Promise<void> {
  const stamp = await publishedStamp(file);
  if (stamp === undefined) return;
  const shown = version === undefined ? null : Number(version);
  await db
    .insertInto('published_files')
    .values({ slug, stamp, version: shown })
    // An unknown version leaves the one noted: a JSON published alone does not bring its pages up to date.
    .onConflict((conflict) => conflict.column('slug').doUpdateSet(shown === null ? { stamp } : { stamp, version: shown }))
    .execute();
}
