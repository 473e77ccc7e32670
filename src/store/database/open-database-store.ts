// Open the store of record: pick the engine (PostgreSQL for a postgres://
// address, else SQLite in `<outDir>/.diptych/store.sqlite`), open it, bring
// its schema up to date, and take in the output folder's store files the
// first time. Every failure is a StoreOfRecordError naming the store (a
// PostgreSQL address without its password) and saying what to do.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from './kysely.js';
import { STATE_DIR } from '../run-manifest.js';
import { DatabaseStore } from './database-store.js';
import { migrate } from './migrations.js';
import { openSqliteEngine } from './sqlite-engine.js';
import type { StoreEngine } from './store-engine.js';
import { redactAddress, StoreOfRecordError, storeFailure } from './store-errors.js';
import { takeInEdits, takeInFolder } from './take-in.js';

export const SQLITE_FILE = 'store.sqlite';

export interface OpenStoreOptions {
  /** The output folder: where the reading files are published, and the embedded store lives. */
  outDir: string;
  /** A PostgreSQL address (postgres://…), or a SQLite file; default `<outDir>/.diptych/store.sqlite`. (The CLI reads DIPTYCH_DB into it.) */
  db?: string;
}

const isPostgres = (db: string) => /^postgres(ql)?:\/\//i.test(db);

export async function openDatabaseStore(options: OpenStoreOptions): Promise<DatabaseStore> {
  const { db } = options;
  const file = db === undefined ? path.join(options.outDir, STATE_DIR, SQLITE_FILE) : path.resolve(db);
  const location = db !== undefined && isPostgres(db) ? redactAddress(db) : file;
  if (db !== undefined && !isPostgres(db) && /^[a-z][a-z0-9+.-]*:\/\//i.test(db)) {
    throw new StoreOfRecordError('is not a database diptych can use', { file: redactAddress(db), hint: 'give a postgres:// address, or the path of a SQLite file' });
  }
  let engine: StoreEngine | undefined;
  try {
    if (db !== undefined && isPostgres(db)) {
      // Loaded only for a PostgreSQL address: pg and what it loads cost a SQLite batch about 100 ms.
      const { openPostgresEngine } = await import('./postgres-engine.js');
      engine = await openPostgresEngine(db);
    } else {
      await mkdir(path.dirname(file), { recursive: true });
      engine = openSqliteEngine(file, options.outDir);
    }
    const opened = engine;
    await opened.exclusive(async () => {
      await migrate(opened.db as never, opened.kind, location);
      if (opened.kind === 'sqlite') await provedWritable(opened);
    });
    const store = new DatabaseStore(engine, options.outDir);
    store.takenIn = await takeInFolder(store, options.outDir);
    await takeInEdits(store, options.outDir, store.takenIn);
    return store;
  } catch (error) {
    await engine?.close().catch(() => undefined);
    throw storeFailure(error, location);
  }
}

/** SQLite opens a file it cannot write read-only without a word: take the write lock once, so the open fails now, not at the first save. */
async function provedWritable(engine: StoreEngine): Promise<void> {
  await engine.db.connection().execute(async (connection) => {
    await sql`BEGIN IMMEDIATE`.execute(connection);
    await sql`ROLLBACK`.execute(connection);
  });
}
