// Stage — store: what a run keeps on disk. The per-article JSON store (the
// source of truth), the translation cache and translation memory (append-only
// journals), the run manifest that lets unchanged articles be skipped, and
// the output folder's lock. Every write is atomic or an fsynced append.
// The store of record (a database: SQLite in the output folder, or
// PostgreSQL) stands behind the same article interface: openStoreOfRecord.
export { STORE_FORMAT, loadArticle, parseStoredArticle, saveArticle, serializeArticle, serializeArticleChunks, storeFile, type StoredArticle } from './article-file.js';
export {
  RevisionConflictError,
  stampAfter,
  type ActivityEvent,
  type ActivityFilter,
  type ArticleStore,
  type PublishedKind,
  type PublishedPieces,
  type PublishOptions as StorePublishOptions,
  type SaveOptions,
  type SegmentRecords,
  type SearchHit,
  type ArticlePage,
  type ArticleSummary,
  type ManyLoaded,
  type PageOptions,
  type SearchOptions,
  type SearchResult,
  type StoreChange,
  type StoredArticles,
  type StoreOfRecord,
} from './article-store.js';
export { FolderStore } from './folder-store.js';
export { publishedEdits, type PublishedEdits } from './published-edits.js';
export { openStoreOfRecord, type DatabaseStore, type OpenStoreOptions, type TakeInReport } from './open-store-of-record.js';
export { StoreOfRecordError } from './database/store-errors.js';
export { openAppendLog, type AppendLog, type OpenedLog } from './append-log.js';
export { normaliseSource } from './normalise-source.js';
export { lockOutput } from './output-lock.js';
export { isInsideFolder, readStoresIn, storeFilesIn, type FolderStores } from './store-folder.js';
export { STATE_DIR, loadManifest, manifestFile, sameStamp, saveManifest, stampOf, type FileStamp, type ManifestEntry, type RunManifest } from './run-manifest.js';
export { removeStaleTemporaries } from './stale-temporaries.js';
export { CACHE_FILE, TranslationCache, type CachedTranslation } from './translation-cache.js';
export {
  FUZZY_THRESHOLD,
  MEMORY_FILE,
  TranslationMemory,
  similarity,
  type ApprovedSegment,
  type MemoryRecord,
  type SegmentOrigin,
} from './translation-memory.js';
export { PAGES_DIR, loadCachedPage, pageFile, saveCachedPage, type CachedPage } from './page-cache.js';
export { AccountError, ROLES, roleAllows, type Account, type AccountStore, type ApiTokenInfo, type Assignment, type CredentialKind, type Role, type SignedIn, type TeamTerm } from './accounts/account-store.js';
export type { AccountTables } from './accounts/account-migrations.js';
export { KyselyAccountStore, SESSION_LIFETIME, SIGN_IN_LIFETIME } from './accounts/kysely-account-store.js';
export { accountsIn, openAccountStore, STORE_DATABASE, type AccountPlace } from './accounts/open-account-store.js';
