// Words of the pivot language left in Apertium's English. With the Spanish
// pivot, the French→Spanish step sometimes glues an auxiliary or clitic to the
// next word when it drops the pronoun of an inversion: "a-t-il déclaré" →
// "hadeclarado", "a-t-il été" → "hasido", "a-t-on appris" → "seha aprendí".
// The Spanish→English step does not know the glued word and passes it through
// marked once (a French word neither step knew is marked twice, "**dévasté").
// A glued compound is split with the Spanish word list and the split phrase
// translated again by the second step ("ha declarado" → "it has declared");
// a Spanish number word English writes otherwise is given its English
// ("3,4 millardos" → "3,4 billion"); any other leftover ("noreste") falls back
// to the French word it stands for ("nord-est"), found among the source's words
// by what the first step makes of each (the same form, or the same lemma by
// Apertium's Spanish analyser), else by likeness, and marked unknown.
// Leftovers are the words the second step marked unknown, and unmarked words
// that only Spanish has (the second step knew the word but had no English for
// it: "sindical").

import type { AppliedFix } from '../../core/types.js';
import { closestWord, isWord, splitSpanishCompound } from '../../core/word-lists.js';
import { allMatches } from '../../core/matches.js';

export interface PivotLeftover {
  /** The word as the second step left it, without its mark. */
  word: string;
  /** Whether the second step marked it unknown ("*noreste"). */
  marked: boolean;
  /** Its parts, when it is a glued Spanish compound. */
  split?: string[];
}

