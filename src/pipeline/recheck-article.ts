// Pinned terms and check rules on an article's English: the one
// implementation, used after machine translation, after an import from a CAT
// tool, by `glossary check`, and by anyone who edits a segment.

import type { MorphologicalAnalyser } from '../core/morphology.js';
import type { Article, Segment } from '../core/types.js';
import { allSegments } from '../core/segments.js';
import { checkSegment, repairSegmentTerms, termAccuracy, type TermAccuracy, type CheckContext } from '../check/index.js';
import { findTerms, termLemmas, verifyTerms, type Glossary, type TermLemmas, type TermMatch } from '../glossary/index.js';
import { frenchAnalyser } from '../translate/index.js';
import { toFragment } from './markup.js';

/**
 * The French analyser's words for every segment of an article (and, for the
 * translator, each segment's fragment with its inline markup), in one request:
 * glossary forms then match by lemma. `analyser` undefined: Apertium's;
 * null: none (listed forms only).
 */
export function articleLemmas(article: Article, glossary: Glossary, analyser: MorphologicalAnalyser | null | undefined, fragments = false): Promise<TermLemmas | undefined> {
  const segments = allSegments(article);
  return segmentLemmas(segments, glossary, analyser, fragments);
}

function segmentLemmas(segments: Segment[], glossary: Glossary, analyser: MorphologicalAnalyser | null | undefined, fragments = false): Promise<TermLemmas | undefined> {
  const texts = segments.flatMap((segment) => (fragments && segment.sourceMarks.length > 0 ? [segment.source, toFragment(segment.source, segment.sourceMarks)] : [segment.source]));
  return termLemmas(glossary, analyser === null ? undefined : (analyser ?? frenchAnalyser()), texts);
}

/**
 * Pinned-term hits for the segment's current English. Their findings come from
 * the check rules (checkArticle), run on the whole article afterwards.
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

export interface RecheckOptions extends CheckContext {
  /** French lemmas for the glossary (default Apertium's analyser; null for listed forms only). */
  analyser?: MorphologicalAnalyser | null;
}

// A segment's French stays while people edit its English, save after save: its pinned terms are found
// once per glossary (the analyser's words are a round trip to lt-proc), not on every save. A few
// thousand sentences are kept.
const sourceMatches = new WeakMap<Glossary, Map<string, Promise<TermMatch[]>>>();
const MOST_SOURCES = 4_000;

function matchesOfSource(segment: Segment, glossary: Glossary): Promise<TermMatch[]> {
  return sourceMatchesOf(glossary).get(segment.source) ?? findSourceTerms([segment], glossary)[0]!;
}

function sourceMatchesOf(glossary: Glossary): Map<string, Promise<TermMatch[]>> {
  let known = sourceMatches.get(glossary);
  if (!known) sourceMatches.set(glossary, (known = new Map()));
  return known;
}

/** The pinned terms of the segments' French, their words asked of the analyser in one request, each kept. */
function findSourceTerms(segments: readonly Segment[], glossary: Glossary): Array<Promise<TermMatch[]>> {
  const known = sourceMatchesOf(glossary);
  const lemmas = segmentLemmas([...segments], glossary, undefined);
  return segments.map(({ source }) => {
    const found = lemmas.then((words) => findTerms(glossary, source, words));
    // A Map keeps its keys in insertion order: the first is the oldest.
    if (known.size >= MOST_SOURCES) known.delete(known.keys().next().value!);
    known.set(source, found);
    found.catch(() => known.delete(source));
    return found;
  });
}

/**
 * Ahead of re-checking segments one by one (a group of saves), find the
 * pinned terms of those whose French is not known yet, in one request to
 * the analyser rather than one each.
 */
export async function prepareRecheck(segments: readonly Segment[], glossary: Glossary): Promise<void> {
  const known = sourceMatchesOf(glossary);
  const missing = [...new Map(segments.filter((segment) => segment.target !== undefined && !known.has(segment.source)).map((segment) => [segment.source, segment])).values()];
  if (missing.length > 0) await Promise.allSettled(findSourceTerms(missing, glossary));
}

/** One segment's pinned terms and every check rule, on its current English; its findings replaced. */
export async function recheckSegment(segment: Segment, glossary: Glossary, options: RecheckOptions = {}): Promise<void> {
  if (segment.target === undefined || options.analyser !== undefined) {
    // Another analyser than Apertium's (a test's) is asked each time.
    const lemmas = segment.target === undefined ? undefined : await segmentLemmas([segment], glossary, options.analyser);
    return recheckAnalysed(segment, glossary, lemmas, options);
  }
  verifySegmentTerms(segment, await matchesOfSource(segment, glossary));
  recheckFindings(segment, options);
}

function recheckAnalysed(segment: Segment, glossary: Glossary, lemmas: TermLemmas | undefined, options: CheckContext): void {
  verifySegmentTerms(segment, segment.target === undefined ? [] : findTerms(glossary, segment.source, lemmas));
  recheckFindings(segment, options);
}

function recheckFindings(segment: Segment, options: CheckContext): void {
  segment.findings = [...segment.findings.filter((finding) => finding.source !== 'check'), ...checkSegment(segment, options)];
}

/**
 * Verify every segment's pinned terms against `glossary` (whatever glossary
 * the article was translated with) and run every check rule. In place;
 * returns the article's term accuracy. Nothing is repaired: the English is
 * left as it is, a person's or a machine's.
 */
export async function recheckArticle(article: Article, glossary: Glossary, options: RecheckOptions = {}): Promise<TermAccuracy> {
  const segments = allSegments(article);
  const lemmas = await segmentLemmas(segments, glossary, options.analyser);
  for (const segment of segments) recheckAnalysed(segment, glossary, lemmas, options);
  return termAccuracy(segments);
}
