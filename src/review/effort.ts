// Post-editing effort: how much of the machine translation a reviewer kept.
// Three measures, because each reference tool uses its own:
//   kept  — share of the machine translation's words kept unmodified, in
//           order (longest common subsequence of words; Wikimedia
//           ContentTranslation's "unmodified MT" measure);
//   pee   — MateCat's post-editing effort: 1 − word-level Levenshtein
//           similarity, where a number ("12 000", "1,5", "3.2%") is one word;
//   chrF  — chrF2 of the machine output against the final text (sacreBLEU's
//           definition: character 1–6-grams, β = 2, whitespace removed).
// All are 0–100. A segment counts once a person touched it (edited, or
// reviewed/final) and its first machine translation is known.

import type { Article, Segment } from '../core/types.js';
import { allSegments } from '../core/segments.js';

/** Words of a text: a number with its group and decimal separators is one word; punctuation is dropped. */
export function effortWords(text: string): string[] {
  return text.match(/\d+(?:[\s\u00a0\u202f.,]\d+)*%?|[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*|[^\s\p{P}\p{S}]+/gu)?.map((word) => word.replace(/[\s\u00a0\u202f]/gu, '')) ?? [];
}

/** Length of the longest common subsequence of two word lists. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const word of a) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = word === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, row[j - 1]!);
    previous = row;
  }
  return previous[b.length]!;
}

/** Word-level Levenshtein distance. */
export function wordDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

interface NgramStats {
  hyp: number;
  ref: number;
  match: number;
}

const ORDERS = 6;

/** Each order's character n-grams of a text, whitespace removed (a character is a code point). */
function charNgrams(text: string, orders = ORDERS): Array<Map<string, number>> {
  const stripped = text.replace(/\s+/gu, '');
  // Where each code point starts: an n-gram is a slice of the string, not a join of characters.
  const starts: number[] = [];
  for (let at = 0; at < stripped.length; at += (stripped.codePointAt(at) ?? 0) > 0xffff ? 2 : 1) starts.push(at);
  starts.push(stripped.length);
  const characters = starts.length - 1;
  return Array.from({ length: orders }, (_, index) => {
    const n = index + 1;
    const counts = new Map<string, number>();
    for (let i = 0; i + n <= characters; i++) {
      const gram = stripped.slice(starts[i], starts[i + n]);
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
    return counts;
  });
}

// A segment's machine text stays while a reviewer saves it again and again: its n-grams are kept
// (a few thousand texts; past that, the oldest go first).
const ngramsOfTexts = new Map<string, Array<Map<string, number>>>();
const MOST_NGRAM_TEXTS = 5_000;

function ngramsOf(text: string): Array<Map<string, number>> {
  const known = ngramsOfTexts.get(text);
  if (known) return known;
  const grams = charNgrams(text);
  if (ngramsOfTexts.size >= MOST_NGRAM_TEXTS) ngramsOfTexts.delete(ngramsOfTexts.keys().next().value!);
  ngramsOfTexts.set(text, grams);
  return grams;
}

function addNgramStats(stats: NgramStats[], hypothesis: string, reference: string): void {
  const hyps = stats.length === ORDERS ? ngramsOf(hypothesis) : charNgrams(hypothesis, stats.length);
  const refs = charNgrams(reference, stats.length);
  stats.forEach((s, index) => {
    const hyp = hyps[index]!;
    const ref = refs[index]!;
    for (const count of hyp.values()) s.hyp += count;
    for (const [gram, count] of ref) {
      s.ref += count;
      s.match += Math.min(count, hyp.get(gram) ?? 0);
    }
  });
}

function scoreNgramStats(stats: NgramStats[], beta: number): number {
  let precision = 0;
  let recall = 0;
  let effective = 0;
  for (const s of stats) {
    if (s.hyp > 0 && s.ref > 0) {
      precision += s.match / s.hyp;
      recall += s.match / s.ref;
      effective++;
    }
  }
  if (effective === 0) return 0;
  precision /= effective;
  recall /= effective;
  const factor = beta ** 2;
  return precision + recall === 0 ? 0 : (100 * (1 + factor) * precision * recall) / (factor * precision + recall);
}

/**
 * Corpus chrF (chrF2 by default) as sacreBLEU computes it: n-gram statistics
 * summed over all pairs, precision and recall averaged over the orders both
 * sides have, then their F-β score.
 */
export function chrF(hypotheses: string[], references: string[], { order = 6, beta = 2 } = {}): number {
  if (hypotheses.length !== references.length) throw new RangeError('chrF: as many hypotheses as references, please');
  const stats = Array.from({ length: order }, () => ({ hyp: 0, ref: 0, match: 0 }));
  hypotheses.forEach((hypothesis, k) => addNgramStats(stats, hypothesis, references[k]!));
  return scoreNgramStats(stats, beta);
}

export interface Effort {
  /** Segments measured (touched by a person, machine translation known). */
  segments: number;
  /** Share of machine-translated words kept unmodified, 0–100. */
  kept: number;
  /** MateCat post-editing effort, 0–100 (0 = nothing changed). */
  pee: number;
  /** chrF2 of the machine output against the final text, 0–100. */
  chrF: number;
}

/** The first machine translation of a segment, when known. */
export function machineTextOf(segment: Segment): string | undefined {
  if (segment.machineTarget !== undefined) return segment.machineTarget;
  const first = segment.history?.find((version) => version.origin === 'machine');
  if (first) return first.target;
  if (segment.provenance && !segment.provenance.edited && segment.provenance.translator !== 'memory') return segment.target;
  return undefined;
}

function measured(segment: Segment): segment is Segment & { target: string } {
  return segment.target !== undefined && (segment.provenance?.edited === true || segment.state === 'reviewed' || segment.state === 'final');
}

/** What one segment adds to the pooled measures. */
interface SegmentCounts {
  machineWords: number;
  keptWords: number;
  longer: number;
  edits: number;
  ngrams: NgramStats[];
}

// Segments are replaced, never changed, by a save: their counts can be kept.
const countsOf = new WeakMap<Segment, SegmentCounts | null>();
// An article read again from the store (after every save, by any process) is
// new objects holding the same texts: the counts are kept by the two texts
// too, or every save of a 500-segment article would count every segment anew.
const countsOfTexts = new Map<string, SegmentCounts>();
/** Pairs of texts kept (a few dozen long articles' worth); past that, the oldest go first. */
const MOST_TEXTS = 50_000;

function segmentCounts(segment: Segment): SegmentCounts | null {
  const known = countsOf.get(segment);
  if (known !== undefined) return known;
  const machine = measured(segment) ? machineTextOf(segment) : undefined;
  const counts = machine === undefined ? null : textCounts(machine, segment.target!);
  countsOf.set(segment, counts);
  return counts;
}

function textCounts(machine: string, target: string): SegmentCounts {
  const key = `${machine}\u0000${target}`;
  const known = countsOfTexts.get(key);
  if (known) return known;
  const mt = effortWords(machine);
  const final = effortWords(target);
  const ngrams = Array.from({ length: 6 }, () => ({ hyp: 0, ref: 0, match: 0 }));
  addNgramStats(ngrams, machine, target);
  const counts = { machineWords: mt.length, keptWords: lcsLength(mt, final), longer: Math.max(mt.length, final.length), edits: wordDistance(mt, final), ngrams };
  // A Map keeps its keys in insertion order: the first is the oldest.
  if (countsOfTexts.size >= MOST_TEXTS) countsOfTexts.delete(countsOfTexts.keys().next().value!);
  countsOfTexts.set(key, counts);
  return counts;
}

/** Effort over some segments: words pooled (kept, pee) and n-grams pooled (chrF), so long segments weigh more. */
export function effortOf(segments: readonly Segment[]): Effort {
  let machineWords = 0;
  let keptWords = 0;
  let longer = 0;
  let edits = 0;
  let measuredSegments = 0;
  const ngrams = Array.from({ length: 6 }, () => ({ hyp: 0, ref: 0, match: 0 }));
  for (const segment of segments) {
    const counts = segmentCounts(segment);
    if (!counts) continue;
    measuredSegments++;
    machineWords += counts.machineWords;
    keptWords += counts.keptWords;
    longer += counts.longer;
    edits += counts.edits;
    counts.ngrams.forEach((stats, i) => {
      ngrams[i]!.hyp += stats.hyp;
      ngrams[i]!.ref += stats.ref;
      ngrams[i]!.match += stats.match;
    });
  }
  const round = (n: number): number => Math.round(n * 10) / 10;
  return {
    segments: measuredSegments,
    kept: round(machineWords === 0 ? 100 : (100 * keptWords) / machineWords),
    pee: round(longer === 0 ? 0 : (100 * edits) / longer),
    chrF: round(measuredSegments === 0 ? 100 : scoreNgramStats(ngrams, 2)),
  };
}

// An article is replaced, never changed, by a save too: every answer of one group of saves
// (fifty editors at once) reports the effort of the same article, counted once.
const articleEfforts = new WeakMap<Article, Effort>();

export function articleEffort(article: Article): Effort {
  const known = articleEfforts.get(article);
  if (known) return known;
  const effort = effortOf(allSegments(article));
  articleEfforts.set(article, effort);
  return effort;
}
