import { editsFor, findingOf, type CheckRule } from '../rule.js';

export const doubledSpace: CheckRule = {
  id: 'doubled-space',
  severity: 'warning',
  description: 'two or more spaces between words',
  segment(segment) {
    return /\S {2,}\S/u.test(segment.target) ? [findingOf(this, segment, 'doubled space in the English text')] : [];
  },
  fix(segment) {
    return editsFor(segment.target, /(?<=\S) {2,}(?=\S)/gu, () => ' ');
  },
};
