// One pinned term written two ways in the English of an article or corpus
// ("White Helmets" here, "White helmets" there): plural, possessive and a
// capital at the start of a sentence aside.

import { escapeRegExp, findingOf, type CheckRule } from '../rule.js';

function loosePattern(form: string): RegExp {
  const body = form
    .trim()
    .split(/[\s\-\u2010\u2011\u2013]+/u)
    .map((word) => escapeRegExp(word))
    .join('[\\s\\-\\u2010\\u2011\\u2013]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

const shape = (surface: string) => surface.charAt(0).toUpperCase() + surface.slice(1);

export const inconsistentTerm: CheckRule = {
  id: 'inconsistent-term',
  severity: 'warning',
  description: 'one pinned term written two ways in the English',
  segments(segments) {
    // Sets, each segment once per form in first-seen order: a term in thousands of segments stays linear.
    const forms = new Map<string, Map<string, Set<(typeof segments)[number]>>>();
    const patterns = new Map<string, RegExp>();
    for (const segment of segments) {
      for (const hit of new Map(segment.terms.map((term) => [term.entry, term])).values()) {
        if (!hit.target) continue;
        const byForm = forms.get(hit.entry) ?? new Map<string, Set<(typeof segments)[number]>>();
        let pattern = patterns.get(hit.target);
        if (!pattern) patterns.set(hit.target, (pattern = loosePattern(hit.target)));
        for (const m of segment.target.matchAll(pattern)) {
          const form = shape(m[0]);
          const group = byForm.get(form) ?? new Set();
          byForm.set(form, group.add(segment));
        }
        forms.set(hit.entry, byForm);
      }
    }
    return [...forms].flatMap(([entry, byForm]) => {
      if (byForm.size < 2) return [];
      const written = [...byForm.keys()];
      return [...byForm].flatMap(([form, group]) =>
        [...group].map((segment) => ({ segment, finding: findingOf(this, segment, `"${entry}" is written ${written.map((w) => `"${w}"`).join(' and ')} in the English; here "${form}"`, { term: entry }) })),
      );
    });
  },
};
