// Omission or addition by length, in the manner of Gale and Church (1993): the
// English length l_en of a sentence pair is normally c·l_fr, with a variance
// growing with l_fr, so δ = (l_en − c·l_fr) / √(s²·l_fr) is about normal.
// c = 0.83 and s² = 1.36 were estimated on the WMT21 terminology dev set
// (971 French/English human pairs), not on the sets the eval scores.

import { findingOf, type CheckRule } from '../rule.js';

const C = 0.83;
const S2 = 1.36;
/** |δ| beyond this is reported; about 1 sentence in 1,000 of a normal distribution. */
const LIMIT = 3.3;
/** Shorter sentences vary too much for length to mean anything. */
const MIN_LENGTH = 40;

export function lengthScore(french: string, english: string): number {
  const lf = french.trim().length;
  return (english.trim().length - C * lf) / Math.sqrt(S2 * Math.max(lf, 1));
}

export const lengthRatio: CheckRule = {
  id: 'length-ratio',
  severity: 'warning',
  description: 'the English is far shorter or longer than French of that length usually gives (Gale–Church score |δ| > 3.3): an omission or an addition',
  segment(segment) {
    if (segment.source.trim().length < MIN_LENGTH || segment.target.trim() === '') return [];
    const delta = lengthScore(segment.source, segment.target);
    if (Math.abs(delta) <= LIMIT) return [];
    const what = delta < 0 ? 'shorter' : 'longer';
    return [findingOf(this, segment, `the English is much ${what} than the French (${segment.target.trim().length} vs ${segment.source.trim().length} characters, δ = ${delta.toFixed(1)}): something may be ${delta < 0 ? 'missing' : 'added'}`)];
  },
};
