// The dynamic programme: the cheapest monotonic path of links through the band,
// each link one of the shapes below. A link's cost is mostly how unlike the
// translator's English of its French is to its human English (chrF-like over
// character n-grams, plus words), less what any two sentences of this text
// share anyway; then a Gale–Church length term, the shape's prior, and
// paragraph boundaries. Rows are kept within the band only: linear memory.

import type { Band } from './band.js';
import { bagF1, mergeProfiles, type Profile } from './profile.js';

/** Link shapes, French count first: 1-0 and 0-1 are sentences with no counterpart. Up to four sentences on one side: a long French period often becomes four English sentences. */
export const SHAPES: ReadonlyArray<readonly [number, number]> = [
  [1, 1],
  [1, 0],
  [0, 1],
  [2, 1],
  [1, 2],
  [2, 2],
  [1, 3],
  [3, 1],
  [2, 3],
  [3, 2],
  [1, 4],
  [4, 1],
];

export interface Weights {
  /** Share of character n-grams in the similarity (the rest is words). */
  chars: number;
  /** How much of the text's background similarity is taken off a link's. */
  background: number;
  /** Cost of leaving one sentence without counterpart. */
  unmatched: number;
  /** Weight of the Gale–Church length cost. */
  length: number;
  /** Extra cost of a link of several sentences, per sentence beyond one per side. */
  merge: number;
  /** A link across a paragraph boundary, or starting a paragraph on one side only. */
  paragraph: number;
}

// Set on the development set only (five books of ../shared/eval/alignment). Every
// sentence costs 0.5 in a link and `unmatched` alone, so a pair is left
// unmatched only when its evidence is below about 0.1 (twice 0.6 - 0.5).
export const DEFAULT_WEIGHTS: Weights = { chars: 0.6, background: 1, unmatched: 0.6, length: 0.02, merge: 0.05, paragraph: 0.3 };

export interface Side {
  profiles: Profile[];
  /** Characters of each sentence, for the length cost. */
  lengths: number[];
  /** Whether each sentence opens a paragraph (undefined: the text has no paragraphs to go by). */
  opens?: boolean[];
  /** What the sentence shares with unrelated sentences of the other side, on average. */
  background: Float64Array;
}

export interface ScoredLink {
  fr: number[];
  en: number[];
  /** Similarity less background, about 0 for unrelated text and 0.3–0.6 for a translation. */
  evidence: number;
  /** How much dearer the best alignment without this link is, around it (0: a toss-up). */
  margin: number;
}

