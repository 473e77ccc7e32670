// The translation cache and memory in PostgreSQL, for workers on several
// machines. They implement the pipeline's small interfaces
// (TranslationCacheStore, ApprovedMemory) like the JSON Lines files do, so
// the pipeline does not know which it has. Each worker keeps a copy in memory (the pipeline looks
// up synchronously) and brings it up to date before each article; the
// database is the authority when a key is claimed:
//   - claim: in one transaction, take the keys nobody holds (or whose holder's
//     lease lapsed: it died) and read back those already translated, so a
//     sentence paid for by one worker is never paid again by another;
//   - put: in one transaction, store the translations with what they were
//     billed and drop the claims on them;
//   - the memory: one approval per (store file, segment), written under a
//     lock so that its sequence numbers follow commit order, read back by
//     every worker before each article.

import type pg from 'pg';
import type { CacheClaims, TranslationCacheStore } from '../../pipeline/index.js';
import { TranslationMemory, type AppendLog, type CachedTranslation, type MemoryRecord } from '../../store/index.js';
import { inTransaction, withReconnect } from './connection.js';
import { LOCKS } from './schema.js';

export interface SharedStoreOptions {
  /**
   * Who pays, recorded with each translation and claim: one per article in
   * progress (worker id and job), so that two articles of one worker, or a job
   * pg-boss handed out again while its first run goes on, never both take a key.
   */
  owner: string;
  /** Seconds a claim lasts without renewal: how long a killed worker's sentences wait before another takes them. */
  leaseSeconds: number;
  /** The database's address as it may be shown, for errors. */
  url?: string;
}

/** What a worker knows of the shared cache, shared by the views its articles in progress use. */
interface KnownTranslations {
  entries: Map<string, CachedTranslation>;
  lastSeq: number;
}

export class PgTranslationCache implements TranslationCacheStore {
  readonly claims: CacheClaims;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: SharedStoreOptions,
    private readonly known: KnownTranslations = { entries: new Map(), lastSeq: 0 },
  ) {
    this.claims = {
      claim: (keys) => this.retry(() => this.claim(keys)),
      settle: (keys) => this.settle(keys),
      renew: (keys) => this.retry(() => this.pool.query(`UPDATE diptych_claims SET expires_at = now() + make_interval(secs => $3) WHERE key = ANY($1) AND owner = $2`, [keys, this.options.owner, this.options.leaseSeconds]).then(() => undefined)),
      release: (keys) => this.retry(() => this.pool.query(`DELETE FROM diptych_claims WHERE key = ANY($1) AND owner = $2`, [keys, this.options.owner]).then(() => undefined)),
    };
  }

  /** The same cache, claiming under another owner (another article in progress). */
  as(owner: string): PgTranslationCache {
    return new PgTranslationCache(this.pool, { ...this.options, owner }, this.known);
  }

  /** Read what other workers stored since the last call. */
  async refresh(): Promise<void> {
    const { rows } = await this.retry(() =>
      this.pool.query<{ key: string; entry: CachedTranslation; seq: string }>(`SELECT key, entry, seq FROM diptych_translations WHERE seq > $1 ORDER BY seq`, [this.known.lastSeq]),
    );
    for (const row of rows) {
      this.known.entries.set(row.key, row.entry);
      this.known.lastSeq = Math.max(this.known.lastSeq, Number(row.seq));
    }
  }

  get(key: string): CachedTranslation | undefined {
    return this.known.entries.get(key);
  }

  async put(items: ReadonlyArray<readonly [key: string, entry: CachedTranslation]>): Promise<void> {
    if (items.length === 0) return;
    const keys = items.map(([key]) => key);
    await this.retry(() =>
      inTransaction(this.pool, async (client) => {
        await client.query(
          `INSERT INTO diptych_translations (key, entry, characters, billed_characters, paid_by)
           SELECT * FROM unnest($1::text[], $2::jsonb[], $3::int[], $4::int[], $5::text[])
           ON CONFLICT (key) DO NOTHING`,
          [
            keys,
            items.map(([, entry]) => JSON.stringify(entry)),
            items.map(([, entry]) => entry.characters),
            items.map(([, entry]) => entry.billedCharacters ?? null),
            items.map(() => this.options.owner),
          ],
        );
        await client.query(`DELETE FROM diptych_claims WHERE key = ANY($1) AND owner = $2`, [keys, this.options.owner]);
      }),
    );
    for (const [key, entry] of items) this.known.entries.set(key, entry);
  }

  /** Every entry in the database (for `diptych cache export`). */
  async *entries(): AsyncGenerator<[string, CachedTranslation]> {
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ key: string; entry: CachedTranslation; seq: string }>(
        `SELECT key, entry, seq FROM diptych_translations WHERE seq > $1 ORDER BY seq LIMIT 5000`,
        [after],
      );
      if (rows.length === 0) return;
      for (const row of rows) yield [row.key, row.entry];
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  private async claim(keys: readonly string[]): Promise<{ mine: string[]; found: Map<string, CachedTranslation>; busy: string[] }> {
    return inTransaction(this.pool, async (client) => {
      // Claims first, translations second: a translation stored by a worker
      // that finished between the two statements is still seen, so nothing is
      // sent that someone already paid for.
      const claimed = await client.query<{ key: string }>(
        `INSERT INTO diptych_claims (key, owner, expires_at)
         SELECT k, $2, now() + make_interval(secs => $3) FROM unnest($1::text[]) AS k
         ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
           WHERE diptych_claims.expires_at < now() OR diptych_claims.owner = EXCLUDED.owner
         RETURNING key`,
        [keys, this.options.owner, this.options.leaseSeconds],
      );
      const done = await client.query<{ key: string; entry: CachedTranslation }>(`SELECT key, entry FROM diptych_translations WHERE key = ANY($1)`, [keys]);
      const found = new Map(done.rows.map((row) => [row.key, row.entry] as const));
      const taken = new Set(claimed.rows.map((row) => row.key));
      const mine = keys.filter((key) => taken.has(key) && !found.has(key));
      const alreadyDone = keys.filter((key) => taken.has(key) && found.has(key));
      if (alreadyDone.length > 0) await client.query(`DELETE FROM diptych_claims WHERE key = ANY($1) AND owner = $2`, [alreadyDone, this.options.owner]);
      for (const [key, entry] of found) this.known.entries.set(key, entry);
      return { mine, found, busy: keys.filter((key) => !taken.has(key) && !found.has(key)) };
    });
  }

  /** Wait until each key is translated, or its holder's claim lapsed. Polls: another machine's progress has no other signal here. */
  private async settle(keys: readonly string[]): Promise<void> {
    let open = [...keys];
    while (open.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
      const { rows } = await this.retry(() =>
        this.pool.query<{ key: string }>(
          `SELECT k AS key FROM unnest($1::text[]) AS k
           WHERE NOT EXISTS (SELECT 1 FROM diptych_translations t WHERE t.key = k)
             AND EXISTS (SELECT 1 FROM diptych_claims c WHERE c.key = k AND c.expires_at >= now())`,
          [open],
        ),
      );
      open = rows.map((row) => row.key);
    }
  }

  private retry<T>(task: () => Promise<T>): Promise<T> {
    return withReconnect(task, this.options.url ? { url: this.options.url } : {});
  }
}

