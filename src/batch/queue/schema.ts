// diptych's own tables beside pg-boss's schema. The translation cache is keyed
// by today's translation key (unique: a sentence is stored, and paid for,
// once); claims say which process is paying for a key right now and until
// when; the memory holds one approval per (store file, segment); runs hold the
// settings a worker needs to redo an article exactly as the batch planned it.

import type pg from 'pg';

export const QUEUE_NAME = 'diptych-articles';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS diptych_translations (
  key text PRIMARY KEY,
  entry jsonb NOT NULL,
  characters integer NOT NULL,
  billed_characters integer,
  paid_by text NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS diptych_translations_seq ON diptych_translations (seq);
CREATE TABLE IF NOT EXISTS diptych_claims (
  key text PRIMARY KEY,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS diptych_memory_seq;
CREATE TABLE IF NOT EXISTS diptych_memory (
  article text NOT NULL,
  segment text NOT NULL,
  record jsonb NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (article, segment)
);
CREATE INDEX IF NOT EXISTS diptych_memory_seq_index ON diptych_memory (seq);
CREATE TABLE IF NOT EXISTS diptych_runs (
  id text PRIMARY KEY,
  settings jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`;

/** Advisory lock ids (pg_advisory_xact_lock), so that concurrent processes do not trip over each other. */
export const LOCKS = {
  schema: 7_310_001,
  memory: 7_310_002,
  /** Held (per session) while one process sets up an empty database: pg-boss's install and ours. */
  setup: 7_310_003,
} as const;

/** Create the tables when missing; several processes starting at once serialise on a lock. */
export async function ensureSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.schema]);
    await client.query(SCHEMA);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
