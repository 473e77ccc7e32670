// The translation memory: segments a person approved (edited by hand, or
// marked reviewed / final), gathered from the stores of every article, in an
// append-only JSON Lines file (`memory.jsonl`) beside the translation cache.
// An identical French segment elsewhere reuses the approved English; a close
// one (by default ≥ 85% similar) is offered it as a fuzzy match.

import path from 'node:path';
import { distance } from 'fastest-levenshtein';
import type { InlineMark } from '../core/types.js';
import { openAppendLog, type AppendLog } from './append-log.js';
import { normaliseSource } from './normalise-source.js';

export interface SegmentOrigin {
  article: string;
  segment: string;
}

export interface ApprovedSegment {
  origin: SegmentOrigin;
  /** The French, normalised (see normaliseSource). */
  source: string;
  sourceMarks: InlineMark[];
  target: string;
  targetMarks: InlineMark[];
  /** ISO time of the approval (the segment's provenance time); the newest wins between equals. */
  at: string;
}

/** A line of the memory: an approval, or its withdrawal. */
export type MemoryRecord = ApprovedSegment | { origin: SegmentOrigin; removed: true; at: string };

export const MEMORY_FILE = 'memory.jsonl';

/** Fuzzy matches at or above this similarity are offered. */
export const FUZZY_THRESHOLD = 0.85;

function isMemoryRecord(value: unknown): value is MemoryRecord {
  const record = value as Partial<ApprovedSegment & { removed: true }> | null;
  if (typeof record !== 'object' || record === null) return false;
  const origin = record.origin;
  if (typeof origin?.article !== 'string' || typeof origin.segment !== 'string' || typeof record.at !== 'string') return false;
  return record.removed === true || (typeof record.source === 'string' && typeof record.target === 'string' && Array.isArray(record.sourceMarks) && Array.isArray(record.targetMarks));
}

const originKey = (origin: SegmentOrigin): string => `${origin.article}\u0000${origin.segment}`;

