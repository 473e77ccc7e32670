// The queue's database: where the connection string comes from (an option or
// DIPTYCH_QUEUE_URL), how it is shown (never with its password), and one pg
// pool per process that survives a database restart. Every message that may
// hold the connection string goes through `redact`.

import pg from 'pg';
import { DiptychError } from '../../core/errors.js';
import { displayUrl, redact } from './redact.js';

export { displayUrl, redact, redactArgs } from './redact.js';
export { QUEUE_URL_ENV, queueUrlFrom } from './queue-url.js';

/** The database of a queue run could not be reached or answered with an error. */
export class QueueError extends DiptychError {
  override name = 'QueueError';
}

/** An error whose message (and its causes' messages) cannot carry the password. */
export function redactError(error: unknown, url: string | undefined): QueueError | unknown {
  if (!url) return error;
  if (error instanceof DiptychError) {
    error.message = redact(error.message, url);
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new QueueError(redact(message, url), { hint: `check that PostgreSQL at ${displayUrl(url)} is running and reachable` });
}

export interface QueuePool {
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

/**
 * A pool whose connections are replaced when the server goes away: an idle
 * client's error (a restart cuts every connection) is reported, not thrown,
 * and the next query opens a fresh connection.
 */
export function openPool(url: string, options: { max?: number; onError?: (error: unknown) => void; applicationName?: string } = {}): QueuePool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
    application_name: options.applicationName ?? 'diptych',
  });
  pool.on('error', (error) => options.onError?.(redactError(error, url)));
  // A connection cut while checked out (a transaction between two statements, a held lock) reports on
  // the client itself: unheard, that event would end the worker; its next statement fails and says so.
  pool.on('connect', (client) => client.on('error', () => undefined));
  let closed = false;
  return {
    pool,
    url,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Errors a restart or a dropped connection causes: worth retrying once the server is back. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  const message = error instanceof Error ? error.message : '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'].includes(code) ||
    /Connection terminated|terminating connection|the database system is (starting up|shutting down)|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message)
  );
}

/** Run `task` again while the database is unreachable (a restart), up to `patienceMs`. */
export async function withReconnect<T>(task: () => Promise<T>, options: { patienceMs?: number; url?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.patienceMs ?? 120_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (!isConnectionError(error) || Date.now() > deadline) throw redactError(error, options.url);
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt)));
    }
  }
}

/** One transaction on a pooled client: committed when `task` resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, task: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await task(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A client whose connection broke is thrown away, not given back to the pool.
    if (isConnectionError(error)) broken = error as Error;
    else await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(broken);
  }
}
