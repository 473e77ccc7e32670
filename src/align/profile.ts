// Bags of character n-grams and words of a sentence, kept as sorted hashed keys
// with counts, so two sentences (or runs of sentences) compare by one merge of
// two sorted arrays. This is what the aligner's similarity is made of: the
// translator's English of the French against the human English, chrF-like.

/** A multiset of hashed features, keys ascending and unique. */
export interface Bag {
  keys: Uint32Array;
  counts: Uint16Array;
  /** Sum of counts. */
  total: number;
}

/** What a sentence is compared by: character n-grams and words. */
export interface Profile {
  chars: Bag;
  words: Bag;
}

/** Character n-gram orders: chrF's low orders carry most of the signal between a machine and a human translation. */
const CHAR_ORDERS = [1, 2, 3, 4] as const;

const EMPTY: Bag = { keys: new Uint32Array(0), counts: new Uint16Array(0), total: 0 };

/** Lower case, accents off, everything that is not a letter or a digit as one space. */
export function normaliseForComparison(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function profileOf(text: string): Profile {
  const plain = normaliseForComparison(text);
  const chars: number[] = [];
  // chrF ignores white space: n-grams run within words.
  const words = plain === '' ? [] : plain.split(' ');
  for (const word of words) {
    for (const order of CHAR_ORDERS) {
      for (let at = 0; at + order <= word.length; at++) chars.push(hash(word.slice(at, at + order), order));
    }
  }
  return { chars: bagOf(chars), words: bagOf(words.map((word) => hash(word, 7))) };
}

/** The bag of several bags (a run of sentences). */
export function mergeBags(bags: readonly Bag[]): Bag {
  if (bags.length === 1) return bags[0]!;
  if (bags.length === 0) return EMPTY;
  let merged = bags[0]!;
  for (let k = 1; k < bags.length; k++) merged = mergeTwo(merged, bags[k]!);
  return merged;
}

export function mergeProfiles(profiles: readonly Profile[]): Profile {
  if (profiles.length === 1) return profiles[0]!;
  return { chars: mergeBags(profiles.map((p) => p.chars)), words: mergeBags(profiles.map((p) => p.words)) };
}

/** Shared count of two bags: the sum over keys of the smaller count. */
export function overlap(a: Bag, b: Bag): number {
  const ak = a.keys;
  const bk = b.keys;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < ak.length && j < bk.length) {
    const x = ak[i]!;
    const y = bk[j]!;
    if (x === y) {
      shared += Math.min(a.counts[i]!, b.counts[j]!);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

/** F1 of two bags: harmonic mean of the shares of each that the other covers. */
export function bagF1(a: Bag, b: Bag): number {
  if (a.total === 0 || b.total === 0) return 0;
  return (2 * overlap(a, b)) / (a.total + b.total);
}

function mergeTwo(a: Bag, b: Bag): Bag {
  const keys = new Uint32Array(a.keys.length + b.keys.length);
  const counts = new Uint16Array(keys.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.keys.length || j < b.keys.length) {
    const x = i < a.keys.length ? a.keys[i]! : Infinity;
    const y = j < b.keys.length ? b.keys[j]! : Infinity;
    if (x === y) {
      keys[n] = x;
      counts[n++] = Math.min(65535, a.counts[i++]! + b.counts[j++]!);
    } else if (x < y) {
      keys[n] = x;
      counts[n++] = a.counts[i++]!;
    } else {
      keys[n] = y;
      counts[n++] = b.counts[j++]!;
    }
  }
  // Views, not copies: the few unused slots cost less than a second allocation and copy of each.
  return { keys: keys.subarray(0, n), counts: counts.subarray(0, n), total: a.total + b.total };
}

function bagOf(hashes: number[]): Bag {
  if (hashes.length === 0) return EMPTY;
  const sorted = Uint32Array.from(hashes).sort();
  const keys: number[] = [];
  const counts: number[] = [];
  for (const key of sorted) {
    if (keys.length > 0 && keys[keys.length - 1] === key) counts[counts.length - 1]!++;
    else {
      keys.push(key);
      counts.push(1);
    }
  }
  return { keys: Uint32Array.from(keys), counts: Uint16Array.from(counts.map((c) => Math.min(c, 65535))), total: hashes.length };
}

/** FNV-1a over the UTF-16 code units, seeded by the feature's kind so a 1-gram and a word never collide by construction. */
function hash(text: string, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}
