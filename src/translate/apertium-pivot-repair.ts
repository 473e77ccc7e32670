// Words of the pivot language left in Apertium's English. With the Spanish
// pivot, the French→Spanish step sometimes glues an auxiliary or clitic to the
// next word when it drops the pronoun of an inversion: "a-t-il déclaré" →
// "hadeclarado", "a-t-il été" → "hasido", "a-t-on appris" → "seha aprendí".
// The Spanish→English step does not know the glued word and passes it through
// marked once (a French word neither step knew is marked twice, "**dévasté").
// A glued compound is split with the Spanish word list and the split phrase
// translated again by the second step ("ha declarado" → "it has declared");
// any other leftover ("millardos") falls back to the French word it stands
// for, found among the source's words by likeness, and marked unknown.

import type { AppliedFix } from '../core/types.js';
import { closestWord, splitSpanishCompound } from '../core/word-lists.js';

export interface PivotLeftover {
  /** The word as the second step left it, without its mark. */
  word: string;
  /** Its parts, when it is a glued Spanish compound. */
  split?: string[];
}

// Exactly one unknown mark: the second step's, on a word the first step produced.
const SINGLE_MARK = /(?<![*#@\p{L}\p{N}])\*(?![*#@])(\p{L}[\p{L}\p{M}]*)/gu;
const WORD = /\p{L}[\p{L}\p{M}]*/gu;

export function findPivotLeftovers(text: string, pivot: string): PivotLeftover[] {
  return [...text.matchAll(SINGLE_MARK)].map((m) => {
    const word = m[1]!;
    const split = pivot === 'es' ? splitSpanishCompound(word) : undefined;
    return { word, ...(split ? { split } : {}) };
  });
}

/** The French word whose own translation into the pivot is the leftover (or its singular/plural). */
function sourceOf(leftover: string, frenchWords: string[], pivotOf: Map<string, string>): string | undefined {
  const key = plainWord(leftover);
  const pivotWords = (word: string) => (pivotOf.get(word) ?? '').replace(/[*#@]/gu, '').split(/\s+/u).map(plainWord);
  // The same form first ("taquillas" ← "guichets"), then singular or plural of it.
  return (
    frenchWords.find((word) => pivotWords(word).includes(key)) ??
    frenchWords.find((word) => pivotWords(word).some((pivot) => pivot + 's' === key || pivot === key + 's' || pivot + 'es' === key))
  );
}

const plainWord = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function keepCase(original: string, replacement: string): string {
  const first = original.charAt(0);
  const capital = first !== first.toLowerCase();
  return capital ? replacement.charAt(0).toUpperCase() + replacement.slice(1) : replacement.charAt(0).toLowerCase() + replacement.slice(1);
}

/** `text` with each leftover replaced; the French fallbacks are reported as unknown words. */
export function repairPivotLeftovers(
  text: string,
  source: string,
  leftovers: PivotLeftover[],
  english: Map<string, string>,
  /** The first step's output for single French words of the source. */
  pivotOf: Map<string, string> = new Map(),
): { text: string; unknown: string[]; fixes: AppliedFix[] } {
  const fixes: AppliedFix[] = [];
  const unknown: string[] = [];
  const used = new Set((text.match(WORD) ?? []).map((word) => word.toLowerCase()));
  const frenchWords = (source.match(WORD) ?? []).filter((word) => !used.has(word.toLowerCase()));
  let out = text;
  for (const leftover of leftovers) {
    const translated = leftover.split ? english.get(leftover.split.join(' '))?.replace(/[.\s]+$/u, '') : undefined;
    let replacement: string | undefined;
    let rule: string;
    // A translation still holding marks did not help; fall back like any other leftover.
    if (translated && !/[*#@]/u.test(translated)) {
      replacement = keepCase(leftover.word, translated);
      rule = 'pivot-compound';
    } else {
      const french = sourceOf(leftover.word, frenchWords, pivotOf) ?? closestWord(leftover.word, frenchWords);
      if (french === undefined) continue;
      replacement = keepCase(leftover.word, french);
      unknown.push(replacement);
      rule = 'pivot-fallback';
    }
    const marked = `*${leftover.word}`;
    const at = out.indexOf(marked);
    if (at < 0) continue;
    out = out.slice(0, at) + replacement + out.slice(at + marked.length);
    fixes.push({ rule, from: leftover.word, to: replacement });
  }
  return { text: out, unknown, fixes };
}
