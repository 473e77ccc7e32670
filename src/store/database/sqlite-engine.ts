// The embedded engine: SQLite in the output folder through better-sqlite3,
// no server and no setup. WAL lets a batch process and review servers write
// the one file at once (each write transaction is `BEGIN IMMEDIATE`, so two
// writers queue on busy_timeout instead of failing on a lock upgrade);
// synchronous=FULL makes each commit durable before the save is acknowledged.
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

import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { SearchOptions, StoreChange } from '../article-store.js';
import { lockOutput } from '../output-lock.js';
import { ftsExpression } from './search-words.js';
import { hitOf, parseChange, type EngineSql, type HitRow, type StoreDb, type StoreEngine } from './store-engine.js';
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
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    raw.pragma(`cache_size = -${CACHE_KB}`);
  } catch (error) {
    raw.close();
    throw error;
  }
  const db = new Kysely<StoreTables>({ dialect: new SqliteDialect({ database: raw }) });
  return new SqliteEngine(file, raw, db, lockDir);
}

const SQLITE_SQL: EngineSql = {
  jsonText: (column, key) => sql<string | null>`json_extract(${sql.ref(column)}, ${`$.${key}`})`,
  jsonArrayLength: (column, key) => sql<number>`coalesce(json_array_length(${sql.ref(column)}, ${`$.${key}`}), 0)`,
  // SQLite's default collation (BINARY) is already the bytes' order.
  byteOrder: (column) => sql.ref(column),
};

class SqliteEngine implements StoreEngine {
  readonly kind = 'sqlite';
  readonly sql = SQLITE_SQL;
  private readonly hearers = new Set<(change: StoreChange) => void>();
  private timer: NodeJS.Timeout | undefined;
  private lastId = 0;
  private dataVersion = -1;
  private reading: Promise<void> | undefined;

  constructor(
    readonly location: string,
    private readonly raw: Database.Database,
    readonly db: StoreDb,
    private readonly lockDir: string,
  ) {}

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return inTurn(path.resolve(this.location), work);
  }

  async write<T>(_slug: string | readonly string[], work: (trx: StoreDb) => Promise<T>): Promise<T> {
    const result = await this.exclusive(() => this.transaction(work));
    if (this.hearers.size > 0) void this.readChanges();
    return result;
  }

  private transaction<T>(work: (trx: StoreDb) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (connection) => {
      await sql`BEGIN IMMEDIATE`.execute(connection);
      try {
        const done = await work(connection);
        await sql`COMMIT`.execute(connection);
        return done;
      } catch (error) {
        if (this.raw.inTransaction) await sql`ROLLBACK`.execute(connection);
        // A listener started inside this transaction took its last id from rows now gone, whose ids will be given again.
        if (this.timer) this.lastId = Math.min(this.lastId, this.lastChangeId());
        throw error;
      }
    });
  }

  read<T>(work: (trx: StoreDb) => Promise<T>): Promise<T> {
    // A deferred transaction: its first read fixes the snapshot every later read of it sees.
    return this.db.transaction().execute(work);
  }

  async sendChange(trx: StoreDb, change: StoreChange): Promise<void> {
    const { insertId } = await trx.insertInto('changes').values({ change: JSON.stringify(change) }).executeTakeFirstOrThrow();
    await trx.deleteFrom('changes').where('id', '<=', Number(insertId) - KEPT_CHANGES).execute();
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

  async search(words: string[], options: SearchOptions): Promise<ReturnType<typeof hitOf>[]> {
    const match = ftsExpression(words, options);
    const rows = await sql<HitRow>`
      SELECT s.slug, a.title, s.id, s.source, s.target, s.state, -bm25(segment_words) AS rank
      FROM segment_words JOIN segments s ON s.row_id = segment_words.rowid JOIN articles a ON a.slug = s.slug
      WHERE segment_words MATCH ${match}
      ORDER BY bm25(segment_words), s.slug, s.block, s.position
      LIMIT ${options.limit ?? 50} OFFSET ${options.offset ?? 0}`.execute(this.db);
    return rows.rows.map(hitOf);
  }

  lock(): Promise<() => Promise<void>> {
    return lockOutput(this.lockDir);
  }

  async close(): Promise<void> {
    this.stop();
    this.hearers.clear();
    await this.db.destroy();
  }
}
