// Pinned terms and check rules on an article's English: the one
// implementation, used after machine translation, after an import from a CAT
// tool, by `glossary check`, and by anyone who edits a segment.

import type { Article, Segment } from '../core/types.js';
import { checkArticle, checkSegment, repairSegmentTerms, termAccuracy, type TermAccuracy, type TextCheckOptions } from '../check/index.js';
import { findTerms, verifyTerms, type Glossary, type TermMatch } from '../glossary/index.js';

/**
 * Pinned-term hits for the segment's current English. Their findings come from
 * the check rules (checkFindings), run on the whole article afterwards.
 */
export function verifySegmentTerms(segment: Segment, matches: TermMatch[]): void {
  segment.terms = segment.target === undefined ? [] : verifyTerms(segment.target, matches);
  // Findings recomputed on every run are dropped here (those of stores written
  // before the check stage said "glossary"); a reviewer's own notes stay.
  segment.findings = segment.findings.filter((finding) => finding.source !== 'glossary' && finding.source !== 'translate');
}

/**
 * Machine output only: let the check stage patch a pinned term the engine got
 * nearly right ("white Helmets"). Not on text with inline marks, whose offsets
 * a patch would shift, and never on a person's text.
 */
export function repairMachineTerms(segment: Segment): void {
  if ((segment.targetMarks ?? []).length === 0) repairSegmentTerms(segment);
}

/** Every check rule on every segment, replacing the findings of earlier checks. */
export function checkFindings(article: Article, options: TextCheckOptions = {}): TermAccuracy {
  return checkArticle(article, options);
}

/** One segment's pinned terms and every check rule, on its current English; its findings replaced. */
export function recheckSegment(segment: Segment, glossary: Glossary, options: TextCheckOptions = {}): void {
  verifySegmentTerms(segment, segment.target === undefined ? [] : findTerms(glossary, segment.source));
  segment.findings = [...segment.findings.filter((finding) => finding.source !== 'check'), ...checkSegment(segment, options)];
}

/**
 * Verify every segment's pinned terms against `glossary` (whatever glossary
 * the article was translated with) and run every check rule. In place;
 * returns the article's term accuracy. Nothing is repaired: the English is
 * left as it is, a person's or a machine's.
 */
export function recheckArticle(article: Article, glossary: Glossary, options: TextCheckOptions = {}): TermAccuracy {
  const segments = article.blocks.flatMap((block) => block.segments);
  for (const segment of segments) recheckSegment(segment, glossary, options);
  return termAccuracy(segments);
}
