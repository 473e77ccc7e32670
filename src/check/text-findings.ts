// Checks of the English text itself, independent of the glossary.

import type { Finding, Segment } from '../core/types.js';

export interface TextCheckOptions {
  /** The translator's protection token, to detect leaks (e.g. `translator.placeholder`). */
  placeholder?: (n: number) => string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** A pattern for any token `placeholder` makes: its text with the number generalised. */
export function placeholderPattern(placeholder: (n: number) => string): RegExp {
  const sample = placeholder(987654);
  const [before, after] = sample.split('987654') as [string, string?];
  return new RegExp(`${escapeRegExp(before)}\\d+${escapeRegExp(after ?? '')}`, 'iu');
}

function finding(segment: Segment, rule: string, severity: Finding['severity'], message: string): Finding {
  return { rule, source: 'check', severity, message, segmentId: segment.id };
}

export function findTextProblems(segment: Segment, options: TextCheckOptions = {}): Finding[] {
  const target = segment.target;
  if (target === undefined) return [];
  const findings: Finding[] = [];
  if (target.trim() === '' && segment.source.trim() !== '') {
    findings.push(finding(segment, 'untranslated', 'error', 'the English side is empty'));
    return findings;
  }
  const words = segment.source.trim().split(/\s+/u).length;
  if (words >= 4 && target.trim() === segment.source.trim()) {
    findings.push(finding(segment, 'untranslated', 'warning', 'the English side is the French text unchanged'));
  }
  if (options.placeholder) {
    const leaked = placeholderPattern(options.placeholder).exec(target);
    if (leaked) findings.push(finding(segment, 'placeholder-leaked', 'error', `protection token "${leaked[0]}" left in the English text`));
  }
  const mark = /(?:^|\s)([*#@]+\p{L}[\p{L}\p{N}'’-]*)/u.exec(target);
  if (mark && !segment.source.includes(mark[1]!)) {
    findings.push(finding(segment, 'unknown-word-mark', 'warning', `translator mark left in "${mark[1]}"`));
  }
  if (/\S {2,}\S/u.test(target)) findings.push(finding(segment, 'doubled-space', 'warning', 'doubled space in the English text'));
  if (segment.unknownWords.length > 0) {
    findings.push(finding(segment, 'unknown-words', 'info', `words the translator did not know: ${segment.unknownWords.join(', ')}`));
  }
  return findings;
}
