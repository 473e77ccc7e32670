// Spacing around restored terms: a term glued to the next word, a doubled
// space or a space before a comma or full stop next to it means protection
// or restoration went wrong there (Apertium's own spacing elsewhere is not
// this rule's business).

import type { Finding, Segment } from '../core/types.js';

export function findTermSpacing(segment: Segment): Finding[] {
  const target = segment.target;
  if (!target) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const hit of segment.terms) {
    if (!hit.satisfied || seen.has(hit.target)) continue;
    seen.add(hit.target);
    let at = target.indexOf(hit.target);
    while (at >= 0) {
      const before = target.slice(Math.max(0, at - 2), at);
      const after = target.slice(at + hit.target.length, at + hit.target.length + 2);
      const glued = /[\p{L}\p{N}]$/u.test(before) || /^[\p{L}\p{N}]/u.test(after.replace(/^(?:['’]s|e?s)(?![\p{L}])/u, ''));
      if (glued || / {2}$/u.test(before) || /^ {2}|^ [,.]/u.test(after)) {
        findings.push({
          rule: 'term-spacing',
          source: 'check',
          severity: 'error',
          message: `spacing around "${hit.target}": "${target.slice(Math.max(0, at - 2), at + hit.target.length + 2)}"`,
          segmentId: segment.id,
          term: hit.entry,
        });
        break;
      }
      at = target.indexOf(hit.target, at + 1);
    }
  }
  return findings;
}
