// The pipeline composes the stages; it is the only place that knows their
// order: read → segment → glossary (protect) → translate → glossary (restore,
// verify) → store → render. `runTranslation` runs it over many articles with a
// translation cache and memory, skipping what is up to date (run.ts), and
// streams the rest in chunks across articles (process-articles.ts).
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
export { approvalsOf, isApproved, verifySegment } from './resolve-segment.js';
