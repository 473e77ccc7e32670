import { findingOf, type CheckRule } from '../rule.js';

export const unknownWordMark: CheckRule = {
  id: 'unknown-word-mark',
  severity: 'warning',
  description: "a translator's unknown-word mark (*, #, @) left glued to a word",
  segment(segment) {
    const mark = /(?:^|\s)([*#@]+\p{L}[\p{L}\p{N}'’-]*)/u.exec(segment.target);
    return mark && !segment.source.includes(mark[1]!) ? [findingOf(this, segment, `translator mark left in "${mark[1]}"`)] : [];
  },
};
