// The word lists are searched in their packages' own bytes, without an index
// (src/core/word-lists.ts): every word of every list must be found, and words
// that are not in a list must not be, whatever byte the search lands on.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isWord, wordKey, type WordListLang } from '../src/core/word-lists.js';

const require = createRequire(import.meta.url);
const PACKAGES: Record<WordListLang, string> = { en: 'an-array-of-english-words', fr: 'an-array-of-french-words', es: 'an-array-of-spanish-words' };

describe('word lists', () => {
  for (const [lang, name] of Object.entries(PACKAGES) as Array<[WordListLang, string]>) {
    it(`finds every word of the ${lang} list, and only those`, () => {
      const words = JSON.parse(readFileSync(require.resolve(name), 'utf8')) as string[];
      // What the search relies on: no empty word, none holding a quotation mark.
      expect(words.every((word) => word !== '' && !word.includes('"'))).toBe(true);
      const keys = new Set(words);
      const asKeys = words.filter((word) => wordKey(word, lang) === word);
      expect(asKeys.filter((word) => !isWord(word, lang))).toEqual([]);
      // Near misses: a letter more, a letter less, a comma (the lists' separator) inside.
      const misses = asKeys.filter((_, i) => i % 7 === 0).flatMap((word) => [`${word}q`, word.slice(0, -1), `${word},`, `,${word}`]);
      expect(misses.filter((word) => isWord(word, lang) !== keys.has(wordKey(word, lang)))).toEqual([]);
      expect(['', 'zzzzzzzzzzzz', '\u0000'].map((word) => isWord(word, lang))).toEqual(['', 'zzzzzzzzzzzz', '\u0000'].map((word) => keys.has(word)));
    });
  }
});
