// Word lists for telling English from French and Spanish words: the
// an-array-of-*-words packages (the hunspell dictionaries of dictionary-en,
// dictionary-fr and dictionary-es, expanded to every inflected form). Each list
// is loaded on first use only (the text of its package), and held once
// per process. The check stage uses them to find untranslated words, the
// Apertium engine to split Spanish compounds its pivot step glued together.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type WordListLang = 'en' | 'fr' | 'es';

const require = createRequire(import.meta.url);

// Written out one by one, so that dependency checkers see each package used.
const FILES: Record<WordListLang, () => string> = {
  en: () => require.resolve('an-array-of-english-words'),
  fr: () => require.resolve('an-array-of-french-words'),
  es: () => require.resolve('an-array-of-spanish-words'),
};

/**
 * A word list kept as the bytes of the package's own JSON file, `["a","b",…]`:
 * the lists are sorted (code-unit order, which for these words is also the
 * order of their UTF-8 bytes), so a lookup is a binary search over the bytes
 * themselves. No index is built: finding the word at a byte is a few steps
 * back to its opening quote, which costs a lookup less than building an index
 * of a million words costs a run (about 150 ms of a batch's start). A million
 * words cost their bytes once instead of a string object each (about 16 MB for
 * the three lists, about 230 MB as Sets), outside the JavaScript heap: the
 * collector lets the heap grow to a multiple of what it holds before
 * collecting again, so lists on the heap would make every later run of garbage
 * larger too. No word holds a quotation mark or is empty (test/word-lists.test.ts
 * looks up every word of the three lists).
 */
class SortedWords {
  /** The first byte of the first word, and the closing quotation mark of the last. */
  private readonly first: number;
  private readonly last: number;

  constructor(private readonly bytes: Buffer) {
    this.first = bytes.indexOf(QUOTE) + 1;
    this.last = bytes.lastIndexOf(QUOTE);
  }

  has(word: string): boolean {
    const { read, written } = encoder.encodeInto(word, scratch);
    if (read < word.length) return false; // longer than any word of the lists
    const { bytes } = this;
    // Words wholly inside [low, high): low is a word's first byte, high a word's closing quotation mark.
    let low = this.first;
    let high = this.last;
    while (low < high) {
      let start = (low + high) >>> 1;
      while (start > low && bytes[start - 1] !== QUOTE) start--;
      // Just after a closing quotation mark: the next word starts past `,"`.
      if (bytes[start] === COMMA && bytes[start - 1] === QUOTE && bytes[start + 1] === QUOTE) start += 2;
      let end = start;
      while (bytes[end] !== QUOTE) end++;
      const order = compareBytes(bytes, start, end, scratch, written);
      if (order === 0) return true;
      // `…","…`: the word before ends three bytes before this one starts, the next starts three after it ends.
      if (order < 0) low = end + 3;
      else high = start - 3;
    }
    return false;
  }
}

// A lookup's word, as UTF-8, without an allocation per lookup.
const encoder = new TextEncoder();
const scratch = new Uint8Array(256);

/** bytes[start, end) against key[0, length), in byte order (a plain loop: a native call per step costs more). */
function compareBytes(bytes: Uint8Array, start: number, end: number, key: Uint8Array, length: number): number {
  const common = Math.min(end - start, length);
  for (let i = 0; i < common; i++) {
    const difference = bytes[start + i]! - key[i]!;
    if (difference !== 0) return difference;
  }
  return end - start - length;
}

const QUOTE = 0x22;
const COMMA = 0x2c;

const loaded = new Map<WordListLang, SortedWords>();

function load(lang: WordListLang): SortedWords {
  let words = loaded.get(lang);
  if (!words) {
    words = new SortedWords(readFileSync(FILES[lang]()));
    loaded.set(lang, words);
  }
  return words;
}

/**
 * Lower case; for Spanish, whose list writes "tambien", "pinguino" but "niños",
 * accents and diaeresis stripped and ñ kept. The English list has no accented word.
 */
export function wordKey(word: string, lang: WordListLang): string {
  const lower = word.toLowerCase().normalize('NFC');
  if (lang !== 'es') return lower;
  return lower.replace(/ñ/gu, '\u0000').normalize('NFD').replace(/\p{M}/gu, '').replace(/\u0000/gu, 'ñ');
}

/** Answers already looked up, per language: a run asks for the same few thousand words again and again. */
const answers: Record<WordListLang, Map<string, boolean>> = { en: new Map(), fr: new Map(), es: new Map() };
/** Answers kept per language, at most (a word is a few dozen bytes; the lists' own words are a million). */
const KEPT_ANSWERS = 50_000;

/** Whether `word` (any case) is a word of the language's dictionary. */
export function isWord(word: string, lang: WordListLang): boolean {
  const kept = answers[lang];
  let answer = kept.get(word);
  if (answer === undefined) {
    answer = load(lang).has(wordKey(word, lang));
    if (kept.size >= KEPT_ANSWERS) kept.clear();
    kept.set(word, answer);
  }
  return answer;
}

// Auxiliaries and clitics Apertium's French→Spanish step glues to the next word
// when it drops the pronoun of an inversion ("a-t-il déclaré" → "hadeclarado").
const SPANISH_GLUE_HEADS = [
  'he', 'has', 'ha', 'hemos', 'han', 'había', 'habías', 'habíamos', 'habían', 'habrá', 'habrán', 'habría', 'habrían',
  'hubo', 'hubiera', 'hubieran', 'haya', 'hayan', 'se', 'me', 'te', 'le', 'lo', 'la', 'nos', 'les', 'los', 'las',
];

/**
 * "hadeclarado" → ["ha", "declarado"], "seha" → ["se", "ha"]: a word that is not
 * Spanish but is an auxiliary or clitic glued to a Spanish word. Undefined otherwise.
 */
export function splitSpanishCompound(word: string): string[] | undefined {
  if (word.length < 4 || isWord(word, 'es')) return undefined;
  const lower = word.toLowerCase();
  // Shortest head first: "hasido" is "ha sido", not "has ido".
  for (const head of [...SPANISH_GLUE_HEADS].sort((a, b) => a.length - b.length)) {
    const key = wordKey(head, 'es');
    if (!wordKey(lower, 'es').startsWith(key) || lower.length - head.length < 2) continue;
    const rest = lower.slice(head.length);
    if (isWord(rest, 'es')) return [word.slice(0, head.length), rest];
    const deeper = splitSpanishCompound(rest);
    if (deeper) return [word.slice(0, head.length), ...deeper];
  }
  return undefined;
}

const plain = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The candidate most like `word`, accents and case aside (edit distance over
 * the longer length), when at least `threshold` alike: which French word a
 * pivot-language leftover stands for ("millardos" ← "milliards").
 */
export function closestWord(word: string, candidates: Iterable<string>, threshold = 0.5): string | undefined {
  const a = plain(word);
  let best: string | undefined;
  let bestScore = 0;
  for (const candidate of new Set(candidates)) {
    const b = plain(candidate);
    if (b.length < 3) continue;
    const score = 1 - editDistance(a, b) / Math.max(a.length, b.length);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return bestScore >= threshold ? best : undefined;
}

/** Levenshtein distance (two rows): short words only, so no library is worth it in core. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
