// The translation cache: every machine translation ever paid for, by key, in
// an append-only JSON Lines file (`translations.jsonl`). The key is made by
// the pipeline from everything that shapes an engine's output (normalised
// source, languages, engine, model, options, the glossary entries that apply);
// this module only stores and finds. Records are appended as each translator
// batch comes back, so the cache doubles as the run's journal: a killed run
// loses at most the batches in flight, and the next run pays only for those.

import path from 'node:path';
import { openAppendLog, type AppendLog } from './append-log.js';

export interface CachedTranslation {
  /** The engine's reply as it came back (an HTML fragment, glossary tokens still in). */
  text: string;
  unknownWords: string[];
  engine: string;
  model?: string;
  /** Engine settings that shaped the output, as the engine reported them. */
  settings?: Record<string, string>;
  /** Characters sent for it (as `--budget` counts them). */
  characters: number;
  /** Characters the engine billed, when it reports them. */
  billedCharacters?: number;
  /** ISO time the engine answered. */
  at: string;
}

interface CacheRecord extends CachedTranslation {
  key: string;
}

export const CACHE_FILE = 'translations.jsonl';

function isCacheRecord(value: unknown): value is CacheRecord {
  const record = value as Partial<CacheRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.key === 'string' &&
    typeof record.text === 'string' &&
    Array.isArray(record.unknownWords) &&
    typeof record.engine === 'string' &&
    typeof record.characters === 'number' &&
    typeof record.at === 'string'
  );
}

export class TranslationCache {
  private constructor(
    // Each entry as its JSON text: one flat string per translation instead of an
    // object and half a dozen strings, so a large cache costs little memory.
    private readonly entries: Map<string, string>,
    private readonly log: AppendLog<CacheRecord>,
    /** Lines that could not be read (a torn tail after a crash is cut off and counted here). */
    readonly skipped: number,
  ) {}

  /** Open the cache in `dir` (created when missing); read-only for dry runs (additions stay in memory). */
  static async open(dir: string, options: { readOnly?: boolean } = {}): Promise<TranslationCache> {
    const { log, records, skipped } = await openAppendLog(path.join(dir, CACHE_FILE), isCacheRecord, options);
    const entries = new Map<string, string>();
    // A later record for the same key wins (two runs sharing a cache may both have paid once).
    for (const { key, ...entry } of records) entries.set(key, JSON.stringify(entry));
    return new TranslationCache(entries, log, skipped);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CachedTranslation | undefined {
    const json = this.entries.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as CachedTranslation);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Add translations durably: resolves once they are on disk. */
  async add(items: ReadonlyArray<readonly [key: string, entry: CachedTranslation]>): Promise<void> {
    const fresh = items.filter(([key]) => !this.entries.has(key));
    await this.log.append(fresh.map(([key, entry]) => ({ key, ...entry })));
    for (const [key, entry] of fresh) this.entries.set(key, JSON.stringify(entry));
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
