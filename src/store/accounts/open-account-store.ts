// Where a team's accounts live: the store of record's own database, SQLite
// in `<out>/.diptych/store.sqlite` beside the articles by default, or
// PostgreSQL (`--db postgres://…`, or DIPTYCH_DB) for a team sharing one
// server. Opening it brings the whole schema up to date (one migration list,
// the accounts' among the store's); the folder's articles are not read.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { STATE_DIR } from '../run-manifest.js';
import { migrate } from '../database/migrations.js';
import { SQLITE_FILE } from '../database/open-database-store.js';
import { openPostgresEngine, redactAddress } from '../database/postgres-engine.js';
import { openSqliteEngine } from '../database/sqlite-engine.js';
import type { StoreEngine } from '../database/store-engine.js';
import { storeFailure } from '../database/store-errors.js';
import type { AccountTables } from './account-migrations.js';
import { KyselyAccountStore } from './kysely-account-store.js';

/** The store of record's SQLite file inside an output folder. */
export const STORE_DATABASE = path.join(STATE_DIR, SQLITE_FILE);

export interface AccountPlace {
  outDir: string;
  /** A PostgreSQL address (postgres://…) or a SQLite file; default DIPTYCH_DB, else the folder's store. */
  db?: string;
}

const isPostgres = (db: string) => /^postgres(ql)?:\/\//i.test(db);

/** The accounts of the store of record of an output folder (or `db`), on a connection of their own. */
export async function openAccountStore(place: AccountPlace): Promise<KyselyAccountStore> {
  const db = place.db ?? (process.env['DIPTYCH_DB'] || undefined);
  const file = db === undefined ? path.join(place.outDir, STORE_DATABASE) : path.resolve(db);
  const location = db !== undefined && isPostgres(db) ? redactAddress(db) : file;
  let engine: StoreEngine | undefined;
  try {
    if (db !== undefined && isPostgres(db)) engine = await openPostgresEngine(db);
    else {
      await mkdir(path.dirname(file), { recursive: true });
      engine = openSqliteEngine(file, place.outDir);
    }
    await migrate(engine.db as never, engine.kind, location);
    const opened = engine;
    return new KyselyAccountStore(engine.db as unknown as Kysely<AccountTables>, () => opened.close());
  } catch (error) {
    await engine?.close().catch(() => undefined);
    throw storeFailure(error, location);
  }
}

/** The accounts in a store of record already open (a review serving it): the same connection, closed with the store. */
export function accountsIn(db: Kysely<unknown>): KyselyAccountStore {
  return new KyselyAccountStore(db as Kysely<AccountTables>);
}
