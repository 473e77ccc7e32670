// French typography left in the English: guillemets (« ») and the space French
// puts before : ; ! ? (normal, no-break or narrow no-break). English has one
// form for each — curly double quotes, no space — so the fix is safe.
// retext-quotes is another check: it wants straight or smart quotes (“” ‘’)
// used consistently and nested right, and knows neither guillemets nor the
// space before : ; ! ?.

import type { TextEdit } from '../../core/text-edits.js';
import { editsFor, findingOf, type CheckRule } from '../rule.js';

const SPACE = '[ \\u00a0\\u202f]';
const PATTERN = new RegExp(`«${SPACE}*|${SPACE}*»|(?<=\\S)${SPACE}+(?=[:;!?](?:\\s|$|[»"”]))`, 'gu');

function edits(target: string): TextEdit[] {
  return editsFor(target, PATTERN, (m) => (m[0].startsWith('«') ? '“' : m[0].endsWith('»') ? '”' : ''));
}

export const frenchTypography: CheckRule = {
  id: 'french-typography',
  severity: 'warning',
  description: 'French quotation marks « » or a space before : ; ! ? in the English; fixable',
  segment(segment) {
    const found = edits(segment.target);
    if (found.length === 0) return [];
    const what = new Set(found.map((edit) => (segment.target.slice(edit.start, edit.end).trim() === '' ? 'a space before : ; ! ?' : 'French quotation marks « »')));
    return [findingOf(this, segment, `French typography in the English: ${[...what].join(', ')}`)];
  },
  fix(segment) {
    return edits(segment.target);
  },
};
