// The embedded engine: SQLite in the output folder through better-sqlite3,
// no server and no setup. WAL lets a batch process and review servers write
// the one file at once (each write transaction is `BEGIN IMMEDIATE`, so two
// writers queue on busy_timeout instead of failing on a lock upgrade);
// each commit is durable before the save is acknowledged (synchronous=FULL,
// or, for `write`, the WAL fdatasynced off the event loop: see transaction()).
//
// SQLite has no LISTEN/NOTIFY: its equivalent here is the `changes` table,
// written in the same transaction as the save it tells of, and read by every
// process that listens: `PRAGMA data_version` (which moves when another
// connection commits) is looked at every 200 ms, and only when it moved are
// the rows after the last one seen read. A process's own writes are read at
// once after they commit.
//
// better-sqlite3 is synchronous: a connection waiting for the write lock
// waits in the thread. Two stores of one process on one file (two
// connections) would then wait on each other for good, one holding the lock
// across an await while the other blocks the thread; so within a process,
// write transactions on a file take turns (`exclusive`), and only other
// processes are waited for through busy_timeout.

import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Compilable, SqliteDatabase } from 'kysely';
import { CompiledQuery, Kysely, SqliteDialect, sql } from './kysely.js';
import type { SearchOptions, SearchResult, StoreChange } from '../article-store.js';
import { lockOutput } from '../output-lock.js';
import { ftsExpression } from './search-words.js';
import { hitOf, parseChange, plainKeys, type EngineSql, type HitRow, type StoreDb, type StoreEngine } from './store-engine.js';
import type { StoreTables } from './tables.js';

const POLL_MS = 200;
/** Changes kept in the feed: far more than any listener falls behind between two polls. */
const KEPT_CHANGES = 10_000;
/** How long a writer waits for another's transaction before giving up (a batch's article commit is milliseconds). */
const BUSY_TIMEOUT_MS = 30_000;

/**
 * SQLite's page cache, KiB. better-sqlite3 builds SQLite with 16 MB, which a
 * batch fills as its store grows (a thousand articles' store is about 20 MB)
 * and which then stays in the process's memory: about 19 MB of the 1,000-article
 * batch's peak. The pages it would hold are in the system's file cache anyway;
 * a read past this cache is a system call, not a disk access.
 */
const CACHE_KB = 2048;

/** This process's write transactions, by file: each waits for the one before it. */
const turns = new Map<string, Promise<unknown>>();

function inTurn<T>(file: string, work: () => Promise<T>): Promise<T> {
  const result = (turns.get(file) ?? Promise.resolve()).then(work);
  const done = result.catch(() => undefined);
  turns.set(file, done);
  void done.then(() => {
    if (turns.get(file) === done) turns.delete(file);
  });
  return result;
}

export function openSqliteEngine(file: string, lockDir: string): StoreEngine {
  const raw = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  let wal: boolean;
  try {
    // A file system without shared memory keeps its journal mode: then each commit syncs itself.
    wal = raw.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    raw.pragma('synchronous = FULL');
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    raw.pragma(`cache_size = -${CACHE_KB}`);
  } catch (error) {
    raw.close();
    throw error;
  }
  const db = new Kysely<StoreTables>({ dialect: new SqliteDialect({ database: reusingStatements(raw) }) });
  return new SqliteEngine(file, raw, db, lockDir, wal);
}

/** Statements kept prepared: the few a save runs, the reads of a page; a query built with a list's length is one more. */
const KEPT_STATEMENTS = 200;

/**
 * The database as Kysely sees it, each statement prepared once: Kysely
 * prepares every query it runs, and a review server runs the same few
 * for every save. better-sqlite3 runs a statement to its end before it
 * returns (nothing here iterates one), so one prepared statement serves
 * every call; SQLite prepares it again itself after a schema change.
 */
