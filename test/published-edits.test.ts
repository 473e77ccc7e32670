// A published <slug>.json corrected by hand is taken back into the record,
// segment by segment, only where the file is at the record's revision: a file
// that is merely behind (a review save not yet published) never reverts it.

import { describe, expect, it } from 'vitest';
import type { Article, Segment } from '../src/core/types.js';
import { publishedEdits } from '../src/store/index.js';
import { foundingArticle } from './fixtures/render/articles.js';

const segmentsOf = (article: Article): Segment[] => article.blocks.flatMap((block) => block.segments);

describe('publishedEdits', () => {
  it('takes a segment corrected in the file at the record’s revision, as the next revision', () => {
    const record = foundingArticle();
    const file = structuredClone(record);
    const [first] = segmentsOf(file);
    first!.target = 'Corrected by hand.';
    const { article, expected } = publishedEdits(record, file);
    expect(expected).toEqual(new Map([[first!.id, first!.revision ?? 0]]));
    expect(segmentsOf(article)[0]).toMatchObject({ target: 'Corrected by hand.', revision: (first!.revision ?? 0) + 1 });
    expect(segmentsOf(article).slice(1)).toEqual(segmentsOf(record).slice(1));
  });

  it('leaves the record as it is where the file is behind it, or holds nothing new', () => {
    const record = foundingArticle();
    const file = structuredClone(record);
    // The record moved on (a review save) and the file still shows the version before.
    const saved = segmentsOf(record)[0]!;
    saved.revision = (saved.revision ?? 0) + 1;
    saved.target = 'A reviewer’s English.';
    segmentsOf(file)[0]!.target = 'An older hand edit.';
    const behind = publishedEdits(record, file);
    expect(behind.expected.size).toBe(0);
    expect(behind.article).toBe(record);
    expect(publishedEdits(record, structuredClone(record)).expected.size).toBe(0);
  });
});
