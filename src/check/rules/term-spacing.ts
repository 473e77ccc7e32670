// Spacing around restored terms: a doubled space or a space before a comma or
// full stop right next to a pinned form means protection or restoration went
// wrong there (Apertium's own spacing elsewhere is not this rule's business).
// A term glued to a neighbouring word is not found by verification at all, so
// it already shows as glossary-term-missing.

import { escapeRegExp, findingOf, type CheckRule } from '../rule.js';

export const termSpacing: CheckRule = {
  id: 'term-spacing',
  severity: 'error',
  description: 'a doubled space, or a space before a comma or full stop, next to a restored pinned term',
  segment(segment) {
    const target = segment.target;
    // Every finding needs one of these next to a term: most targets have none,
    // and building a pattern per term was this rule's whole cost.
    if (!/ {2}| [,.]/u.test(target)) return [];
    const findings = [];
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
          findings.push(findingOf(this, segment, `spacing around "${hit.target}": "${before}${m[0]}${after}"`, { term: hit.entry }));
          break;
        }
      }
    }
    return findings;
  },
};
