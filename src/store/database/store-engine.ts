// What differs between the two engines of the store of record, behind one
// small interface: how a write transaction is taken, how a change reaches
// every process, how the text index is asked, and how one writer holds the
// store. Everything else (the article's rows, the revision check, the
// manifest) is one query code on Kysely, in database-store.ts.

import type { Compilable, Kysely, RawBuilder } from 'kysely';
import type { SearchHit, SearchOptions, SearchResult, StoreChange } from '../article-store.js';
import type { StoreTables } from './tables.js';

export type StoreDb = Kysely<StoreTables>;

/** The few SQL expressions the shared queries need that the engines spell differently. */
export interface EngineSql {
  /** The text at `key` of a column holding a JSON object (null when absent). */
  jsonText(column: string, key: string): RawBuilder<string | null>;
  /** The length of the array at `key` of a column holding a JSON object (0 when absent). */
  jsonArrayLength(column: string, key: string): RawBuilder<number>;
  /**
   * The text at a path of keys (plain names) in a column holding a JSON
   * object, spelt with the path as a literal: the expression an index on it
   * was made with, so that the database uses that index.
   */
  jsonPathText(column: string, keys: readonly string[]): RawBuilder<string | null>;
  /** A text column (or expression) in the order of its bytes, the same on both engines whatever the database's collation. */
  byteOrder(column: string | RawBuilder<string | null>): RawBuilder<unknown>;
}

export interface StoreEngine {
  readonly kind: 'sqlite' | 'postgres';
  readonly sql: EngineSql;
  /** The store as messages name it: the SQLite file, or the PostgreSQL address without its password. */
  readonly location: string;
  readonly db: StoreDb;
  /** One write transaction on the article `slug` (or each of `slugs`), serialised against every other writer of it (any process). */
  write<T>(slug: string | readonly string[], work: (trx: StoreDb) => Promise<T>): Promise<T>;
  /** Work that takes the write lock outside `write` (a migration), one at a time with this process's writes. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Reads that see one committed state of the store (an article is never read half-saved). */
  read<T>(work: (trx: StoreDb) => Promise<T>): Promise<T>;
  /** Tell every process of the change once `trx` commits. */
  sendChange(trx: StoreDb, change: StoreChange): Promise<void>;
  /**
   * Run a save's inserts and updates in order, then tell its change (if any),
   * in `trx`: as few round trips as the engine allows (on PostgreSQL, one
   * statement; in process, SQLite's statements cost no trip).
   */
  writeAndTell(trx: StoreDb, writes: readonly Compilable[], change: StoreChange | undefined): Promise<void>;
  /** Start hearing every change (this process's too); returns the stop. */
  listen(hear: (change: StoreChange) => void): () => void;
  /** Ranked segments whose text has the words. */
  search(words: string[], options: SearchOptions): Promise<SearchResult>;
  /** Hold the store for one writer process; resolves to the release. */
  lock(): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A row of a concordance query, as both engines select it. */
export interface HitRow {
  slug: string;
  title: string;
  id: string;
  source: string;
  target: string | null;
  state: string;
  rank: number | string;
}

export function hitOf(row: HitRow): SearchHit {
  return {
    slug: row.slug,
    title: row.title,
    segmentId: row.id,
    source: row.source,
    ...(row.target !== null ? { target: row.target } : {}),
    state: row.state as SearchHit['state'],
    rank: Number(row.rank),
  };
}

/** A change as it travels (a row of the embedded feed, a PostgreSQL notification); undefined if it is not one. */
export function parseChange(text: string): StoreChange | undefined {
  try {
    const change = JSON.parse(text) as StoreChange;
    return change && typeof change === 'object' && typeof change.kind === 'string' ? change : undefined;
  } catch {
    return undefined;
  }
}

/** Keys spelt into SQL as literals must be plain names: nothing a path or a quote could be made of. */
export function plainKeys(keys: readonly string[]): readonly string[] {
  for (const key of keys) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`not a plain JSON key: ${JSON.stringify(key)}`);
  return keys;
}
