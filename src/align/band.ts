// Where in the sentence grid the alignment can be: a band around a path
// through anchors. Anchors are French sentences whose English (from the
// translator) shares rare words — names, numbers, uncommon nouns — with one
// English sentence that, in turn, shares them best with it; the longest chain
// of such pairs that keeps both orders is the skeleton. The band follows the
// skeleton and widens away from anchors, so the search costs time and memory
// linear in the text's length even when sentences were merged or left out.

import { normaliseForComparison } from './profile.js';

/** Rows 0..n of the grid (French sentences consumed), each with the English range [lo, hi] it may reach. */
export interface Band {
  lo: Int32Array;
  hi: Int32Array;
}

export interface BandOptions {
  /** Half width of the band at an anchor. */
  margin: number;
  /** How much farther the band may reach halfway between anchors far apart. */
  maxGrowth: number;
}

/** An anchor: French sentence `fr` and English sentence `en` are translations of each other (very likely). */
export interface Anchor {
  fr: number;
  en: number;
  score: number;
}

/**
 * Anchor pairs by rare shared words: `machine[i]` is the translator's English of
 * French sentence i, `english[j]` the human English sentence j.
 */
export function findAnchors(machine: readonly string[], english: readonly string[], threshold = 0.3): Anchor[] {
  const n = machine.length;
  const m = english.length;
  if (n === 0 || m === 0) return [];
  const enTokens = english.map(stems);
  const frTokens = machine.map(stems);
  const postings = new Map<string, number[]>();
  enTokens.forEach((tokens, j) => {
    for (const token of tokens) {
      const list = postings.get(token);
      if (list) list.push(j);
      else postings.set(token, [j]);
    }
  });
  // Words in more than a few sentences say little about which sentence is which.
  const maxDf = Math.max(3, Math.ceil(0.03 * m));
  const idf = (token: string): number => {
    const df = postings.get(token)?.length ?? 0;
    return df === 0 || df > maxDf ? 0 : Math.log((m + 1) / df);
  };
  const norm = (tokens: Set<string>) => Math.sqrt([...tokens].reduce((sum, token) => sum + idf(token) ** 2, 0)) || 1;
  const enNorm = enTokens.map(norm);
  // Diagonal drift allowed when looking for a sentence's partner.
  const reach = Math.max(25, Math.ceil(0.15 * Math.max(n, m)));
  const bestForFr = new Int32Array(n).fill(-1);
  const bestFrScore = new Float64Array(n);
  const bestForEn = new Int32Array(m).fill(-1);
  const bestEnScore = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const centre = ((i + 0.5) * m) / n;
    const from = Math.floor(centre - reach);
    const to = Math.ceil(centre + reach);
    const scores = new Map<number, number>();
    for (const token of frTokens[i]!) {
      const weight = idf(token);
      if (weight === 0) continue;
      for (const j of postings.get(token)!) {
        if (j < from || j > to) continue;
        scores.set(j, (scores.get(j) ?? 0) + weight * weight);
      }
    }
    const frNorm = norm(frTokens[i]!);
    for (const [j, dot] of scores) {
      const score = dot / (frNorm * enNorm[j]!);
      if (score > bestFrScore[i]!) {
        bestFrScore[i] = score;
        bestForFr[i] = j;
      }
      if (score > bestEnScore[j]!) {
        bestEnScore[j] = score;
        bestForEn[j] = i;
      }
    }
  }
  const candidates: Anchor[] = [];
  for (let i = 0; i < n; i++) {
    const j = bestForFr[i]!;
    if (j >= 0 && bestForEn[j] === i && bestFrScore[i]! >= threshold) candidates.push({ fr: i, en: j, score: bestFrScore[i]! });
  }
  return longestChain(candidates);
}

/** The band for an n × m grid around the anchors. */
export function bandAround(anchors: readonly Anchor[], n: number, m: number, options: BandOptions): Band {
  // The corners are anchors too: every alignment starts at (0, 0) and ends at (n, m).
  const points = [{ fr: 0, en: 0 }, ...anchors.map((a) => ({ fr: a.fr + 0.5, en: a.en + 0.5 })), { fr: n, en: m }];
  const lo = new Int32Array(n + 1);
  const hi = new Int32Array(n + 1);
  let k = 0;
  for (let i = 0; i <= n; i++) {
    while (k < points.length - 2 && points[k + 1]!.fr <= i) k++;
    const a = points[k]!;
    const b = points[k + 1]!;
    const span = b.fr - a.fr;
    const t = span > 0 ? (i - a.fr) / span : 0;
    const centre = a.en + t * (b.en - a.en);
    const distance = Math.min(Math.abs(i - a.fr), Math.abs(b.fr - i));
    // Between distant anchors the path is less certain; it also may run anywhere in the anchors' rectangle.
    const width = options.margin + Math.min(options.maxGrowth, distance);
    lo[i] = Math.max(0, Math.floor(Math.min(centre - width, Math.max(a.en, centre - width - options.maxGrowth))));
    hi[i] = Math.min(m, Math.ceil(Math.max(centre + width, Math.min(b.en, centre + width + options.maxGrowth))));
  }
  lo[0] = 0;
  hi[n] = m;
  // Both edges never step back, so every row reaches the next.
  for (let i = n - 1; i >= 0; i--) lo[i] = Math.min(lo[i]!, lo[i + 1]!);
  for (let i = 1; i <= n; i++) hi[i] = Math.max(hi[i]!, hi[i - 1]!);
  for (let i = 1; i <= n; i++) if (lo[i]! > hi[i - 1]!) lo[i] = hi[i - 1]!;
  return { lo, hi };
}

/** The most anchors that keep both orders (longest increasing subsequence, patience sorting). */
function longestChain(candidates: readonly Anchor[]): Anchor[] {
  const tails: number[] = [];
  const previous = new Int32Array(candidates.length).fill(-1);
  candidates.forEach((anchor, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (candidates[tails[mid]!]!.en < anchor.en) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[index] = tails[low - 1]!;
    tails[low] = index;
  });
  const chain: Anchor[] = [];
  for (let at = tails.length > 0 ? tails[tails.length - 1]! : -1; at >= 0; at = previous[at]!) chain.push(candidates[at]!);
  return chain.reverse();
}

/** Distinct word stems (first five letters) of a sentence: enough to match "soldiers" with "soldier". */
function stems(text: string): Set<string> {
  const words = normaliseForComparison(text).split(' ');
  return new Set(words.filter((word) => word.length >= 3 || /\d/.test(word)).map((word) => word.slice(0, 5)));
}
