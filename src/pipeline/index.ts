// The pipeline: the one per-article path, and the only place that composes
// the stages, in order: read → segment → glossary (protect) → translate →
// glossary (restore, verify) → check → store → render.
//   prepareArticle(file)                 read and segment a source file
//   translateArticle(article, context)   English for every segment (earlier work first, then the translator)
//   recheckArticle(article, glossary)    pinned terms and every check rule, on any article
//   publishArticle(article, outDir)      store JSON, Markdown and HTML, each written atomically
// `runTranslation` runs the path over many articles (run.ts, process-articles.ts).
export { prepareArticle } from './prepare-article.js';
export {
  completeTranslation,
  prepareTranslation,
  translateArticle,
  type PreparedArticle,
  type SegmentCounts,
  type TranslateArticleOptions,
  type TranslatedArticle,
} from './translate-article.js';
export { recheckArticle, recheckSegment } from './recheck-article.js';
export { publishArticle, type PublishedFiles, type PublishOptions } from './publish-article.js';
export type { ApprovedMemory, ArticleContext, CacheClaims, MemoryMatch, TranslationCacheStore } from './context.js';
export { TranslationQueue, type QueueOptions, type QueuedResult } from './translation-queue.js';
export {
  planRun,
  runTranslation,
  runTranslation as translateFiles,
  type GlossarySource,
  type RunPlan,
  type SharedRun,
  type RunOptions,
  type RunReport,
  type TranslatorSource,
} from './run.js';
export type { SharedStores } from './process-articles.js';
export type { ArticleJob, ArticleOutcome, DryRunArticle, WrittenArticle } from './types.js';
export type { RunCounts, RunProgress } from './progress.js';
export { translationKey, type EngineIdentity, type KeyParts } from './translation-key.js';
export { approvalsOf, isApproved } from './resolve-segment.js';