const SETTLE_POLL_MS = 200;

/** The memory's records in a table: the log under a TranslationMemory, so its logic is the file memory's. */
class PgMemoryLog implements AppendLog<MemoryRecord> {
  readonly file = 'diptych_memory';

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string | undefined,
  ) {}

  async append(records: readonly MemoryRecord[]): Promise<undefined> {
    if (records.length === 0) return undefined;
    await withReconnect(
      () =>
        inTransaction(this.pool, async (client) => {
          // One writer at a time: sequence numbers then follow commit order, so a reader never skips one.
          await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.memory]);
          await client.query(
            `INSERT INTO diptych_memory (article, segment, record, seq)
             SELECT a, s, r, nextval('diptych_memory_seq') FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS x(a, s, r)
             ON CONFLICT (article, segment) DO UPDATE SET record = EXCLUDED.record, seq = EXCLUDED.seq`,
            [records.map((record) => record.origin.article), records.map((record) => record.origin.segment), records.map((record) => JSON.stringify(record))],
          );
        }),
      this.url ? { url: this.url } : {},
    );
    return undefined;
  }

  readLine(): string | undefined {
    return undefined;
  }

  async close(): Promise<void> {}
}

export class PgTranslationMemory {
  readonly memory: TranslationMemory;
  private lastSeq = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly url?: string,
  ) {
    this.memory = TranslationMemory.withLog(new PgMemoryLog(pool, url));
  }

  /** Take in the approvals other workers recorded since the last call. */
  async refresh(): Promise<void> {
    const { rows } = await withReconnect(
      () => this.pool.query<{ record: MemoryRecord; seq: string }>(`SELECT record, seq FROM diptych_memory WHERE seq > $1 ORDER BY seq`, [this.lastSeq]),
      this.url ? { url: this.url } : {},
    );
    this.memory.applyRecords(rows.map((row) => row.record));
    for (const row of rows) this.lastSeq = Math.max(this.lastSeq, Number(row.seq));
  }
}

/** The cache and memory one worker shares with the others, brought up to date before each article. */
export class SharedStores {
  readonly cache: PgTranslationCache;
  private readonly pgMemory: PgTranslationMemory;

  constructor(pool: pg.Pool, options: SharedStoreOptions) {
    this.cache = new PgTranslationCache(pool, options);
    this.pgMemory = new PgTranslationMemory(pool, options.url);
  }

  get memory(): TranslationMemory {
    return this.pgMemory.memory;
  }

  /** Up to date, for one article in progress, claiming as `owner`. */
  async forArticle(owner: string): Promise<{ cache: PgTranslationCache; memory: TranslationMemory }> {
    await this.cache.refresh();
    await this.pgMemory.refresh();
    return { cache: this.cache.as(owner), memory: this.memory };
  }
}
