// pg-boss on our own pg pool: one pool per process serves the job engine and
// our tables, so a database restart is handled in one place (the pool drops
// dead connections and the next query reconnects).

import PgBoss from 'pg-boss';
import { openPool, redactError, withReconnect, type QueuePool } from './connection.js';
import { ensureSchema, QUEUE_NAME } from './schema.js';

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
      async () => {
        await ensureSchema(queuePool.pool);
        await boss.start();
        if (!(await boss.getQueue(QUEUE_NAME))) await boss.createQueue(QUEUE_NAME).catch(async (error: unknown) => {
          // Two processes creating it at once: the other one won.
          if (!(await boss.getQueue(QUEUE_NAME))) throw error;
        });
      },
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
