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

// Compiling one of these patterns (a Unicode class each side, case-insensitive) costs far more than
// running it, about half a millisecond, and the same terms come back article after article: each is
// compiled once per process and run as it is (matchAll would run a copy of it).
const patterns = new Map<string, RegExp>();

function patternFor(form: string): RegExp {
  let pattern = patterns.get(form);
  if (!pattern) patterns.set(form, (pattern = loosePattern(form)));
  return pattern;
}

/** Each match of `pattern` (global) in `text`, as matchAll gives them. */
function* matchesOf(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    // An empty match moves on one code point (a blank term's pattern matches between words).
    if (m[0] === '') pattern.lastIndex += (text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1;
    yield m;
  }
}

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
        for (const m of matchesOf(patternFor(hit.target), segment.target)) {
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
