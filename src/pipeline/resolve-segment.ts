// Where a segment's English comes from, in order of authority: a person's
// edit or approval in the earlier store (never overwritten), an identical
// approved segment from the translation memory, the translation cache, and
// only then the translator. Each function fills a fresh segment in place.

import { hasUnresolvedConflict } from '../core/merge-conflicts.js';
import { isPersonText } from '../core/segments.js';
import type { InlineMark, Segment } from '../core/types.js';
import type { TermMatch } from '../glossary/index.js';
import { normaliseSource, type ApprovedSegment, type CachedTranslation } from '../store/index.js';
import { fromFragment } from './markup.js';
import { fixSegment, type FixOptions } from '../check/index.js';
import { repairMachineTerms, verifySegmentTerms as verifySegment } from './recheck-article.js';

/**
 * A store's approved segments as translation-memory entries; `origin` is the store file's absolute path.
 * A text with unresolved merge marks is nobody's translation: it never reaches the memory.
 */
export function approvalsOf(segments: readonly Segment[], origin: string): ApprovedSegment[] {
  return segments.filter((segment) => isPersonText(segment) && !hasUnresolvedConflict(segment.target)).map((segment) => ({
    origin: { article: origin, segment: segment.id },
    source: normaliseSource(segment.source),
    sourceMarks: segment.sourceMarks,
    target: segment.target!,
    targetMarks: segment.targetMarks ?? [],
    at: segment.provenance?.at ?? '',
  }));
}

/**
 * What review added to a segment that machine translation may replace
 * (revision, history, comments, the first machine text), carried into its
 * fresh copy so a batch run never loses a reviewer's notes. A new machine
 * text is a new revision, recorded in the history.
 */
export function carryReview(previous: Segment | undefined, fresh: Segment): void {
  if (!previous) return;
  const changed = fresh.target !== undefined && fresh.target !== previous.target;
  const revision = (previous.revision ?? 0) + (changed ? 1 : 0);
  // Even a segment nobody has touched moves to a new revision when its English changes: a page
  // still showing the old English then gets the merge view on save instead of overwriting the new.
  if (revision > 0) fresh.revision = revision;
  if (previous.revision === undefined && previous.history === undefined && previous.comments === undefined) return;
  if (previous.comments) fresh.comments = previous.comments;
  if (previous.machineTarget !== undefined && !changed) fresh.machineTarget = previous.machineTarget;
  const history = [...(previous.history ?? [])];
  if (changed && fresh.provenance) {
    history.push({
      target: fresh.target!,
      origin: fresh.provenance.translator === 'memory' ? 'memory' : 'machine',
      by: fresh.provenance.translator,
      at: fresh.provenance.at,
      state: fresh.state,
      revision,
    });
  }
  if (history.length > 0) fresh.history = history;
}

/** The earlier, approved segment, carried over; its terms are checked against today's glossary. */
export function keepApproved(previous: Segment, fresh: Segment, matches: TermMatch[]): Segment {
  const kept: Segment = { ...previous, id: fresh.id, source: fresh.source, sourceMarks: fresh.sourceMarks, findings: [...previous.findings] };
  verifySegment(kept, matches);
  return kept;
}

/** Same marks (kind, place, link) on both sources: the approved English's marks fit this segment. */
export function marksFit(a: InlineMark[], b: InlineMark[]): boolean {
  return a.length === b.length && a.every((mark, i) => JSON.stringify(mark) === JSON.stringify(b[i]));
}

export function applyMemory(segment: Segment, approved: ApprovedSegment, origin: { article: string; segment: string }, glossaryVersion: string, matches: TermMatch[]): void {
  segment.target = approved.target;
  segment.targetMarks = approved.targetMarks.map((mark) => ({ ...mark }));
  segment.unknownWords = [];
  segment.state = 'translated';
  segment.provenance = { translator: 'memory', glossaryVersion, edited: false, at: approved.at, memory: origin };
  segment.memoryMatch = { similarity: 1, source: approved.source, target: approved.target, origin };
  verifySegment(segment, matches);
}

/** Which machine output gets the check stage's safe fixes: engines (default Apertium only) and rules (default all). */
export interface FixPolicy {
  /** Engine ids whose output is fixed; undefined = every engine. */
  engines?: readonly string[];
  /** Rule ids whose fixes apply; undefined = every rule with a fix. */
  rules?: readonly string[];
}

/** Fixes on by default for the offline engine, whose output needs them; others opt in with --fix. */
export const DEFAULT_FIX_POLICY: FixPolicy = { engines: ['apertium'] };

/** The check stage's safe fixes on a machine translation just restored (never a person's text: fixSegment refuses it). */
export function fixMachineText(segment: Segment, policy: FixPolicy | false): void {
  if (policy === false || !segment.provenance) return;
  if (policy.engines && !policy.engines.includes(segment.provenance.translator)) return;
  const options: FixOptions = policy.rules ? { rules: policy.rules } : {};
  fixSegment(segment, options);
}

export interface MachineResult {
  entry: CachedTranslation;
  fallback: boolean;
}

/** An engine's reply (from the cache or just now) restored into the segment. */
export function applyMachine(
  segment: Segment,
  { entry, fallback }: MachineResult,
  restore: (text: string) => string,
  glossaryVersion: string,
  matches: TermMatch[],
  fix: FixPolicy | false = DEFAULT_FIX_POLICY,
): void {
  const target = fromFragment(restore(entry.text), segment.sourceMarks);
  segment.target = target.text;
  segment.targetMarks = target.marks;
  segment.unknownWords = entry.unknownWords;
  segment.state = 'translated';
  segment.provenance = {
    translator: entry.engine,
    ...(entry.model ? { model: entry.model } : {}),
    glossaryVersion,
    edited: false,
    at: entry.at,
    ...(fallback ? { fallback: true } : {}),
    ...(entry.billedCharacters !== undefined ? { billedCharacters: entry.billedCharacters } : {}),
    // Repairs the engine made itself (Apertium's pivot leftovers), as it reported them.
    ...(entry.fixes && entry.fixes.length > 0 ? { fixes: entry.fixes.map((fixed) => ({ ...fixed })) } : {}),
  };
  fixMachineText(segment, fix);
  verifySegment(segment, matches);
  repairMachineTerms(segment);
}

export function markUntranslated(segment: Segment, reason: string): void {
  segment.findings.push({ rule: 'untranslated', source: 'translate', severity: 'error', message: reason, segmentId: segment.id });
}
