// Word lists for telling English from French and Spanish words: the
// an-array-of-*-words packages (the hunspell dictionaries of dictionary-en,
// dictionary-fr and dictionary-es, expanded to every inflected form). Each list
// is loaded on first use only (tens of megabytes of strings), and held once
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

const loaded = new Map<WordListLang, Set<string>>();

/**
 * Lower case; for Spanish, whose list writes "tambien", "pinguino" but "niños",
 * accents and diaeresis stripped and ñ kept. The English list has no accented word.
 */
export function wordKey(word: string, lang: WordListLang): string {
  const lower = word.toLowerCase().normalize('NFC');
  if (lang !== 'es') return lower;
  return lower.replace(/ñ/gu, '\u0000').normalize('NFD').replace(/\p{M}/gu, '').replace(/\u0000/gu, 'ñ');
}

function load(lang: WordListLang): Set<string> {
  let words = loaded.get(lang);
  if (!words) {
    const file = FILES[lang]();
    words = new Set((JSON.parse(readFileSync(file, 'utf8')) as string[]).map((word) => (lang === 'fr' ? word.normalize('NFC') : word)));
    loaded.set(lang, words);
  }
  return words;
}

/** Whether `word` (any case) is a word of the language's dictionary. */
export function isWord(word: string, lang: WordListLang): boolean {
  return load(lang).has(wordKey(word, lang));
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
