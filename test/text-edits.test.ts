// Inline marks carried over a person's new English (core/text-edits.ts): what
// the review editor and the OmegaT import rely on to keep links and emphasis.
import { describe, expect, it } from 'vitest';
import { carryMarks } from '../src/core/text-edits.js';
import type { InlineMark } from '../src/core/types.js';

const link = (text: string, words: string): InlineMark => ({ kind: 'link', start: text.indexOf(words), end: text.indexOf(words) + words.length, href: 'https://example.org/' });
const marked = (text: string, marks: InlineMark[]) => marks.map((mark) => text.slice(mark.start, mark.end));

describe('carryMarks', () => {
  const before = 'The White Helmets said on Sunday that they had left.';
  const marks = [link(before, 'White Helmets')];

  it('keeps a mark on its words when words before and after it change', () => {
    const after = 'On Sunday the White Helmets announced they had gone.';
    expect(marked(after, carryMarks(marks, before, after))).toEqual(['White Helmets']);
  });

  it('keeps a word replaced inside the mark inside it, and leaves words typed at its edge outside it', () => {
    const inside = 'The White Helmet said on Sunday that they had left.';
    expect(marked(inside, carryMarks(marks, before, inside))).toEqual(['White Helmet']);
    const first = 'The Syrian Helmets said on Sunday that they had left.';
    expect(marked(first, carryMarks(marks, before, first))).toEqual(['Syrian Helmets']);
    const edge = 'The famous White Helmets said on Sunday that they had left.';
    expect(marked(edge, carryMarks(marks, before, edge))).toEqual(['White Helmets']);
  });

  it('drops a mark whose words were all removed, and gives none for a text that had none', () => {
    const gone = 'They said on Sunday that they had left.';
    expect(carryMarks(marks, before, gone)).toEqual([]);
    expect(carryMarks([], before, 'Anything.')).toEqual([]);
    expect(carryMarks(marks, undefined, 'A first English.')).toEqual([]);
  });
});
