// The pipeline: the one per-article path, and the only place that composes
// the stages, in order: read → segment → glossary (protect) → translate →
// glossary (restore, verify) → check → store → render.
//   runArticle(job, context, options)    one article job: prepare → translate (and check) → publish
//   prepareArticle(file)                 read and segment a source file
//   translateArticle(article, context)   English for every segment (earlier work first, then the translator)
//   recheckArticle(article, glossary)    pinned terms and every check rule, on any article
//   publishArticle(article, store)       store JSON, Markdown and HTML, all or none
//   publishStore(store, options)         every article's files and the corpus index, from a store
//   mergeReturned(article, returned)     segments back from a CAT tool (XLIFF, OmegaT) merged, then re-checked
//   alignDocuments(pair, context)        a French document and its human English, aligned, then published
// Many articles at once: src/batch, built on these.
export { prepareArticle } from './prepare-article.js';
export { runArticle, type ArticleRunJob, type ArticleRunResult, type RunArticleOptions } from './run-article.js';
export {
  alignArticles,
  alignDocuments,
  prepareAlignSide,
  type AlignArticlesOptions,
  type AlignDocumentsOptions,
  type AlignedArticle,
  type AlignedDocuments,
  type AlignSideOptions,
  type DocumentPair,
} from './align-article.js';
export { webArticleJob, type WebArticleJob, type WebArticleOptions } from './fetch-article.js';
export {
  completeTranslation,
  prepareTranslation,
  translateArticle,
  type PreparedArticle,
  type SegmentCounts,
  type TranslateArticleOptions,
  type TranslatedArticle,
  translateOptionsOf,
} from './translate-article.js';
export { importReturned, mergeOmegat, mergeReturned, mergeXliff, type ImportReturnedOptions, type ReturnedFormat } from './merge-returned.js';
export { prepareRecheck, recheckArticle, recheckSegment } from './recheck-article.js';
export { publishArticle, publishPages, type PublishedFiles, type PublishOptions } from './publish-article.js';
export { publishStore, type PublishedStore, type PublishStoreOptions } from './publish-store.js';
export type { ApprovedMemory, ArticleContext, CacheClaims, MemoryMatch, TranslationCacheStore } from './context.js';
export { TranslationQueue, type QueueOptions, type QueuedResult } from './translation-queue.js';
export { translationKey, type EngineIdentity, type KeyParts } from './translation-key.js';
export { approvalsOf } from './resolve-segment.js';
export { DEFAULT_FIX_POLICY, type FixPolicy } from './resolve-segment.js';
