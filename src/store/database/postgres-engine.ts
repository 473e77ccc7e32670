// The team engine: PostgreSQL (the database the queue already uses), in its
// own schema `diptych_store`. A write holds a transaction-scoped advisory lock
// on its article, so two servers' saves of one article queue rather than
// race; changes travel by NOTIFY, sent inside the write's transaction (so
// only what commits is told), and are heard by one dedicated LISTEN
// connection, opened with the store (so a listener added at any moment hears
// every change committed after it) and made again after the server restarts.

import { EventEmitter } from 'node:events';
import type { Compilable, RawBuilder } from 'kysely';
import { Kysely, PostgresDialect, sql } from './kysely.js';
import pg from 'pg';
import { OutputLockedError } from '../../core/errors.js';
import type { SearchOptions, SearchResult, StoreChange } from '../article-store.js';
import { hitOf, parseChange, plainKeys, type EngineSql, type HitRow, type StoreDb, type StoreEngine } from './store-engine.js';
import { redactAddress } from './store-errors.js';
import type { StoreTables } from './tables.js';

export const PG_SCHEMA = 'diptych_store';
const CHANNEL = 'diptych_store';
/** NOTIFY's payload limit is 8000 bytes: a segments change too long to send is told as the whole article's. */
const MAX_PAYLOAD = 7_000;
/** The advisory lock of `lock()`; the key of an article's write lock is derived from its slug. */
const STORE_LOCK = 7_310_010;
const RECONNECT_MS = { first: 250, most: 5_000 };
/**
 * The most matches one search ranks (see `search`): on the bench's store
 * (10,000 articles) ranking this many takes 12–80 ms, so that a search
 * answers well within 300 ms on a busy machine; every match is ranked when
 * there are no more than this (most words, names and phrases).
 */
export const SEARCH_CANDIDATES = 10_000;

/** The address with its password hidden, as messages may show it. */
export { redactAddress };

