// The translation cache: every machine translation ever paid for, by key, in
// an append-only JSON Lines file (`translations.jsonl`). The key is made by
// the pipeline from everything that shapes an engine's output (normalised
// source, languages, engine, model, options, the glossary entries that apply);
// this module only stores and finds. Records are appended as each translator
// batch comes back, so the cache doubles as the run's journal: a killed run
// loses at most the batches in flight, and the next run pays only for those.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openAppendLog, parseLogContent, type AppendLog, type LinePosition } from './append-log.js';
import type { AppliedFix } from '../core/types.js';

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
  /** Repairs the engine made to its own output (Apertium's pivot leftovers). */
  fixes?: AppliedFix[];
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
  /**
   * Where each entry's line lies in the file, packed in one number
   * (start × 2²¹ + length): the texts stay on disk and are read back on a hit,
   * so memory grows by a key and a number per translation, not by its text.
   */
  private readonly positions = new Map<string, number>();
  /** Entries of a read-only cache (dry runs) added in this run, never written. */
  private readonly unsaved = new Map<string, CachedTranslation>();

  private constructor(
    private readonly log: AppendLog<CacheRecord>,
    records: CacheRecord[],
    positions: readonly LinePosition[],
    /** Lines that could not be read (a torn tail after a crash is cut off and counted here). */
    readonly skipped: number,
  ) {
    this.index(records, positions);
  }

  /** Open the cache in `dir` (created when missing); read-only for dry runs (additions stay in memory). */
  static async open(dir: string, options: { readOnly?: boolean } = {}): Promise<TranslationCache> {
    const { log, records, positions, skipped } = await openAppendLog(path.join(dir, CACHE_FILE), isCacheRecord, options);
    return new TranslationCache(log, records, positions, skipped);
  }

  get size(): number {
    return this.positions.size + this.unsaved.size;
  }

  get(key: string): CachedTranslation | undefined {
    const unsaved = this.unsaved.get(key);
    if (unsaved) return unsaved;
    const packed = this.positions.get(key);
    if (packed === undefined) return undefined;
    const record = this.recordAt(packed);
    if (record?.key === key) return withoutKey(record);
    // Another run sharing this cache wrote where we expected our line: read the file afresh.
    this.reindexFromDisk();
    const again = this.positions.get(key);
    const retried = again === undefined ? undefined : this.recordAt(again);
    return retried?.key === key ? withoutKey(retried) : undefined;
  }

  has(key: string): boolean {
    return this.positions.has(key) || this.unsaved.has(key);
  }

  /** Add translations durably: resolves once they are on disk. */
  async add(items: ReadonlyArray<readonly [key: string, entry: CachedTranslation]>): Promise<void> {
    const fresh = items.filter(([key]) => !this.has(key));
    const written = await this.log.append(fresh.map(([key, entry]) => ({ key, ...entry })));
    fresh.forEach(([key, entry], i) => {
      const at = written?.[i];
      if (at && fitsPacking(at)) this.positions.set(key, pack(at));
      else this.unsaved.set(key, entry);
    });
  }

  /** `add`, under the name the pipeline's cache interface uses. */
  put(items: ReadonlyArray<readonly [key: string, entry: CachedTranslation]>): Promise<void> {
    return this.add(items);
  }

  /** Every entry, for moving the cache elsewhere (`diptych cache export|import`). */
  *entries(): Generator<[string, CachedTranslation]> {
    for (const [key, entry] of this.unsaved) yield [key, entry];
    for (const key of this.positions.keys()) {
      const entry = this.get(key);
      if (entry) yield [key, entry];
    }
  }

  close(): Promise<void> {
    return this.log.close();
  }

  private index(records: readonly CacheRecord[], positions: readonly LinePosition[]): void {
    // A later record for the same key wins (two runs sharing a cache may both have paid once).
    records.forEach((record, i) => {
      const at = positions[i]!;
      if (fitsPacking(at)) this.positions.set(record.key, pack(at));
      else this.unsaved.set(record.key, withoutKey(record));
    });
  }

  private recordAt(packed: number): CacheRecord | undefined {
    const line = this.log.readLine(unpack(packed));
    if (line === undefined) return undefined;
    try {
      const value: unknown = JSON.parse(line);
      return isCacheRecord(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private reindexFromDisk(): void {
    const { records, positions } = parseLogContent(readFileSync(this.log.file), isCacheRecord);
    this.positions.clear();
    this.index(records, positions);
  }
}

const LENGTH_BITS = 2 ** 21;

/** A line of 2 MiB or more (no engine returns one) is kept in memory instead. */
function fitsPacking([start, end]: LinePosition): boolean {
  return end - start < LENGTH_BITS && start < Number.MAX_SAFE_INTEGER / LENGTH_BITS;
}

function pack([start, end]: LinePosition): number {
  return start * LENGTH_BITS + (end - start);
}

function unpack(packed: number): LinePosition {
  const length = packed % LENGTH_BITS;
  const start = (packed - length) / LENGTH_BITS;
  return [start, start + length];
}

function withoutKey({ key: _key, ...entry }: CacheRecord): CachedTranslation {
  return entry;
}
