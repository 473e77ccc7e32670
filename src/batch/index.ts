// Many articles at once, on top of the per-article path (src/pipeline):
// collecting the files of a folder, planning what needs work from the
// manifest, the approvals harvest, the cross-article translation queue, the
// dry run and progress. run.ts decides cheaply what is up to date and loads
// process-articles.ts (and with it every stage) only when something is not.
export { collectArticles, type SkippedEntry } from './collect-articles.js';
export {
  planRun,
  runTranslation,
  type GlossarySource,
  type RunOptions,
  type RunPlan,
  type RunReport,
  type SharedRun,
  type SharedStores,
  type TranslatorSource,
} from './run.js';
export type { ArticleJob, ArticleOutcome, DryRunArticle, TranslatorSpec, WrittenArticle } from './types.js';
export type { RunCounts, RunProgress } from './progress.js';
export type { FixPolicy } from '../pipeline/index.js';
