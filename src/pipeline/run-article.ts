// One article job, the whole way: prepare (read and segment) → translate
// (earlier work first, then the translator; pinned terms and every check rule
// run on the English as it comes back) → publish (the store and its reading
// pages, all or none). The one per-article sequence; a batch runs many of
// these over one shared queue, a single `translate` runs one.

import type { UiLang } from '../core/i18n.js';
import type { Article } from '../core/types.js';
import type { ReadOptions } from '../read/index.js';
import type { ArticleStore } from '../store/index.js';
import type { ArticleContext } from './context.js';
import { prepareArticle } from './prepare-article.js';
import { publishArticle, type PublishedFiles } from './publish-article.js';
import { prepareTranslation, sendPrepared, type PreparedArticle, type SegmentCounts } from './translate-article.js';

/** An article to run: a source file to read, or an article already read (a batch reads ahead). */
export type ArticleRunJob = { file: string; read?: ReadOptions; previous?: Article } | { article: Article | Promise<Article>; previous?: Article };

export interface RunArticleOptions {
  /** Where the article is published. */
  store: ArticleStore;
  uiLang?: UiLang;
  /** Stop once the article is prepared: count what would be sent, send and write nothing. */
  dryRun?: boolean;
  /**
   * Told once the segments are filled from earlier work, before anything is
   * sent. A batch prepares its articles one after another (identical sentences
   * are attributed to the first article that has them) and moves on from here.
   */
  onPrepared?: (prepared: PreparedArticle) => void;
  /** Runs the publishing step (a batch writes a few articles at a time); default: at once. */
  publishing?: <T>(write: () => Promise<T>) => Promise<T>;
}

export type ArticleRunResult =
  | { kind: 'prepared'; prepared: PreparedArticle }
  /** The translator did not return every segment: nothing is written, earlier outputs stay whole. */
  | { kind: 'incomplete'; article: Article; counts: SegmentCounts; untranslated: number; error?: unknown }
  | { kind: 'published'; article: Article; counts: SegmentCounts; outputs: PublishedFiles };

export async function runArticle(job: ArticleRunJob, context: ArticleContext, options: RunArticleOptions): Promise<ArticleRunResult> {
  const article = 'file' in job ? await prepareArticle(job.file, job.read) : await job.article;
  const prepared = await prepareTranslation(article, context, job.previous ? { previous: job.previous } : {});
  options.onPrepared?.(prepared);
  if (options.dryRun) return { kind: 'prepared', prepared };
  const done = await sendPrepared(prepared, context);
  if (done.untranslated > 0) {
    return { kind: 'incomplete', article: done.article, counts: done.counts, untranslated: done.untranslated, ...(done.error !== undefined ? { error: done.error } : {}) };
  }
  const write = () => publishArticle(done.article, options.store, { ...(options.uiLang ? { uiLang: options.uiLang } : {}), ...(job.previous ? { previous: job.previous } : {}) });
  const outputs = await (options.publishing ? options.publishing(write) : write());
  return { kind: 'published', article: done.article, counts: done.counts, outputs };
}
