// Glossary lint at the size terminology teams work with: the shadowed-forms
// check finds forms inside longer forms through an index, not by comparing
// every form with every other (20,000 entries took 23 s, on every translation).
// Counted in operations, not timed: the substring tests a pairwise scan makes
// grow with the square of the glossary.

import { describe, expect, it } from 'vitest';
import { checkShadowedForms } from '../src/glossary/lint.js';
import type { GlossaryEntry } from '../src/glossary/types.js';

function entry(line: number, source: string, target: string): GlossaryEntry {
  return { id: source, sources: [source], target, targetForms: [], type: 'other', caseSensitive: false, keep: false, note: '', file: 'large.tsv', line };
}

/** `n` entries of one, two and three words, a few shadowed by a longer one with other English. */
function glossary(n: number): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  for (let i = 0; i < n; i++) {
    const word = `mot${i.toString(36)}`;
    entries.push(i % 3 === 0 ? entry(i + 1, word, `word${i}`) : i % 3 === 1 ? entry(i + 1, `grand ${word}`, `big word${i}`) : entry(i + 1, `très grand mot${(i - 2).toString(36)}`, `huge thing${i}`));
  }
  return entries;
}

describe('glossary lint on large glossaries', () => {
  it('reports the same shadowed forms as the definition, the first longer form named', () => {
    const problems = checkShadowedForms(glossary(9));
    // "mot0" (line 1) inside "très grand mot0" (line 3), whose English does not contain "word0".
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [1, '"mot0" is shadowed by longer "très grand mot0" (large.tsv:3), whose English "huge thing2" does not contain "word0"'],
      [4, '"mot3" is shadowed by longer "très grand mot3" (large.tsv:6), whose English "huge thing5" does not contain "word3"'],
      [7, '"mot6" is shadowed by longer "très grand mot6" (large.tsv:9), whose English "huge thing8" does not contain "word6"'],
    ]);
  });

  it('does work in proportion to the glossary, not to its square', () => {
    const substringTests = (n: number): number => {
      const entries = glossary(n);
      // A counting wrapper rather than a spy: a spy would keep every call's arguments.
      const includes = String.prototype.includes;
      let count = 0;
      String.prototype.includes = function (this: string, ...args: Parameters<typeof includes>) {
        count++;
        return includes.apply(this, args);
      };
      try {
        checkShadowedForms(entries);
      } finally {
        String.prototype.includes = includes;
      }
      return count;
    };
    const small = substringTests(3_000);
    const large = substringTests(12_000);
    expect(large).toBeLessThanOrEqual(4 * small + 100);
  });
});
