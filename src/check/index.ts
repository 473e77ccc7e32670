// The check stage: after translation, turn what is wrong with a segment into
// structured findings (rules/, one rule per file, in one ordered list), patch
// pinned terms where the segment itself shows the fix, and apply the rules'
// safe fixes to machine output. Works on Segments only (TermHits already
// computed by the glossary stage), so it runs the same on fresh output, on a
// stored article and over a whole corpus (`diptych qa`).

import type { AppliedFix, Article, Finding, InlineMark, Segment } from '../core/types.js';
import { applyEdits, shiftMarks } from '../core/text-edits.js';
import type { CheckContext, CheckRule } from './rule.js';
import { CHECK_RULES } from './rules/index.js';
import { allSegments, isPersonText } from '../core/segments.js';

export { repairTerms, repairSegmentTerms, type RepairResult } from './repair-terms.js';
export { CHECK_RULES, placeholderPattern } from './rules/index.js';
export { applyEdits, type TextEdit } from '../core/text-edits.js';
export { findingOf, type CheckContext, type CheckRule, type SegmentFinding } from './rule.js';
export { compareQuantities, extractQuantities, type Quantity } from './quantities.js';
export { foreignWords, type ForeignWord } from './untranslated-words.js';
export { lengthScore } from './rules/length-ratio.js';

type Translated = Segment & { target: string };

const translated = (segment: Segment): segment is Translated => segment.target !== undefined;

/** Findings for one translated segment, from the rules that look at one segment at a time. */
export function checkSegment(segment: Segment, context: CheckContext = {}, rules: readonly CheckRule[] = CHECK_RULES): Finding[] {
  if (!translated(segment)) return [];
  // A French sentence an aligned human translation leaves out (`diptych align`): its own finding says so.
  if (segment.link?.en.length === 0) return [];
  // An empty English side says it all.
  if (segment.target.trim() === '' && segment.source.trim() !== '') return rules.filter((rule) => rule.id === 'untranslated').flatMap((rule) => rule.segment?.(segment, context) ?? []);
  return rules.flatMap((rule) => rule.segment?.(segment, context) ?? []);
}

/** Findings of every rule over a set of segments (an article, or a corpus): per-segment rules, then those that compare segments. */
export function checkSegments(segments: Segment[], context: CheckContext = {}, rules: readonly CheckRule[] = CHECK_RULES): Map<Segment, Finding[]> {
  const found = new Map<Segment, Finding[]>(segments.map((segment) => [segment, checkSegment(segment, context, rules)]));
  const done = segments.filter(translated).filter((segment) => segment.target.trim() !== '');
  for (const rule of rules) {
    for (const { segment, finding } of rule.segments?.(done, context) ?? []) found.get(segment)?.push(finding);
  }
  return found;
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
export function checkArticle(article: Article, context: CheckContext = {}, rules: readonly CheckRule[] = CHECK_RULES): TermAccuracy {
  const segments = allSegments(article);
  const found = checkSegments(segments, context, rules);
  for (const segment of segments) {
    segment.findings = [...segment.findings.filter((f) => f.source !== 'check'), ...(found.get(segment) ?? [])];
  }
  return termAccuracy(segments);
}

export interface FixOptions {
  /** Rule ids whose fixes apply (default: every rule with a fix). */
  rules?: readonly string[];
  /** The rule list (default CHECK_RULES). */
  ruleList?: readonly CheckRule[];
}

/** Rule ids that have a safe fix. */
export function fixableRules(rules: readonly CheckRule[] = CHECK_RULES): string[] {
  return rules.filter((rule) => rule.fix).map((rule) => rule.id);
}

/**
 * Apply the safe fixes of the chosen rules to a machine translation, rule by
 * rule, and record each change in `provenance.fixes`. A person's text (edited,
 * reviewed or final) is never touched. Returns the fixes made.
 */
export function fixSegment(segment: Segment, options: FixOptions = {}): AppliedFix[] {
  if (!translated(segment) || isPersonText(segment) || segment.provenance?.translator === 'memory') return [];
  const chosen = options.rules ? new Set(options.rules) : undefined;
  const applied: AppliedFix[] = [];
  for (const rule of options.ruleList ?? CHECK_RULES) {
    if (!rule.fix || (chosen && !chosen.has(rule.id))) continue;
    const edits = rule.fix(segment as Translated);
    if (edits.length === 0) continue;
    const before = segment.target!;
    segment.target = applyEdits(before, edits);
    if (segment.targetMarks?.length) segment.targetMarks = shiftMarks(segment.targetMarks, edits);
    applied.push(...edits.map((edit) => ({ rule: rule.id, from: before.slice(edit.start, edit.end), to: edit.text })));
  }
  if (applied.length > 0 && segment.provenance) segment.provenance.fixes = [...(segment.provenance.fixes ?? []), ...applied];
  return applied;
}
