// The one way to open the store of record. The database code (Kysely,
// better-sqlite3, pg) is loaded only here, when a command asks for the
// store: every other command starts without it.

import type { DatabaseStore } from './database/database-store.js';
import type { OpenStoreOptions } from './database/open-database-store.js';

export type { OpenStoreOptions };
export type { DatabaseStore, TakeInReport } from './database/database-store.js';

/**
 * The store of record for an output folder: PostgreSQL when `db` is a
 * postgres:// address, SQLite in that file when it is a path, else SQLite in
 * `<outDir>/.diptych/store.sqlite`; opened, migrated, and the folder's
 * `<slug>.json` files taken in the first time (`store.takenIn` says which,
 * and which could not be).
 */
export async function openStoreOfRecord(options: OpenStoreOptions): Promise<DatabaseStore> {
  const { openDatabaseStore } = await import('./database/open-database-store.js');
  return openDatabaseStore(options);
}
