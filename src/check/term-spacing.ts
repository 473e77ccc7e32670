// Spacing around restored terms: a doubled space or a space before a comma or
// full stop right next to a pinned form means protection or restoration went
// wrong there (Apertium's own spacing elsewhere is not this rule's business).
// A term glued to a neighbouring word is not found by verification at all, so
// it already shows as glossary-term-missing.

import type { Finding, Segment } from '../core/types.js';

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

export function findTermSpacing(segment: Segment): Finding[] {
  const target = segment.target;
  if (!target) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const hit of segment.terms) {
    if (!hit.satisfied || seen.has(hit.target)) continue;
    seen.add(hit.target);
    // Whole-word occurrences only ("Syria" is not checked inside "Syrian"), plural or possessive allowed.
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(hit.target)}(?:['’]s|e?s)?(?![\\p{L}\\p{N}])`, 'giu');
    for (const m of target.matchAll(pattern)) {
      const before = target.slice(Math.max(0, m.index - 2), m.index);
      const after = target.slice(m.index + m[0].length, m.index + m[0].length + 2);
      if (/ {2}$/u.test(before) || /^ {2}|^ [,.]/u.test(after)) {
        findings.push({
          rule: 'term-spacing',
          source: 'check',
          severity: 'error',
          message: `spacing around "${hit.target}": "${before}${m[0]}${after}"`,
          segmentId: segment.id,
          term: hit.entry,
        });
        break;
      }
    }
  }
  return findings;
}