// Exactly one unknown mark: the second step's, on a word the first step produced
// (which may carry the first step's generation mark: "#*francófono").
const SINGLE_MARK = /(?<![*#@\p{L}\p{N}])#?\*(?![*#@])(\p{L}[\p{L}\p{M}]*)/gu;
// An unmarked lower-case word, not part of a hyphenated or marked one, nor of a placeholder.
const PLAIN_WORD = /(?<![*#@\p{L}\p{M}\p{N}'’-])\p{Ll}[\p{L}\p{M}]*(?![\p{L}\p{M}\p{N}]|['’-]\p{L})/gu;
const WORD = /\p{L}[\p{L}\p{M}]*(?:-\p{L}[\p{L}\p{M}]*)*/gu;

/**
 * Spanish number words the English step does not know, with their English:
 * "millardo" is a thousand million. Keyed by the Spanish form.
 */
const NUMBER_WORDS = new Map([
  ['millardo', 'billion'],
  ['millardos', 'billion'],
]);

export function findPivotLeftovers(text: string, pivot: string): PivotLeftover[] {
  const marked = allMatches(text, SINGLE_MARK).map((m): PivotLeftover => {
    const word = m[1]!;
    const split = pivot === 'es' ? splitSpanishCompound(word) : undefined;
    return { word, marked: true, ...(split ? { split } : {}) };
  });
  if (pivot !== 'es') return marked;
  const unmarked = allMatches(text, PLAIN_WORD)
    .map((m) => m[0])
    .filter((word) => word.length > 3 && !isWord(word, 'en') && isWord(word, 'es') && !isWord(word, 'fr'))
    .map((word): PivotLeftover => ({ word, marked: false }));
  return [...marked, ...unmarked];
}

/** Lemmas of a pivot word, from Apertium's analyser of that language (empty when it does not know it). */
export type PivotLemmas = Map<string, string[]>;

/**
 * The French word whose own translation into the pivot is the leftover: the
 * same form ("taquillas" ← "guichets"), its singular or plural, then the same
 * lemma ("saneados" ← "assainis", whose own is "saneado").
 */
function sourceOf(leftover: string, frenchWords: string[], firstStep: PivotWordsOf, lemmas: PivotLemmas): string | undefined {
  const key = plainWord(leftover);
  const lemmasOf = (word: string) => lemmas.get(word.toLowerCase()) ?? [];
  const own = new Set(lemmasOf(leftover));
  return (
    frenchWords.find((word) => firstStep.plain(word).includes(key)) ??
    frenchWords.find((word) => firstStep.plain(word).some((pivot) => pivot + 's' === key || pivot === key + 's' || pivot + 'es' === key)) ??
    (own.size > 0 ? frenchWords.find((word) => firstStep.words(word).some((pivot) => lemmasOf(pivot).some((lemma) => own.has(lemma)))) : undefined)
  );
}

/**
 * The first step's words for each French word, as they are and accent- and
 * case-free, each worked out once per sentence: every leftover of a sentence
 * looks through the same French words (normalising them again for each
 * leftover was most of the repair's matching time).
 */
class PivotWordsOf {
  private readonly found = new Map<string, { words: string[]; plain: string[] }>();
  constructor(private readonly pivotOf: Map<string, string>) {}

  words(french: string): string[] {
    return this.of(french).words;
  }

  plain(french: string): string[] {
    return this.of(french).plain;
  }

  private of(french: string): { words: string[]; plain: string[] } {
    let known = this.found.get(french);
    if (!known) {
      const words = (this.pivotOf.get(french) ?? '').replace(/[*#@]/gu, '').split(/\s+/u);
      this.found.set(french, (known = { words, plain: words.map(plainWord) }));
    }
    return known;
  }
}

const plainWord = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function keepCase(original: string, replacement: string): string {
  const first = original.charAt(0);
  const capital = first !== first.toLowerCase();
  return capital ? replacement.charAt(0).toUpperCase() + replacement.slice(1) : replacement.charAt(0).toLowerCase() + replacement.slice(1);
}

/** Where the leftover stands in `text`: "*word", or the bare word between word boundaries. */
function placeOf(text: string, leftover: PivotLeftover): { at: number; length: number } | undefined {
  if (leftover.marked) {
    const at = text.indexOf(`*${leftover.word}`);
    if (at < 0) return undefined;
    return text[at - 1] === '#' ? { at: at - 1, length: leftover.word.length + 2 } : { at, length: leftover.word.length + 1 };
  }
  if (!LETTERS.test(leftover.word)) {
    const m = new RegExp(`(?<![*#@\\p{L}\\p{M}\\p{N}'’-])${leftover.word}(?![\\p{L}\\p{M}\\p{N}])`, 'u').exec(text);
    return m ? { at: m.index, length: m[0].length } : undefined;
  }
  // A word of letters: where the pattern above would find it, without compiling it (a Unicode class
  // costs a quarter of a millisecond to compile, for each leftover of each sentence).
  const { word } = leftover;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const end = at + word.length;
    if (!GLUED_BEFORE.test(text.slice(Math.max(0, at - 2), at)) && !GLUED_AFTER.test(text.slice(end, end + 2))) return { at, length: word.length };
  }
  return undefined;
}

const LETTERS = /^[\p{L}\p{M}]+$/u;
// What may not touch a bare leftover: before it, a mark, a letter, a digit, an apostrophe or a hyphen; after it, a letter or a digit.
const GLUED_BEFORE = /[*#@\p{L}\p{M}\p{N}'’-]$/u;
const GLUED_AFTER = /^[\p{L}\p{M}\p{N}]/u;

/**
 * The French words a leftover of `text` can fall back to: the source's words
 * (hyphenated ones whole and in parts) that the English does not already hold.
 * Only these need the first step's translation of each word.
 */
export function fallbackCandidates(text: string, source: string): string[] {
  const used = new Set((text.match(WORD) ?? []).map((word) => word.toLowerCase()));
  return (source.match(WORD) ?? []).flatMap((word) => (word.includes('-') ? [word, ...word.split('-')] : [word])).filter((word) => !used.has(word.toLowerCase()));
}

/** `text` with each leftover replaced; the French fallbacks are reported as unknown words. */
export function repairPivotLeftovers(
  text: string,
  source: string,
  leftovers: PivotLeftover[],
  english: Map<string, string>,
  /** The first step's output for single French words of the source. */
  pivotOf: Map<string, string> = new Map(),
  /** Lemmas of the leftovers and of the first step's words, by lower-case form. */
  lemmas: PivotLemmas = new Map(),
): { text: string; unknown: string[]; fixes: AppliedFix[] } {
  const fixes: AppliedFix[] = [];
  const unknown: string[] = [];
  const frenchWords = fallbackCandidates(text, source);
  const pivot = new PivotWordsOf(pivotOf);
  let out = text;
  for (const leftover of leftovers) {
    const translated = leftover.split ? english.get(leftover.split.join(' '))?.replace(/[.\s]+$/u, '') : undefined;
    const number = NUMBER_WORDS.get(leftover.word.toLowerCase());
    let replacement: string | undefined;
    let rule: string;
    // A translation still holding marks did not help; fall back like any other leftover.
    if (translated && !/[*#@]/u.test(translated)) {
      replacement = keepCase(leftover.word, translated);
      rule = 'pivot-compound';
    } else if (number) {
      replacement = keepCase(leftover.word, number);
      rule = 'pivot-number-word';
    } else {
      const french = sourceOf(leftover.word, frenchWords, pivot, lemmas) ?? closestWord(leftover.word, frenchWords);
      if (french === undefined) continue;
      replacement = keepCase(leftover.word, french);
      unknown.push(replacement);
      rule = 'pivot-fallback';
    }
    const place = placeOf(out, leftover);
    if (!place) continue;
    out = out.slice(0, place.at) + replacement + out.slice(place.at + place.length);
    fixes.push({ rule, from: leftover.word, to: replacement });
  }
  return { text: out, unknown, fixes };
}