/** 1 − Levenshtein distance / longer length: 1 for identical texts, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

function sameApproval(a: ApprovedSegment, b: ApprovedSegment): boolean {
  return (
    a.source === b.source &&
    a.target === b.target &&
    a.at === b.at &&
    JSON.stringify(a.sourceMarks) === JSON.stringify(b.sourceMarks) &&
    JSON.stringify(a.targetMarks) === JSON.stringify(b.targetMarks)
  );
}

export class TranslationMemory {
  private readonly byOrigin = new Map<string, ApprovedSegment>();
  private readonly bySource = new Map<string, Set<string>>();

  private constructor(private readonly log: AppendLog<MemoryRecord>) {}

  /**
   * Open the memory in `dir` (created when missing); read-only for dry runs (changes stay in memory).
   * Its journal is written before a change resolves and made durable behind it (append-log.ts): the
   * approvals it holds are in the store of record too, which is what a save waits for.
   */
  static async open(dir: string, options: { readOnly?: boolean } = {}): Promise<TranslationMemory> {
    const { log, records } = await openAppendLog(path.join(dir, MEMORY_FILE), isMemoryRecord, { ...options, sync: 'background' });
    const memory = new TranslationMemory(log);
    for (const record of records) memory.apply(record);
    return memory;
  }

  /** A memory kept elsewhere (a database): `log` stores the records, `records` are those already there. */
  static withLog(log: AppendLog<MemoryRecord>, records: readonly MemoryRecord[] = []): TranslationMemory {
    const memory = new TranslationMemory(log);
    memory.applyRecords(records);
    return memory;
  }

  get size(): number {
    return this.byOrigin.size;
  }

  /** Records another process added to a shared store, taken into account here. */
  applyRecords(records: readonly MemoryRecord[]): void {
    for (const record of records) this.apply(record);
  }

  /** Every approval, for moving the memory elsewhere (`diptych cache export|import`). */
  entries(): ApprovedSegment[] {
    return [...this.byOrigin.values()];
  }

  /** Add approvals as they are (moving a memory); those already here unchanged are not written again. */
  async put(entries: readonly ApprovedSegment[]): Promise<number> {
    const fresh = entries.filter((entry) => {
      const known = this.byOrigin.get(originKey(entry.origin));
      return !known || !sameApproval(known, entry);
    });
    await this.log.append(fresh);
    this.applyRecords(fresh);
    return fresh.length;
  }

  /** The newest approved segment with exactly this French (after normalisation). */
  exact(source: string): ApprovedSegment | undefined {
    const keys = this.bySource.get(normaliseSource(source));
    let best: ApprovedSegment | undefined;
    for (const key of keys ?? []) {
      const entry = this.byOrigin.get(key)!;
      if (!best || entry.at > best.at) best = entry;
    }
    return best;
  }

  /** The most similar approved segment, when at least `threshold` similar; ties go to the newest. */
  closest(source: string, threshold = FUZZY_THRESHOLD): { entry: ApprovedSegment; similarity: number } | undefined {
    const text = normaliseSource(source);
    let best: { entry: ApprovedSegment; similarity: number } | undefined;
    for (const entry of this.byOrigin.values()) {
      // Lengths alone bound the similarity from above; most entries stop here.
      const longer = Math.max(text.length, entry.source.length);
      if (longer > 0 && 1 - Math.abs(text.length - entry.source.length) / longer < threshold) continue;
      const score = similarity(text, entry.source);
      if (score < threshold) continue;
      if (!best || score > best.similarity || (score === best.similarity && entry.at > best.entry.at)) best = { entry, similarity: score };
    }
    return best;
  }

  /**
   * Bring this article's approvals up to date: `approved` are its approved
   * segments now, `present` the ids of all its segments. An approval that was
   * withdrawn (the segment is there but no longer approved) is removed; one
   * whose segment disappeared with an edit of the French stays, as in any
   * translation memory. Returns the French of every entry that changed, so
   * articles holding the same sentence can be brought up to date.
   */
  async syncArticle(article: string, approved: readonly ApprovedSegment[], present: ReadonlySet<string>): Promise<string[]> {
    const records: MemoryRecord[] = [];
    const wanted = new Map(approved.map((entry) => [originKey(entry.origin), { ...entry, source: normaliseSource(entry.source) }]));
    // By the article's segments, not over the whole memory: a review syncs a few segments per save.
    for (const segment of present) {
      const key = originKey({ article, segment });
      const entry = this.byOrigin.get(key);
      if (entry && !wanted.has(key)) records.push({ origin: entry.origin, removed: true, at: new Date().toISOString() });
    }
    for (const [key, entry] of wanted) {
      const known = this.byOrigin.get(key);
      if (!known || !sameApproval(known, entry)) records.push(entry);
    }
    await this.log.append(records);
    const changed = new Set<string>();
    for (const record of records) {
      const before = this.byOrigin.get(originKey(record.origin));
      if (before) changed.add(before.source);
      if (!('removed' in record)) changed.add(record.source);
      this.apply(record);
    }
    return [...changed];
  }

  /** Resolves once every change made so far is durable on disk (close does it too). */
  async flush(): Promise<void> {
    await this.log.flush?.();
  }

  close(): Promise<void> {
    return this.log.close();
  }

  private apply(record: MemoryRecord): void {
    const key = originKey(record.origin);
    const before = this.byOrigin.get(key);
    if (before) {
      const keys = this.bySource.get(before.source);
      keys?.delete(key);
      if (keys?.size === 0) this.bySource.delete(before.source);
      this.byOrigin.delete(key);
    }
    if ('removed' in record) return;
    this.byOrigin.set(key, record);
    let keys = this.bySource.get(record.source);
    if (!keys) this.bySource.set(record.source, (keys = new Set()));
    keys.add(key);
  }
}
