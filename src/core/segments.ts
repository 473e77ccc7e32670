// Small questions every layer asks of an article's segments, answered once
// here so the stages, the pipeline and the review agree on them.

import type { Article, Segment } from './types.js';

/** Every segment of the article, in reading order. */
export function allSegments(article: Article): Segment[] {
  return article.blocks.flatMap((block) => block.segments);
}

/**
 * A target a person wrote or approved (edited by hand, reviewed or final): machine
 * translation never replaces it, no automatic fix touches it, and it is what the
 * translation memory learns from.
 */
export function isPersonText(segment: Segment): boolean {
  return segment.target !== undefined && (segment.provenance?.edited === true || segment.state === 'reviewed' || segment.state === 'final');
}