function reusingStatements(raw: Database.Database): SqliteDatabase {
  const prepared = new Map<string, Database.Statement>();
  return {
    close: () => raw.close(),
    prepare(text: string) {
      let statement = prepared.get(text);
      if (!statement) {
        statement = raw.prepare(text);
        // A Map keeps its keys in insertion order: the first is the oldest.
        if (prepared.size >= KEPT_STATEMENTS) prepared.delete(prepared.keys().next().value!);
        prepared.set(text, statement);
      }
      return statement;
    },
  };
}

const SQLITE_SQL: EngineSql = {
  jsonText: (column, key) => sql<string | null>`json_extract(${sql.ref(column)}, ${`$.${key}`})`,
  jsonPathText: (column, keys) => sql<string | null>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${plainKeys(keys).join('.')}`)})`,
  jsonArrayLength: (column, key) => sql<number>`coalesce(json_array_length(${sql.ref(column)}, ${`$.${key}`}), 0)`,
  // SQLite's default collation (BINARY) is already the bytes' order.
  byteOrder: (column) => (typeof column === 'string' ? sql.ref(column) : column),
};

class SqliteEngine implements StoreEngine {
  readonly kind = 'sqlite';
  readonly sql = SQLITE_SQL;
  private readonly hearers = new Set<(change: StoreChange) => void>();
  private timer: NodeJS.Timeout | undefined;
  private lastId = 0;
  private dataVersion = -1;
  private reading: Promise<void> | undefined;
  /** The WAL file, open for syncing it (see syncLog). */
  private log: Promise<FileHandle> | undefined;

