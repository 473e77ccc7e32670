// A relink moves sentences between links; each sentence's links and emphasis
// must travel with it (as a review edit carries marks), not be wiped from
// every segment the relink touches.

import { describe, expect, it } from 'vitest';
import type { Article, Segment } from '../src/core/types.js';
import { relink } from '../src/review/relink.js';

const FRENCH = ['Le conseil a voté.', 'Le maire a salué la décision.'];
const ENGLISH = ['The council voted.', 'The mayor welcomed the decision.'];

function segment(id: string, fr: number[], en: number[], extra: Partial<Segment> = {}): Segment {
  return {
    id,
    source: fr.map((i) => FRENCH[i]).join(' '),
    sourceMarks: [],
    target: en.map((j) => ENGLISH[j]).join(' '),
    targetMarks: [],
    state: 'translated',
    terms: [],
    unknownWords: [],
    findings: [],
    link: { fr, en, confidence: 0.9 },
    ...extra,
  };
}

function article(segments: Segment[]): Article {
  return {
    slug: 'news',
    sourcePath: 'news.txt',
    format: 'txt',
    sourceLang: 'fr',
    targetLang: 'en',
    title: 'news',
    alignment: { englishDocument: 'news.en.txt', french: FRENCH, english: ENGLISH },
    blocks: [{ kind: 'paragraph', text: FRENCH.join(' '), marks: [], segments }],
  };
}

describe('relink keeps inline marks', () => {
  it('moves a sentence with its link and emphasis, and keeps the marks of the sentence that stays', () => {
    const first = segment('s0', [0], [0], {
      // "conseil" a link, "council" emphasised.
      sourceMarks: [{ kind: 'link', start: 3, end: 10, href: 'https://example.org/conseil' }],
      targetMarks: [{ kind: 'emphasis', start: 4, end: 11 }],
    });
    const second = segment('s1', [1], [1], {
      // "maire" strong, "mayor" a link.
      sourceMarks: [{ kind: 'strong', start: 3, end: 8 }],
      targetMarks: [{ kind: 'link', start: 4, end: 9, href: 'https://example.org/mayor' }],
    });
    const { article: after } = relink(article([first, second]), 's0', { revision: 0, operation: 'merge-with-next' }, 'ana', '2026-01-01T00:00:00Z');
    const merged = after.blocks[0]!.segments[0]!;
    expect(merged.source).toBe('Le conseil a voté. Le maire a salué la décision.');
    const offset = FRENCH[0]!.length + 1;
    expect(merged.sourceMarks).toEqual([
      { kind: 'link', start: 3, end: 10, href: 'https://example.org/conseil' },
      { kind: 'strong', start: offset + 3, end: offset + 8 },
    ]);
    const enOffset = ENGLISH[0]!.length + 1;
    expect(merged.targetMarks).toEqual([
      { kind: 'emphasis', start: 4, end: 11 },
      { kind: 'link', start: enOffset + 4, end: enOffset + 9, href: 'https://example.org/mayor' },
    ]);
    expect(merged.source.slice(3, 10)).toBe('conseil');
    expect(merged.target!.slice(enOffset + 4, enOffset + 9)).toBe('mayor');

    // Split back: each part has its own sentence's marks again.
    const { article: split } = relink(after, 's0', { revision: 1, operation: 'split', french: 1, english: 1 }, 'ana', '2026-01-01T00:00:01Z');
    const [one, two] = split.blocks[0]!.segments;
    expect(one!.sourceMarks).toEqual(first.sourceMarks);
    expect(one!.targetMarks).toEqual(first.targetMarks);
    expect(two!.sourceMarks).toEqual(second.sourceMarks);
    expect(two!.targetMarks).toEqual(second.targetMarks);
  });

  it('carries the marks of an English a reviewer edited onto the words they were on', () => {
    const first = segment('s0', [0], [0], { target: 'The city council voted.', targetMarks: [{ kind: 'emphasis', start: 9, end: 16 }] });
    const second = segment('s1', [1], [1]);
    const { article: after } = relink(article([first, second]), 's1', { revision: 0, operation: 'english-to-previous' }, 'ana', '2026-01-01T00:00:00Z');
    const merged = after.blocks[0]!.segments[0]!;
    expect(merged.target).toBe('The council voted. The mayor welcomed the decision.');
    expect(merged.targetMarks!.map((mark) => merged.target!.slice(mark.start, mark.end))).toEqual(['council']);
  });
});
