// The article store as the files of an output folder: `<slug>.json` is the
// record (validated on read by store-schema.ts), `.md`/`.html` beside it are
// published from it, and the folder's lock (output-lock.ts) keeps one writer
// process at a time. The only ArticleStore implementation today.

import path from 'node:path';
import { syncDirectory, writeAtomicChunks } from '../core/files.js';
import { allSegments } from '../core/segments.js';
import type { Article } from '../core/types.js';
import { loadArticle, serializeArticleChunks, storeFile } from './article-file.js';
import { RevisionConflictError, type ArticleStore, type PublishedKind, type PublishedPieces, type PublishOptions, type SaveOptions, type SegmentRecords, type StoredArticles } from './article-store.js';
import { lockOutput } from './output-lock.js';
import { publishFiles } from './publish-files.js';
import { readStoresIn, storeFilesIn } from './store-folder.js';

export class FolderStore implements ArticleStore {
  constructor(readonly location: string) {}

  /** The store holding one store file, and the article's slug in it (an import's `--store`, a `qa` of one file). */
  static ofFile(file: string): { store: FolderStore; slug: string } {
    return { store: new FolderStore(path.dirname(file)), slug: path.basename(file, '.json') };
  }

  placeOf(slug: string): string {
    return storeFile(this.location, slug);
  }

  async list(): Promise<string[]> {
    return (await storeFilesIn(this.location)).map((file) => path.basename(file, '.json'));
  }

  async loadAll(): Promise<StoredArticles> {
    const { stores, broken } = await readStoresIn(this.location);
    const slugOf = (file: string) => path.basename(file, '.json');
    return {
      articles: stores.map(({ file, article }) => ({ slug: slugOf(file), place: file, article })),
      broken: broken.map(({ file, error }) => ({ slug: slugOf(file), place: file, error })),
    };
  }

  load(slug: string): Promise<Article | undefined> {
    return loadArticle(this.placeOf(slug));
  }

  async save(article: Article, options: SaveOptions = {}): Promise<void> {
    if (options.expected && options.expected.size > 0) await this.checkRevisions(article.slug, options.expected);
    await writeAtomicChunks(this.placeOf(article.slug), serializeArticleChunks(article));
    // The rename is durable only once the folder is flushed: a save is acknowledged after both.
    await syncDirectory(this.location);
  }

  async history(slug: string, segmentId: string): Promise<SegmentRecords | undefined> {
    const article = await this.load(slug);
    const segment = article && allSegments(article).find((candidate) => candidate.id === segmentId);
    if (!segment) return undefined;
    return { revision: segment.revision ?? 0, versions: segment.history ?? [], comments: segment.comments ?? [] };
  }

  publish(slug: string, pieces: PublishedPieces, options: PublishOptions = {}): Promise<Partial<Record<PublishedKind, string>>> {
    return publishFiles(this.location, slug, pieces, options);
  }

  lock(): Promise<() => Promise<void>> {
    return lockOutput(this.location);
  }

  private async checkRevisions(slug: string, expected: ReadonlyMap<string, number>): Promise<void> {
    const article = await this.load(slug);
    const stored = new Map(article ? allSegments(article).map((segment) => [segment.id, segment.revision ?? 0]) : []);
    const conflicts = [...expected].filter(([id, revision]) => stored.get(id) !== revision).map(([id, revision]) => ({ id, expected: revision, stored: stored.get(id) }));
    if (conflicts.length > 0) throw new RevisionConflictError(slug, conflicts, this.placeOf(slug));
  }
}
