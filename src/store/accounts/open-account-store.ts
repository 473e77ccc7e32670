// Where a team's accounts live: the database of the store of record, SQLite
// in `<out>/.diptych/store.sqlite` beside the articles by default, or
// PostgreSQL (`--db postgres://…`) for a team sharing one server. Opening it
// applies the pending migrations (Kysely's Migrator, migrations in code).

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import { ConfigError } from '../../core/errors.js';
import { ACCOUNT_MIGRATIONS, type AccountTables } from './account-migrations.js';
import { KyselyAccountStore } from './kysely-account-store.js';

/** The store of record's SQLite file inside an output folder. */
export const STORE_DATABASE = path.join('.diptych', 'store.sqlite');

export type AccountPlace = { outDir: string } | { url: string };

function connect(place: AccountPlace): Kysely<AccountTables> {
  if ('url' in place) {
    if (!/^postgres(ql)?:\/\//.test(place.url)) throw new ConfigError('--db must be a postgres:// address', { hint: 'or use --out DIR for the SQLite store of that folder' });
    return new Kysely<AccountTables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: place.url, max: 4 }) }) });
  }
  const database = new Database(path.join(place.outDir, STORE_DATABASE));
  // WAL: the review server reads while `diptych users` writes, neither waiting.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  return new Kysely<AccountTables>({ dialect: new SqliteDialect({ database }) });
}

async function migrate(db: Kysely<AccountTables>, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  // The connection string may hold a password: the message is the database's, never the address.
  if (error) throw new ConfigError(`could not prepare the account tables: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/**
 * The accounts of an output folder or a database. With `create: false` (the
 * review server of one person), a folder without a store database has no
 * accounts: undefined, and nothing is created.
 */
export async function openAccountStore(place: AccountPlace, { create = true }: { create?: boolean } = {}): Promise<KyselyAccountStore | undefined> {
  if ('outDir' in place) {
    const file = path.join(place.outDir, STORE_DATABASE);
    if (!existsSync(file)) {
      if (!create) return undefined;
      await mkdir(path.dirname(file), { recursive: true });
    }
  }
  const db = connect(place);
  try {
    await migrate(db, ACCOUNT_MIGRATIONS);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyAccountStore(db, () => db.destroy());
}