export async function openPostgresEngine(url: string): Promise<PostgresEngine> {
  const setup = new pg.Client({ connectionString: url });
  // Its failure is the open's (the query rejects); the event alone would end the process.
  setup.on('error', () => undefined);
  await setup.connect();
  try {
    await setup.query(`CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA}`).catch((error: { code?: string }) => {
      // Two processes opening a new store at once: the other one created it.
      if (error.code !== '23505' && error.code !== '42P06') throw error;
    });
  } finally {
    await setup.end();
  }
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${PG_SCHEMA}`, max: 10 });
  // An idle connection cut by a server restart is dropped by the pool; the next query makes a new one.
  pool.on('error', () => undefined);
  // A connection cut while checked out (inside a transaction, between two statements) reports on the
  // client itself: unheard, that event would end the process; its next statement fails and says so.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const engine = new PostgresEngine(url, pool);
  try {
    await engine.connectListener(true);
  } catch (error) {
    await engine.close();
    throw error;
  }
  return engine;
}

/** PostgreSQL takes at most 65,535 bound values in one statement. */
const MAX_BOUND_VALUES = 60_000;

/** The statement that tells every listening process of a change once its transaction commits. */
function notification(change: StoreChange): RawBuilder<unknown> {
  let payload = JSON.stringify(change);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD && change.kind === 'segments') payload = JSON.stringify({ kind: 'article', slug: change.slug });
  return sql`SELECT pg_notify(${CHANNEL}, ${payload})`;
}

// JSON is kept as text (see tables.ts): cast where a query looks inside it.
const POSTGRES_SQL: EngineSql = {
  jsonText: (column, key) => sql<string | null>`(${sql.ref(column)}::json ->> ${key})`,
  jsonPathText: (column, keys) => sql<string | null>`(${sql.ref(column)}::json #>> ${sql.lit(`{${plainKeys(keys).join(',')}}`)})`,
  jsonArrayLength: (column, key) => sql<number>`coalesce(json_array_length(${sql.ref(column)}::json -> ${key}), 0)`,
  // The database's collation depends on how the cluster was made; "C" is the bytes' order, as SQLite's.
  byteOrder: (column) => sql`${typeof column === 'string' ? sql.ref(column) : column} COLLATE "C"`,
};

export class PostgresEngine implements StoreEngine {
  readonly kind = 'postgres';
  readonly sql = POSTGRES_SQL;
  readonly location: string;
  readonly db: StoreDb;
  /** 'listening' each time the LISTEN connection is (re)established. */
  readonly events = new EventEmitter();
  private readonly hearers = new Set<(change: StoreChange) => void>();
  private listener: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private delay = RECONNECT_MS.first;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
  ) {
    this.location = redactAddress(url);
    this.db = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) });
  }

  write<T>(slug: string | readonly string[], work: (trx: StoreDb) => Promise<T>): Promise<T> {
    // Several articles' locks in one order (sorted), so two writers of overlapping sets never wait on each other for good.
    const keys = [...new Set(typeof slug === 'string' ? [slug] : slug)].sort().map((one) => pg.escapeLiteral(`diptych_store:${one}`));
    // BEGIN and the locks in one round trip: with nothing bound, a query goes by the simple protocol, which
    // takes several statements (the keys are spelt as escaped literals for that). A save is a few round trips
    // in all, and fifty editors' saves of one article wait on each other's.
    const begin = sql.raw(`BEGIN; SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest(ARRAY[${keys.join(', ')}]::text[]) WITH ORDINALITY AS k(key, n) ORDER BY n`);
    return this.db.connection().execute(async (connection) => {
      let result: T;
      try {
        await begin.execute(connection);
        result = await work(connection);
      } catch (error) {
        // Never back in the pool inside a failed transaction. A connection cut meanwhile cannot roll back; the server does, as it ends.
        await sql.raw('ROLLBACK').execute(connection).catch(() => undefined);
        throw error;
      }
      await sql.raw('COMMIT').execute(connection);
      return result;
    });
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    // A PostgreSQL lock wait is a wait on a socket: nothing else of the process is held up.
    return work();
  }

  read<T>(work: (trx: StoreDb) => Promise<T>): Promise<T> {
    return this.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
  }

  async sendChange(trx: StoreDb, change: StoreChange): Promise<void> {
    await notification(change).execute(trx);
  }

  async writeAndTell(trx: StoreDb, writes: readonly Compilable[], change: StoreChange | undefined): Promise<void> {
    // Each statement is a round trip to the server: the writes go as the data-modifying WITH clauses of one
    // statement (each runs once, to completion, in order of the rows they touch: no two touch one row),
    // whose SELECT sends the notification. Past PostgreSQL's limit of bound values, in several statements.
    const tell = change ? notification(change) : sql`SELECT 1`;
    const statement = (part: readonly Compilable[], last: boolean) =>
      part.length === 0 ? tell : sql`WITH ${sql.join(part.map((write, n) => sql`${sql.id(`w${n}`)} AS (${write})`))} ${last ? tell : sql`SELECT 1`}`;
    const run = async (part: readonly Compilable[], last: boolean): Promise<void> => {
      const compiled = statement(part, last).compile(trx);
      if (compiled.parameters.length > MAX_BOUND_VALUES && part.length > 1) {
        const half = Math.ceil(part.length / 2);
        await run(part.slice(0, half), false);
        await run(part.slice(half), last);
        return;
      }
      await trx.executeQuery(compiled);
    };
    if (writes.length > 0 || change) await run(writes, true);
  }

  listen(hear: (change: StoreChange) => void): () => void {
    this.hearers.add(hear);
    return () => void this.hearers.delete(hear);
  }

  /** Listen from the open on, so that a listener added later hears every change committed after it was added. */
  async connectListener(first = false): Promise<void> {
    this.retry = undefined;
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    this.listener = client;
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      void client.end().catch(() => undefined);
      this.reconnectLater();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      const change = message.payload === undefined ? undefined : parseChange(message.payload);
      if (change) for (const hear of this.hearers) hear(change);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      // The first connection's failure is the open's; a later one is retried.
      if (first) throw error;
      lost();
      return;
    }
    this.delay = RECONNECT_MS.first;
    this.events.emit('listening');
  }

  private reconnectLater(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => void this.connectListener(), this.delay);
    this.retry.unref();
    this.delay = Math.min(this.delay * 2, RECONNECT_MS.most);
  }

  private async dropListener(): Promise<void> {
    clearTimeout(this.retry);
    this.retry = undefined;
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }

  /**
   * The best of the matches, ranked by `ts_rank`. A GIN index knows which
   * rows hold the words but not where in them, so each match is read from
   * the table to check a phrase and to rank it: a phrase in one segment in
   * seven of a 500,000-segment store (70,000 matches) meant reading nearly
   * every page of the table, 370–570 ms. So at most SEARCH_CANDIDATES
   * matches are ranked, the first the index scan finds (in the table's
   * order, not by any merit), and the answer says so (`bestOfFirst`); the
   * article and segment details are read for the page's hits only. Equal
   * ranks come in the order the segments were stored (`row_id`), as on SQLite.
   */
  async search(words: string[], options: SearchOptions): Promise<SearchResult> {
    const query = options.phrase ? sql`phraseto_tsquery('simple', ${words.join(' ')})` : sql`plainto_tsquery('simple', ${words.join(' ')})`;
    const side = options.side ?? 'both';
    const where = side === 'both' ? sql`(s.source_words @@ q.q OR s.target_words @@ q.q)` : sql`${sql.ref(`s.${side}_words`)} @@ q.q`;
    const rank = side === 'both' ? sql`greatest(ts_rank(s.source_words, q.q), ts_rank(s.target_words, q.q))` : sql`ts_rank(${sql.ref(`s.${side}_words`)}, q.q)`;
    // One match more than are ranked tells that there are more; it is numbered, and left out of the ranking.
    const rows = await sql<Partial<HitRow> & { matched: string }>`
      WITH q AS (SELECT ${query} AS q),
      matches AS MATERIALIZED (
        SELECT row_number() OVER () AS n, s.row_id, s.slug, ${rank} AS rank
        FROM segments s, q WHERE ${where}
        LIMIT ${SEARCH_CANDIDATES + 1}),
      page AS (
        SELECT * FROM matches WHERE n <= ${SEARCH_CANDIDATES}
        ORDER BY rank DESC, row_id
        LIMIT ${options.limit ?? 50} OFFSET ${options.offset ?? 0})
      SELECT m.matched, h.slug, h.title, h.id, h.source, h.target, h.state, h.rank
      FROM (SELECT count(*) AS matched FROM matches) m
      LEFT JOIN (
        SELECT p.slug, a.title, s.id, s.source, s.target, s.state, p.rank, p.row_id
        FROM page p JOIN segments s ON s.row_id = p.row_id JOIN articles a ON a.slug = p.slug) h ON true
      ORDER BY h.rank DESC, h.row_id`.execute(this.db);
    const hits = rows.rows.filter((row): row is HitRow & { matched: string } => row.slug !== null && row.slug !== undefined).map(hitOf);
    return Number(rows.rows[0]?.matched ?? 0) > SEARCH_CANDIDATES ? { hits, bestOfFirst: SEARCH_CANDIDATES } : { hits };
  }

  async lock(): Promise<() => Promise<void>> {
    const client = await this.pool.connect();
    const taken = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1) AS taken', [STORE_LOCK]);
    if (!taken.rows[0]?.taken) {
      client.release();
      throw new OutputLockedError(`another diptych run is writing to the store ${this.location}`, { hint: 'wait for it to finish' });
    }
    return async () => {
      await client.query('SELECT pg_advisory_unlock($1)', [STORE_LOCK]).catch(() => undefined);
      client.release();
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.hearers.clear();
    await this.dropListener();
    await this.db.destroy();
  }
}
