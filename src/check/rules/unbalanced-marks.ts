// Brackets and quotation marks that open without closing (or the reverse) in
// the English while the French pairs them: a translator dropped or added one.
// A quotation running over several sentences leaves both sides unpaired, so
// only a difference from the French counts: retext-quotes, which reads the
// English alone (quote style and nesting), would report those quotations.

import { findingOf, type CheckRule } from '../rule.js';

const PAIRS: Array<[string, RegExp, RegExp]> = [
  ['parentheses ( )', /\(/gu, /\)/gu],
  ['square brackets [ ]', /\[/gu, /\]/gu],
  ['quotation marks', /[«“]/gu, /[»”]/gu],
];

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** Straight double quotes pair with each other; French quotes may be written either way in the English. */
function balanced(text: string, open: RegExp, close: RegExp, quotes: boolean): boolean {
  const straight = quotes ? count(text, /"/gu) : 0;
  if (quotes) return (count(text, open) + count(text, close) + straight) % 2 === 0 && (straight > 0 || count(text, open) === count(text, close));
  return count(text, open) === count(text, close);
}

export const unbalancedMarks: CheckRule = {
  id: 'unbalanced-marks',
  severity: 'warning',
  description: 'brackets or quotation marks unpaired in the English but paired in the French',
  segment(segment) {
    return PAIRS.filter(([, open, close], i) => {
      const quotes = i === 2;
      return balanced(segment.source, open, close, quotes) && !balanced(segment.target, open, close, quotes);
    }).map(([name]) => findingOf(this, segment, `unpaired ${name} in the English (paired in the French)`));
  },
};