  constructor(
    readonly location: string,
    private readonly raw: Database.Database,
    readonly db: StoreDb,
    private readonly lockDir: string,
    /** In WAL mode: commits are synced by `write`, off the event loop. */
    private readonly wal: boolean,
  ) {}

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return inTurn(path.resolve(this.location), work);
  }

  async write<T>(_slug: string | readonly string[], work: (trx: StoreDb) => Promise<T>): Promise<T> {
    let onDisk: Promise<void> | undefined;
    const result = await this.exclusive(async () => {
      const done = await this.transaction(work);
      // The next transaction may begin while this one's WAL is synced: its own sync covers both.
      if (this.wal) onDisk = this.syncLog();
      return done;
    });
    if (this.hearers.size > 0) void this.readChanges();
    // Resolved, as with synchronous=FULL, only once the commit is on disk.
    await onDisk;
    return result;
  }

  /**
   * A write transaction commits with synchronous=NORMAL (the WAL written, not
   * synced: better-sqlite3 would wait for the sync on the event loop) and
   * `write` then fdatasyncs the WAL off the event loop before it resolves:
   * what synchronous=FULL does at each commit, without holding up every other
   * request of the process meanwhile. The WAL only grows between checkpoints
   * (which sync it themselves first), so a sync covers every commit before it.
   */
  private transaction<T>(work: (trx: StoreDb) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (connection) => {
      // The same four statements around every transaction (a batch runs two per article): given as
      // their text, not built and compiled by Kysely each time.
      const run = (text: string) => connection.executeQuery(CompiledQuery.raw(text));
      if (this.wal) await run('PRAGMA synchronous = NORMAL');
      try {
        await run('BEGIN IMMEDIATE');
        try {
          const done = await work(connection);
          await run('COMMIT');
          return done;
        } catch (error) {
          if (this.raw.inTransaction) await run('ROLLBACK');
          // A listener started inside this transaction took its last id from rows now gone, whose ids will be given again.
          if (this.timer) this.lastId = Math.min(this.lastId, this.lastChangeId());
          throw error;
        }
      } finally {
        // Every other write of this connection (outside `write`) commits synced, as before.
        if (this.wal) await run('PRAGMA synchronous = FULL');
      }
    });
  }

  /** fdatasync the WAL file (in the thread pool, not on the event loop). */
  private async syncLog(): Promise<void> {
    // Opened once and kept: SQLite keeps the WAL file while a connection of its
    // own is open (this one), resetting it in place at checkpoints; an open and
    // a close per commit were two more turns of the thread pool per article.
    const opened = (this.log ??= open(`${this.location}-wal`, 'r'));
    try {
      await (await opened).datasync();
    } catch (error) {
      if (this.log === opened) this.log = undefined;
      await opened.then((log) => log.close()).catch(() => undefined);
      throw error;
    }
  }

  read<T>(work: (trx: StoreDb) => Promise<T>): Promise<T> {
    // A deferred transaction: its first read fixes the snapshot every later read of it sees.
    return this.db.transaction().execute(work);
  }

  async writeAndTell(trx: StoreDb, writes: readonly Compilable[], change: StoreChange | undefined): Promise<void> {
    for (const write of writes) await trx.executeQuery(write.compile());
    if (change) await this.sendChange(trx, change);
  }

  async sendChange(trx: StoreDb, change: StoreChange): Promise<void> {
    const { insertId } = await trx.insertInto('changes').values({ change: JSON.stringify(change) }).executeTakeFirstOrThrow();
    // Nothing to cut before the feed is that long (a batch into a new store saves a statement per article).
    if (Number(insertId) > KEPT_CHANGES) await trx.deleteFrom('changes').where('id', '<=', Number(insertId) - KEPT_CHANGES).execute();
  }

  listen(hear: (change: StoreChange) => void): () => void {
    if (this.hearers.size === 0) this.start();
    this.hearers.add(hear);
    return () => {
      this.hearers.delete(hear);
      if (this.hearers.size === 0) this.stop();
    };
  }

  /** The last change's id, read at once (synchronously: a listener added now hears every change from here on). */
  private lastChangeId(): number {
    const last = this.raw.prepare('SELECT max(id) AS id FROM changes').get() as { id: number | null };
    return last.id ?? 0;
  }

  private start(): void {
    this.lastId = this.lastChangeId();
    this.dataVersion = this.raw.pragma('data_version', { simple: true }) as number;
    this.timer = setInterval(() => {
      const version = this.raw.pragma('data_version', { simple: true }) as number;
      if (version === this.dataVersion) return;
      this.dataVersion = version;
      void this.readChanges();
    }, POLL_MS);
    this.timer.unref();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Hand every change after the last one seen to the listeners; one read at a time, a second one queued behind it. */
  private readChanges(): Promise<void> {
    const next = (this.reading ?? Promise.resolve()).then(async () => {
      // Through Kysely: it waits for this process's open transaction, so an uncommitted change is never told.
      const rows = await this.db.selectFrom('changes').select(['id', 'change']).where('id', '>', this.lastId).orderBy('id').execute();
      for (const row of rows) {
        this.lastId = row.id;
        const change = parseChange(row.change);
        if (change) for (const hear of this.hearers) hear(change);
      }
    });
    this.reading = next.catch(() => undefined);
    return this.reading;
  }

  /**
   * FTS5 checks a phrase and ranks from its index (positions included), so
   * every match is ranked: never bounded. The page is chosen from the index
   * alone (equal ranks in the order the segments were stored, `row_id`), and
   * only its hits are read from the tables: joining every match's row first
   * (70,000 for the commonest phrase of the bench's store) cost about as
   * much again as the ranking.
   */
  async search(words: string[], options: SearchOptions): Promise<SearchResult> {
    const match = ftsExpression(words, options);
    const rows = await sql<HitRow>`
      SELECT s.slug, a.title, s.id, s.source, s.target, s.state, page.rank
      FROM (
        SELECT rowid AS row_id, -bm25(segment_words) AS rank FROM segment_words
        WHERE segment_words MATCH ${match}
        ORDER BY rank DESC, rowid
        LIMIT ${options.limit ?? 50} OFFSET ${options.offset ?? 0}) page
      JOIN segments s ON s.row_id = page.row_id JOIN articles a ON a.slug = s.slug
      ORDER BY page.rank DESC, page.row_id`.execute(this.db);
    return { hits: rows.rows.map(hitOf) };
  }


  lock(): Promise<() => Promise<void>> {
    return lockOutput(this.lockDir);
  }

  async close(): Promise<void> {
    this.stop();
    this.hearers.clear();
    const log = this.log;
    this.log = undefined;
    await log?.then((handle) => handle.close()).catch(() => undefined);
    await this.db.destroy();
  }
}
