// Opening the accounts' database: the store of record's engines and its one
// migration list (the accounts' among the store's); the folder's articles are
// not read. Loaded only when accounts are asked for (open-account-store.ts).

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
import type { AccountPlace } from './open-account-store.js';

const isPostgres = (db: string) => /^postgres(ql)?:\/\//i.test(db);

/** The accounts of the store of record of an output folder (or `db`), on a connection of their own. */
export async function openAccountDatabase(place: AccountPlace): Promise<KyselyAccountStore> {
  const { db } = place;
  const file = db === undefined ? path.join(place.outDir, STATE_DIR, SQLITE_FILE) : path.resolve(db);
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