/** The best path; throws nothing, every grid has one (0-1 and 1-0 links reach any cell). */
export function searchPath(french: Side, english: Side, band: Band, weights: Weights): ScoredLink[] {
  const n = french.profiles.length;
  const m = english.profiles.length;
  const { lo, hi } = band;
  const offsets = new Int32Array(n + 2);
  for (let i = 0; i <= n; i++) offsets[i + 1] = offsets[i]! + (hi[i]! - lo[i]! + 1);
  const cost = new Float64Array(offsets[n + 1]!).fill(Infinity);
  const back = new Uint8Array(offsets[n + 1]!);
  const ratio = sum(english.lengths) / Math.max(1, sum(french.lengths)) || 1;
  const enSpans = new SpanCache(english.profiles);
  const frSpans = new SpanCache(french.profiles);
  const at = (i: number, j: number) => (j < lo[i]! || j > hi[i]! ? -1 : offsets[i]! + j - lo[i]!);
  cost[at(0, 0)] = 0;
  /** A link's cost before its evidence: sentences, size, lengths, paragraphs. */
  const fixedCost = (i: number, j: number, a: number, b: number): number => {
    // A link earns its evidence once, whatever its size: merging is no way to collect more.
    let c = (a + b) / 2 + weights.merge * (a + b - 2);
    c += weights.length * galeChurch(sumRange(french.lengths, i - a, a) * ratio, sumRange(english.lengths, j - b, b));
    c += weights.paragraph * (paragraphCost(french.opens, i - a, a) + paragraphCost(english.opens, j - b, b));
    if (french.opens && english.opens && french.opens[i - a] !== english.opens[j - b]) c += weights.paragraph;
    return c;
  };
  /** The link's cost, or Infinity as soon as it cannot come under `limit`. */
  const linkCost = (i: number, j: number, a: number, b: number, limit: number): number => {
    if (a === 0 || b === 0) return weights.unmatched * (a + b);
    const c = fixedCost(i, j, a, b);
    // Bags of very different sizes cannot be alike: the most evidence they could give bounds the cost
    // from below, and most shapes of most cells stop here without comparing a single n-gram.
    if (c - mostEvidence(french, english, i - a, a, j - b, b, weights) >= limit) return Infinity;
    return c - evidenceOf(frSpans.span(i - a, a), enSpans.span(j - b, b), french, english, i - a, a, j - b, b, weights);
  };
  for (let i = 0; i <= n; i++) {
    frSpans.forget(i - 5);
    enSpans.forget(lo[Math.max(0, i - 4)]! - 5);
    for (let j = lo[i]!; j <= hi[i]!; j++) {
      if (i === 0 && j === 0) continue;
      let best = Infinity;
      let arg = 0;
      for (let s = 0; s < SHAPES.length; s++) {
        const [a, b] = SHAPES[s]!;
        if (a > i || b > j) continue;
        const from = at(i - a, j - b);
        if (from < 0) continue;
        const before = cost[from]!;
        if (before === Infinity) continue;
        const c = before + linkCost(i, j, a, b, best - before);
        if (c < best) {
          best = c;
          arg = s;
        }
      }
      const here = at(i, j);
      cost[here] = best;
      back[here] = arg;
    }
  }
  const corners = cornersOf(back, at, n, m);
  const spans = { fr: new SpanCache(french.profiles), en: new SpanCache(english.profiles) };
  // Neighbourhoods of consecutive links overlap: each link cost is computed once.
  const known = new Map<number, number>();
  const costOf = (i: number, j: number, a: number, b: number): number => {
    if (a === 0 || b === 0) return weights.unmatched * (a + b);
    const key = (i * (m + 1) + j) * 32 + a * 5 + b;
    const seen = known.get(key);
    if (seen !== undefined) return seen;
    const c = fixedCost(i, j, a, b) - evidenceOf(spans.fr.span(i - a, a), spans.en.span(j - b, b), french, english, i - a, a, j - b, b, weights);
    known.set(key, c);
    return c;
  };
  const links: ScoredLink[] = [];
  for (let k = 1; k < corners.length; k++) {
    const [i0, j0] = corners[k - 1]!;
    const [i1, j1] = corners[k]!;
    const fr = range(i0, i1 - i0);
    const en = range(j0, j1 - j0);
    const evidence = fr.length === 0 || en.length === 0 ? 0 : evidenceOf(spans.fr.span(i0, fr.length), spans.en.span(j0, en.length), french, english, i0, fr.length, j0, en.length, weights);
    links.push({ fr, en, evidence, margin: marginOf(corners, k, costOf) });
    spans.fr.forget(i0 - 5);
    spans.en.forget(j0 - 5);
    if (k % 64 === 0) known.clear();
  }
  return links;
}

/** The best path's corners, (0, 0) to (n, m), read back from the shape chosen at each cell. */
function cornersOf(back: Uint8Array, at: (i: number, j: number) => number, n: number, m: number): Array<[number, number]> {
  const corners: Array<[number, number]> = [[n, m]];
  for (let i = n, j = m; i > 0 || j > 0; ) {
    const [a, b] = SHAPES[back[at(i, j)]!]!;
    i -= a;
    j -= b;
    corners.push([i, j]);
  }
  return corners.reverse();
}

/**
 * How much dearer the best other way through the link's neighbourhood is (from
 * the corner before the link before it to the corner after the link after it,
 * without this exact link): near 0, the aligner could as well have drawn it
 * otherwise, and a reviewer should look.
 */
