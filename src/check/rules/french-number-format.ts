// French number formats left in the English: a decimal comma ("47,7"), spaces
// grouping thousands ("1 234"), a space before % ("3 %"), the euro sign after
// the amount ("12 €"). Each has one English form, so the fix is safe. One
// pattern reads the whole expression ("1 234,5 €"), so edits never overlap.

import type { TextEdit } from '../../core/text-edits.js';
import { editsFor, findingOf, type CheckRule } from '../rule.js';

const SPACE = '[ \\u00a0\\u202f]';
const NUMBER = new RegExp(
  `(?<![\\d.,\\p{L}])(?<whole>\\d{1,3}(?:${SPACE}\\d{3})+(?!\\d)|\\d+)(?:,(?<decimals>\\d+)(?!\\d|,\\d))?(?<sign>${SPACE}+%|${SPACE}?€)?`,
  'gu',
);

function english(m: RegExpMatchArray): string {
  const { whole, decimals, sign } = m.groups as { whole: string; decimals?: string; sign?: string };
  const grouped = new RegExp(SPACE, 'u').test(whole);
  let text = grouped ? whole.replace(new RegExp(SPACE, 'gu'), ',') : whole;
  // "2012,2013" is a list of years, not a decimal.
  if (decimals !== undefined && whole.length === 4 && decimals.length === 4) return m[0];
  if (decimals !== undefined) {
    // Three digits after a comma read as an English grouping ("1,234"), unless the number was grouped with spaces.
    text += decimals.length === 3 && !grouped ? `,${decimals}` : `.${decimals}`;
  }
  if (sign === undefined) return text;
  return sign.endsWith('€') ? `€${text}` : `${text}%`;
}

function edits(target: string): TextEdit[] {
  return editsFor(target, NUMBER, english);
}

export const frenchNumberFormat: CheckRule = {
  id: 'french-number-format',
  severity: 'warning',
  description: 'a French number format in the English (47,7 · 1 234 · 3 % · 12 €); fixable',
  segment(segment) {
    return edits(segment.target).map((edit) =>
      findingOf(this, segment, `French number format "${segment.target.slice(edit.start, edit.end)}" in the English`, { suggestion: edit.text }),
    );
  },
  fix(segment) {
    return edits(segment.target);
  },
};
