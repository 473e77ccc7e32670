// Where a team's accounts live: the store of record's own database, SQLite
// in `<out>/.diptych/store.sqlite` beside the articles by default, or
// PostgreSQL (`--db postgres://…`, which the CLI reads with DIPTYCH_DB) for a team sharing one
// server. The database code (Kysely's engines, better-sqlite3, pg) is loaded
// only when accounts are opened: every other command starts without it.

import path from 'node:path';
import type { Kysely } from 'kysely';
import { STATE_DIR } from '../run-manifest.js';
import type { AccountTables } from './account-migrations.js';
import { KyselyAccountStore } from './kysely-account-store.js';

/** The store of record's SQLite file inside an output folder (database/open-database-store.ts names it too). */
export const STORE_DATABASE = path.join(STATE_DIR, 'store.sqlite');

export interface AccountPlace {
  outDir: string;
  /** A PostgreSQL address (postgres://…) or a SQLite file; default the folder's store. (The CLI reads DIPTYCH_DB into it.) */
  db?: string;
}

/** The accounts of the store of record of an output folder (or `db`), on a connection of their own; the schema brought up to date. */
export async function openAccountStore(place: AccountPlace): Promise<KyselyAccountStore> {
  const { openAccountDatabase } = await import('./open-account-database.js');
  return openAccountDatabase(place);
}

/** The accounts in a store of record already open (a review serving it): the same connection, closed with the store. */
export function accountsIn(db: Kysely<unknown>): KyselyAccountStore {
  return new KyselyAccountStore(db as Kysely<AccountTables>);
}
