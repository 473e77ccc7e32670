// What a check rule is: a stable id, a severity, what it looks at, and
// optionally a safe fix. Rules are plain objects collected in one ordered list
// (rules/index.ts), like parse-latin's plugins: a caller may pass its own list.

import type { TextEdit } from '../core/text-edits.js';
import type { Severity } from '../core/diagnostic.js';
import type { Finding, Segment } from '../core/types.js';
import { allMatches } from '../core/matches.js';

export interface CheckContext {
  /** The translator's protection token, to detect leaks (e.g. `translator.placeholder`). */
  placeholder?: (n: number) => string;
}


/** A finding and the segment it is on (segment ids repeat across articles, so the object is named). */
export interface SegmentFinding {
  segment: Segment;
  finding: Finding;
}

export interface CheckRule {
  /** Stable id, used in findings, `--rule` and `--fix`. */
  id: string;
  severity: Severity;
  /** One line for `diptych qa --help` and docs/checks.md. */
  description: string;
  /** Findings on one translated segment (its target is set). */
  segment?(segment: Segment & { target: string }, context: CheckContext): Finding[];
  /**
   * Findings that need several segments together: an article's in the
   * pipeline, a whole corpus's in `diptych qa`.
   */
  segments?(segments: Array<Segment & { target: string }>, context: CheckContext): SegmentFinding[];
  /** Safe edits to a machine translation's English (never applied to a person's text). */
  fix?(segment: Segment & { target: string }): TextEdit[];
}

/** A finding of `rule` on `segment`. */
export function findingOf(rule: Pick<CheckRule, 'id' | 'severity'>, segment: Segment, message: string, extra: Partial<Finding> = {}): Finding {
  return { rule: rule.id, source: 'check', severity: rule.severity, message, segmentId: segment.id, ...extra };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** The text with `edits` applied (edits must not overlap). */

/** Edits for every match of `pattern` (global) in `text`, replaced by `replace(match)`. */
export function editsFor(text: string, pattern: RegExp, replace: (match: RegExpMatchArray) => string): TextEdit[] {
  return allMatches(text, pattern).flatMap((m) => {
    const replacement = replace(m);
    return replacement === m[0] ? [] : [{ start: m.index!, end: m.index! + m[0].length, text: replacement }];
  });
}
