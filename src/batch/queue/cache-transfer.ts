// `diptych cache import|export`: move a single machine's translation cache and
// memory (the JSON Lines files in <out>/.diptych or --cache) into the queue's
// database, so a team starts from that history, and back. Entries keep their
// keys and everything recorded with them (engine, model, billed characters,
// times); an entry already at the destination is left as it is, so moving
// twice adds nothing.

import { TranslationCache, TranslationMemory, type CachedTranslation } from '../../store/index.js';
import { openPool, redactError, type QueuePool } from './connection.js';
import { ensureSchema } from './schema.js';
import { PgTranslationCache, PgTranslationMemory } from './shared-stores.js';

export interface TransferCounts {
  /** Translations added at the destination. */
  translations: number;
  /** Approvals added or updated at the destination. */
  approvals: number;
}

const SLICE = 500;

/** File cache and memory in `dir` → the database. */
export async function importCache(url: string, dir: string): Promise<TransferCounts> {
  return withDatabase(url, async ({ pool }) => {
    const cache = await TranslationCache.open(dir, { readOnly: true });
    const memory = await TranslationMemory.open(dir, { readOnly: true });
    let translations = 0;
    const pending = [...cache.entries()];
    for (let i = 0; i < pending.length; i += SLICE) {
      const slice = pending.slice(i, i + SLICE);
      const { rowCount } = await pool.query(
        `INSERT INTO diptych_translations (key, entry, characters, billed_characters, paid_by)
         SELECT * FROM unnest($1::text[], $2::jsonb[], $3::int[], $4::int[], $5::text[])
         ON CONFLICT (key) DO NOTHING`,
        [slice.map(([key]) => key), slice.map(([, entry]) => JSON.stringify(entry)), slice.map(([, entry]) => entry.characters), slice.map(([, entry]) => entry.billedCharacters ?? null), slice.map(() => 'import')],
      );
      translations += rowCount ?? 0;
    }
    const shared = new PgTranslationMemory(pool, url);
    await shared.refresh();
    const approvals = await shared.memory.put(memory.entries());
    return { translations, approvals };
  });
}

/** The database's cache and memory → files in `dir` (created when missing). */
export async function exportCache(url: string, dir: string): Promise<TransferCounts> {
  return withDatabase(url, async ({ pool }) => {
    const shared = new PgTranslationCache(pool, { owner: 'export', leaseSeconds: 1, url });
    const sharedMemory = new PgTranslationMemory(pool, url);
    const cache = await TranslationCache.open(dir);
    const memory = await TranslationMemory.open(dir);
    try {
      let translations = 0;
      let slice: Array<[string, CachedTranslation]> = [];
      const flush = async () => {
        await cache.add(slice);
        translations += slice.length;
        slice = [];
      };
      for await (const [key, entry] of shared.entries()) {
        if (cache.has(key)) continue;
        slice.push([key, entry]);
        if (slice.length >= SLICE) await flush();
      }
      await flush();
      await sharedMemory.refresh();
      const approvals = await memory.put(sharedMemory.memory.entries());
      return { translations, approvals };
    } finally {
      await cache.close();
      await memory.close();
    }
  });
}

async function withDatabase<T>(url: string, task: (pool: QueuePool) => Promise<T>): Promise<T> {
  const pool = openPool(url, { applicationName: 'diptych cache' });
  try {
    await ensureSchema(pool.pool);
    return await task(pool);
  } catch (error) {
    throw redactError(error, url);
  } finally {
    await pool.close();
  }
}
