// Content of the French absent from the English: quoted text (a quotation of
// three words or more in the French, no quotation mark at all in the English),
// and names (capitalised words inside a sentence) with no English word close
// to them — names are often translated (Allemagne → Germany), so names count
// only when the English is also shorter than usual. Numbers have their own
// rule (number-mismatch), pinned terms theirs (glossary-term-missing).

import { distance } from 'fastest-levenshtein';
import { findingOf, type CheckRule } from '../rule.js';
import { lengthScore } from './length-ratio.js';
import { allMatches } from '../../core/matches.js';

const QUOTED = /[«“"]\s*([^«»“”"]+?)\s*[»”"]/gu;
const NAME = /(?<=[\p{L}\p{N},;:)]\s+)\p{Lu}[\p{L}\p{M}'’-]{2,}/gu;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

const plain = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function nameIn(name: string, englishWords: string[]): boolean {
  const parts = plain(name).split(/['’-]/u).filter((part) => part.length >= 3);
  return parts.some((part) => englishWords.some((word) => word.includes(part) || 1 - distance(word, part) / Math.max(word.length, part.length) >= 0.6));
}

export const contentMissing: CheckRule = {
  id: 'content-missing',
  severity: 'warning',
  description: 'quoted text, or names (when the English is also short), present in the French but absent from the English',
  segment(segment) {
    const findings = [];
    const quotes = allMatches(segment.source, QUOTED).filter((m) => m[1]!.trim().split(/\s+/u).length >= 3);
    if (quotes.length > 0 && !/[«»“”"‘’]/u.test(segment.target.replace(/\p{L}['’]\p{L}/gu, ''))) {
      findings.push(findingOf(this, segment, `the French quotes "${quotes[0]![1]}", the English has no quotation`));
    }
    if (lengthScore(segment.source, segment.target) < -1.5) {
      const englishWords = (segment.target.match(WORD) ?? []).map(plain);
      const missing = [...new Set(allMatches(segment.source, NAME).map((m) => m[0]))].filter((name) => !nameIn(name, englishWords));
      if (missing.length > 0) findings.push(findingOf(this, segment, `names of the French not in the English: ${missing.join(', ')}`));
    }
    return findings;
  },
};
