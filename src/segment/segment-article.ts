import { shortHash } from '../core/hash.js';
import type { Article, Block, InlineMark, Segment } from '../core/types.js';
import { collapseWhitespace, collapseWhitespaceWithOffsets } from './collapse-whitespace.js';
import { splitSentences, type SentenceSpan } from './split-sentences.js';

/** Join sentences whose break would cut a link, emphasis or code span in two. */
function keepMarksWhole(spans: SentenceSpan[], marks: readonly InlineMark[]): SentenceSpan[] {
  const joined: SentenceSpan[] = [];
  for (const span of spans) {
    const last = joined[joined.length - 1];
    const cut = last !== undefined && marks.some((mark) => mark.start < last.end && mark.end > span.start);
    if (cut) last.end = span.end;
    else joined.push({ ...span });
  }
  return joined;
}

/**
 * The span a mark belongs to: the one it overlaps, or for a mark lying only
 * on white space between sentences, the next sentence (the last one at the end).
 */
function spanIndexOf(mark: InlineMark, spans: readonly SentenceSpan[]): number {
  const index = spans.findIndex((span) => mark.start < span.end || (mark.start === mark.end && mark.start <= span.end));
  return index === -1 ? spans.length - 1 : index;
}

function segmentBlock(block: Block, key: string): Segment[] {
  const spans = keepMarksWhole(splitSentences(block.text), block.marks);
  const marksBySpan: InlineMark[][] = spans.map(() => []);
  for (const mark of block.marks) {
    if (spans.length > 0) marksBySpan[spanIndexOf(mark, spans)]!.push(mark);
  }
  return spans.map((span, index) => {
    const { text, offsets } = collapseWhitespaceWithOffsets(block.text.slice(span.start, span.end));
    const rebase = (offset: number): number =>
      offsets[Math.min(Math.max(offset - span.start, 0), span.end - span.start)]!;
    return {
      id: `s${key}-${index}`,
      source: text,
      sourceMarks: marksBySpan[index]!.map((mark) => ({ ...mark, start: rebase(mark.start), end: rebase(mark.end) })),
      state: 'new',
      terms: [],
      unknownWords: [],
      findings: [],
    };
  });
}

/**
 * Fill every block's `segments` with its sentences, on a copy of the article.
 *
 * Segment ids are `s<hash>-<occurrence>-<sentence>`: a hash of the block's
 * text (white space collapsed), the block's rank among blocks with that same
 * hash, and the sentence's index in the block. Editing one paragraph changes
 * only that paragraph's ids. Ids use only [a-z0-9-], safe in HTML attributes.
 */
export function segmentArticle(article: Article): Article {
  const occurrences = new Map<string, number>();
  return {
    ...article,
    blocks: article.blocks.map((block) => {
      // Code is kept as written, and an empty table cell has nothing to say: no segments.
      if (block.kind === 'code' || block.text.trim() === '') return { ...block, marks: block.marks.map((mark) => ({ ...mark })), segments: [] };
      const hash = shortHash(collapseWhitespace(block.text), 10);
      const occurrence = occurrences.get(hash) ?? 0;
      occurrences.set(hash, occurrence + 1);
      return {
        ...block,
        marks: block.marks.map((mark) => ({ ...mark })),
        segments: segmentBlock(block, `${hash}-${occurrence}`),
      };
    }),
  };
}
