// The check stage: after translation, turn what is wrong with a segment into
// structured findings, and patch pinned terms where the segment itself shows
// the fix. Works on Segments only (TermHits already computed by the glossary
// stage), so it runs the same on fresh output and on a stored article.

import type { Article, Finding, Segment } from '../core/types.js';
import { findTermSpacing } from './term-spacing.js';
import { findMissingTerms } from './term-findings.js';
import { findTextProblems, type TextCheckOptions } from './text-findings.js';

export { repairTerms, repairSegmentTerms, type RepairResult } from './repair-terms.js';
export { placeholderPattern, type TextCheckOptions } from './text-findings.js';

export type SegmentRule = (segment: Segment, options: TextCheckOptions) => Finding[];

/** The rules in order; callers may pass their own list. */
export const SEGMENT_RULES: SegmentRule[] = [findMissingTerms, findTermSpacing, findTextProblems];

/** Findings for one translated segment. */
export function checkSegment(segment: Segment, options: TextCheckOptions = {}, rules: SegmentRule[] = SEGMENT_RULES): Finding[] {
  if (segment.target === undefined) return [];
  return rules.flatMap((rule) => rule(segment, options));
}

export interface TermAccuracy {
  /** Pinned-term occurrences in the French. */
  found: number;
  /** Of those, honoured in the English. */
  satisfied: number;
}

export function termAccuracy(segments: Segment[]): TermAccuracy {
  const terms = segments.flatMap((s) => s.terms);
  return { found: terms.length, satisfied: terms.filter((t) => t.satisfied === true).length };
}

/**
 * Check every segment of an article, replacing earlier findings of this stage
 * (so checking twice does not double them). Returns the article's term accuracy.
 */
export function checkArticle(article: Article, options: TextCheckOptions = {}): TermAccuracy {
  const segments = article.blocks.flatMap((b) => b.segments);
  for (const segment of segments) {
    segment.findings = [...segment.findings.filter((f) => f.source !== 'check'), ...checkSegment(segment, options)];
  }
  return termAccuracy(segments);
}
