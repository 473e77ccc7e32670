// pg-boss on our own pg pool: one pool per process serves the job engine and
// our tables, so a database restart is handled in one place (the pool drops
// dead connections and the next query reconnects).

import PgBoss from 'pg-boss';
import { openPool, redactError, withReconnect, type QueuePool } from './connection.js';
import type pg from 'pg';
import { ensureSchema, LOCKS, QUEUE_NAME } from './schema.js';

export interface QueueClient extends QueuePool {
  boss: PgBoss;
}

export interface ClientOptions {
  /** Run pg-boss's maintenance (expiring jobs whose worker died) from this process, every this many seconds. */
  maintenanceSeconds?: number;
  /** Told about database errors outside any call (a restart); already without the password. */
  onError?: (error: unknown) => void;
  applicationName?: string;
}

export async function openQueue(url: string, options: ClientOptions = {}): Promise<QueueClient> {
  const report = (error: unknown) => options.onError?.(redactError(error, url));
  const queuePool = openPool(url, { onError: report, ...(options.applicationName ? { applicationName: options.applicationName } : {}) });
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => queuePool.pool.query(text, values) },
    supervise: options.maintenanceSeconds !== undefined,
    ...(options.maintenanceSeconds !== undefined ? { maintenanceIntervalSeconds: options.maintenanceSeconds } : {}),
    schedule: false,
  });
  boss.on('error', report);
  try {
    await withReconnect(
      () =>
        // One process at a time: workers started together on an empty database
        // otherwise fail in pg-boss's install ("duplicate key value violates
        // unique constraint pg_namespace_nspname_index") and exit.
        whileLocked(queuePool.pool, LOCKS.setup, async () => {
          await ensureSchema(queuePool.pool);
          await boss.start();
          if (!(await boss.getQueue(QUEUE_NAME))) await boss.createQueue(QUEUE_NAME);
        }),
      // Starting against a database that is not there fails at once, with a message saying where.
      { url, patienceMs: 0 },
    );
  } catch (error) {
    await boss.stop({ graceful: false, close: false }).catch(() => undefined);
    await queuePool.close();
    throw redactError(error, url);
  }
  return {
    ...queuePool,
    boss,
    async close() {
      await boss.stop({ graceful: false, close: false, wait: true }).catch(() => undefined);
      await queuePool.close();
    },
  };
}

/** Run `task` holding a session advisory lock on one connection of the pool (the task's own queries use others). */
async function whileLocked<T>(pool: pg.Pool, lock: number, task: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [lock]);
    try {
      return await task();
    } finally {
      // A connection that cannot unlock is dropped, which unlocks.
      await client.query('SELECT pg_advisory_unlock($1)', [lock]).catch((error: Error) => (broken = error));
    }
  } catch (error) {
    broken ??= error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
