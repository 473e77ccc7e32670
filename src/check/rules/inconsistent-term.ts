// One pinned term written two ways in the English of an article or corpus
// ("White Helmets" here, "White helmets" there): plural, possessive and a
// capital at the start of a sentence aside.

import { loosePattern, wholeMatches } from '../loose-term.js';
import { findingOf, type CheckRule } from '../rule.js';

const shape = (surface: string) => surface.charAt(0).toUpperCase() + surface.slice(1);

export const inconsistentTerm: CheckRule = {
  id: 'inconsistent-term',
  severity: 'warning',
  description: 'one pinned term written two ways in the English',
  segments(segments) {
    // Sets, each segment once per form in first-seen order: a term in thousands of segments stays linear.
    const forms = new Map<string, Map<string, Set<(typeof segments)[number]>>>();
    for (const segment of segments) {
      for (const hit of new Map(segment.terms.map((term) => [term.entry, term])).values()) {
        if (!hit.target) continue;
        const byForm = forms.get(hit.entry) ?? new Map<string, Set<(typeof segments)[number]>>();
        for (const m of wholeMatches(loosePattern(hit.target), segment.target)) {
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
