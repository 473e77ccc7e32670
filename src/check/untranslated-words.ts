// Words of the English that are not English: French left untranslated, or
// words of the pivot language (Spanish for Apertium's default route) that the
// second step did not know. Told apart with the hunspell-derived word lists
// (src/core/word-lists.ts), the French source and the engine's own
// unknown-word marks. Only lower-case words count (capitals are names), and
// a word at the start of a sentence is read in lower case.

import type { Segment } from '../core/types.js';
import { closestWord, isWord, splitSpanishCompound, wordKey } from '../core/word-lists.js';
import { allMatches } from '../core/matches.js';

export interface ForeignWord {
  word: string;
  lang: 'fr' | 'es';
  /** The French word it stands for, when one of the source's is close enough. */
  french?: string;
}

const WORD = /(?<![\p{L}\p{M}'’-])\p{Ll}[\p{L}\p{M}]*(?![\p{L}\p{M}]|['’-]\p{L})|(?<=^|[.!?]\s+|[“"«]\s?)\p{Lu}\p{Ll}[\p{Ll}\p{M}]*(?![\p{L}\p{M}]|['’-]\p{L})/gu;
/** Abbreviations both languages write alike. */
const ABBREVIATIONS = new Set(['etc', 'km', 'kg', 'cm', 'mm', 'ml', 'min', 'max', 'vs', 'ok', 'dr', 'mr', 'mrs', 'st', 'h', 'n°']);
const FRENCH_WORD = /\p{L}[\p{L}\p{M}]*/gu;

/** The source word most like `word` (accents aside) that the English does not already have. */
export function frenchOrigin(word: string, source: string, target: string): string | undefined {
  const used = new Set((target.match(FRENCH_WORD) ?? []).map((w) => w.toLowerCase()));
  return closestWord(word, (source.match(FRENCH_WORD) ?? []).filter((w) => !used.has(w.toLowerCase())));
}

/** Whether the segment's engine went through Spanish (Apertium's default pivot). */
function spanishPivot(segment: Segment): boolean {
  return /-es-/u.test(segment.provenance?.model ?? '');
}

// Two rules ask for the same segment's foreign words one after the other
// (french-word-left, pivot-language-word): the last answer is kept, for that
// segment while its texts are the same (one answer, not one per segment: an
// article of 40,000 sentences would hold them all).
let lastAnswer: { segment: Segment; source: string; target: string; unknownWords: string[]; model: string | undefined; words: ForeignWord[] } | undefined;

export function foreignWords(segment: Segment & { target: string }): ForeignWord[] {
  const last = lastAnswer;
  const model = segment.provenance?.model;
  if (last?.segment === segment && last.source === segment.source && last.target === segment.target && last.unknownWords === segment.unknownWords && last.model === model) return last.words;
  const words = findForeignWords(segment);
  lastAnswer = { segment, source: segment.source, target: segment.target, unknownWords: segment.unknownWords, model, words };
  return words;
}

function findForeignWords(segment: Segment & { target: string }): ForeignWord[] {
  const sourceWords = new Set((segment.source.match(FRENCH_WORD) ?? []).map((word) => word.toLowerCase()));
  const unknown = new Set(segment.unknownWords.map((word) => word.toLowerCase()));
  const found: ForeignWord[] = [];
  const seen = new Set<string>();
  for (const m of allMatches(segment.target, WORD)) {
    const word = m[0];
    const lower = word.toLowerCase();
    if (seen.has(lower) || lower.length < 2) continue;
    seen.add(lower);
    const marked = unknown.has(lower);
    const inSource = sourceWords.has(lower);
    const capital = word !== lower;
    // A capital starting a sentence is read in lower case, but a name ("Kennedy", "California") is left alone unless the engine marked it.
    if (capital && !marked) continue;
    if (ABBREVIATIONS.has(lower) || (isWord(lower, 'en') && !marked)) continue;
    if (inSource) {
      // The French word itself, copied over: a French word the lists know, or one the engine did not know.
      if (marked || isWord(lower, 'fr')) found.push({ word, lang: 'fr', french: word });
      continue;
    }
    const spanish = isWord(lower, 'es') || splitSpanishCompound(lower) !== undefined;
    const french = isWord(lower, 'fr') || (wordKey(lower, 'fr') !== lower && isWord(wordKey(lower, 'fr'), 'fr'));
    if (!spanish && !french) continue;
    const lang: 'fr' | 'es' = spanish && (!french || marked || spanishPivot(segment)) ? 'es' : 'fr';
    const origin = frenchOrigin(word, segment.source, segment.target);
    found.push({ word, lang, ...(origin ? { french: origin } : {}) });
  }
  return found;
}
