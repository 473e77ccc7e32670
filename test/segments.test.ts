// core/segments.ts: the one allSegments and the one "a person's text" every layer uses.

import { describe, expect, it } from 'vitest';
import { allSegments, isPersonText } from '../src/core/segments.js';
import type { Article, Segment } from '../src/core/types.js';

const segment = (id: string, extra: Partial<Segment> = {}): Segment => ({ id, source: id, sourceMarks: [], state: 'translated', terms: [], unknownWords: [], findings: [], target: 'x', ...extra });

describe('allSegments', () => {
  it('lists every block’s segments in reading order', () => {
    const article = { blocks: [{ segments: [segment('a'), segment('b')] }, { segments: [] }, { segments: [segment('c')] }] } as unknown as Article;
    expect(allSegments(article).map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('isPersonText', () => {
  it('is an edited, reviewed or final target, never a machine one or no target', () => {
    expect(isPersonText(segment('m'))).toBe(false);
    expect(isPersonText(segment('r', { state: 'reviewed' }))).toBe(true);
    expect(isPersonText(segment('f', { state: 'final' }))).toBe(true);
    expect(isPersonText(segment('e', { provenance: { translator: 'apertium', glossaryVersion: 'v', edited: true, at: '' } }))).toBe(true);
    expect(isPersonText(segment('n', { state: 'final', target: undefined }))).toBe(false);
  });
});