function marginOf(corners: ReadonlyArray<[number, number]>, k: number, costOf: (i: number, j: number, a: number, b: number) => number): number {
  const [si, sj] = corners[Math.max(0, k - 2)]!;
  const [ei, ej] = corners[Math.min(corners.length - 1, k + 1)]!;
  const [li, lj] = corners[k - 1]!;
  const [ri, rj] = corners[k]!;
  const width = ej - sj + 1;
  const best = new Float64Array((ei - si + 1) * width).fill(Infinity);
  const other = new Float64Array(best.length).fill(Infinity);
  best[0] = 0;
  // Two tables: the cheapest way to each cell, and the cheapest that avoids the link (li, lj) → (ri, rj).
  other[0] = 0;
  for (let i = si; i <= ei; i++) {
    for (let j = sj; j <= ej; j++) {
      if (i === si && j === sj) continue;
      let b = Infinity;
      let o = Infinity;
      for (const [a, c] of SHAPES) {
        if (i - a < si || j - c < sj) continue;
        const from = (i - a - si) * width + (j - c - sj);
        if (best[from] === Infinity && other[from] === Infinity) continue;
        const step = costOf(i, j, a, c);
        b = Math.min(b, best[from]! + step);
        const isLink = i - a === li && j - c === lj && i === ri && j === rj;
        if (!isLink) o = Math.min(o, other[from]! + step);
      }
      best[(i - si) * width + (j - sj)] = b;
      other[(i - si) * width + (j - sj)] = o;
    }
  }
  const end = best.length - 1;
  return other[end]! - best[end]!;
}

/** The most evidence two bags of these sizes could give: F1 is at most 2·min/(sum) when one bag holds the other. */
function mostEvidence(french: Side, english: Side, i: number, a: number, j: number, b: number, weights: Weights): number {
  const bound = (x: number, y: number) => (x + y === 0 ? 0 : (2 * Math.min(x, y)) / (x + y));
  let frChars = 0;
  let frWords = 0;
  let enChars = 0;
  let enWords = 0;
  for (let k = i; k < i + a; k++) {
    frChars += french.profiles[k]!.chars.total;
    frWords += french.profiles[k]!.words.total;
  }
  for (let k = j; k < j + b; k++) {
    enChars += english.profiles[k]!.chars.total;
    enWords += english.profiles[k]!.words.total;
  }
  const similarity = weights.chars * bound(frChars, enChars) + (1 - weights.chars) * bound(frWords, enWords);
  const background = (sumRange(french.background, i, a) / a + sumRange(english.background, j, b) / b) / 2;
  return similarity - weights.background * background;
}

/** Similarity of a link's two sides less what unrelated sentences share. */
function evidenceOf(frProfile: Profile, enProfile: Profile, french: Side, english: Side, i: number, a: number, j: number, b: number, weights: Weights): number {
  const similarity = weights.chars * bagF1(frProfile.chars, enProfile.chars) + (1 - weights.chars) * bagF1(frProfile.words, enProfile.words);
  const background = (sumRange(french.background, i, a) / a + sumRange(english.background, j, b) / b) / 2;
  return similarity - weights.background * background;
}

/** A link should not run over a paragraph's start: one for each sentence inside it that opens one. */
function paragraphCost(opens: boolean[] | undefined, start: number, count: number): number {
  if (!opens) return 0;
  let crossings = 0;
  for (let k = start + 1; k < start + count; k++) if (opens[k]) crossings++;
  return crossings;
}

/** Gale and Church (1993): -ln P(match | δ), δ the length difference over its expected spread (s² = 6.8). */
export function galeChurch(frLength: number, enLength: number): number {
  if (frLength === 0 && enLength === 0) return 0;
  const mean = (frLength + enLength) / 2;
  const z = Math.abs(frLength - enLength) / Math.sqrt(6.8 * mean);
  const x = z / Math.SQRT2;
  // -ln erfc(x), by its asymptote where erfc underflows.
  if (x < 5) return -Math.log(erfc(x));
  return x * x + Math.log(x * Math.sqrt(Math.PI));
}

/** Complementary error function (Numerical Recipes' erfcc, relative error < 1.2e-7). */
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  return t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
}

/** Profiles of runs of 2 to 4 sentences, made once and forgotten once the search has passed them. */
class SpanCache {
  private readonly runs = new Map<number, Profile>();
  constructor(private readonly profiles: Profile[]) {}

  span(start: number, count: number): Profile {
    if (count === 1) return this.profiles[start]!;
    const key = start * 8 + count;
    let profile = this.runs.get(key);
    if (!profile) {
      // One merge per run: the run one sentence shorter is there already, or made on the way.
      profile = mergeProfiles([this.span(start, count - 1), this.profiles[start + count - 1]!]);
      this.runs.set(key, profile);
    }
    return profile;
  }

  forget(before: number): void {
    for (const key of this.runs.keys()) if (key >> 3 < before) this.runs.delete(key);
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function sumRange(values: ArrayLike<number>, start: number, count: number): number {
  let total = 0;
  for (let k = start; k < start + count; k++) total += values[k]!;
  return total;
}

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => start + k);
}
