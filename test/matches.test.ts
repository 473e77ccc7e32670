// allMatches stands in for [...text.matchAll(pattern)] in the checks and term
// matching: it must find the same matches, empty ones and astral characters
// included, and leave the shared pattern ready for its next caller.

import { describe, expect, it } from 'vitest';
import { allMatches } from '../src/core/matches.js';

const same = (text: string, pattern: RegExp) => {
  const expected = [...text.matchAll(pattern)].map((m) => [m.index, ...m]);
  expect(allMatches(text, pattern).map((m) => [m.index, ...m])).toEqual(expected);
};

describe('allMatches', () => {
  it('finds what matchAll finds', () => {
    same('Les Casques blancs, les casques Blancs.', /casques\s+(blancs)/giu);
    same('1 200 km, 3,5 %', /\d+/g);
    same('', /x/g);
  });

  it('steps over empty matches, by code point with /u', () => {
    same('a😀b', /(?:)/gu);
    same('a😀b', /(?:)/g);
    same('ab ba', /\b/g);
  });

  it('leaves the pattern at the start, even when a caller left it elsewhere', () => {
    const pattern = /o/g;
    pattern.lastIndex = 3;
    expect(allMatches('foo bo', pattern).map((m) => m.index)).toEqual([1, 2, 5]);
    expect(pattern.lastIndex).toBe(0);
  });

  it('refuses a pattern that is not global (it would loop on its first match)', () => {
    expect(() => allMatches('aa', /a/u)).toThrow(/global/);
  });
});
