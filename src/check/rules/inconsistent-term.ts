// One pinned term written two ways in the English of an article or corpus
// ("White Helmets" here, "White helmets" there): plural, possessive and a
// capital at the start of a sentence aside.

import { escapeRegExp, findingOf, type CheckRule } from '../rule.js';

/**
 * The term's words with any run of spaces and hyphens between them, any case.
 * Only the words: the boundaries either side (no letter or digit) are looked
 * at by matchesOf. A Unicode letter class in the pattern made each term cost
 * about half a millisecond to compile, twenty-five times the words alone, and
 * a corpus meets hundreds of terms.
 */
function loosePattern(form: string): RegExp {
  const body = form
    .trim()
    .split(/[\s\-\u2010\u2011\u2013]+/u)
    .map((word) => escapeRegExp(word))
    .join('[\\s\\-\\u2010\\u2011\\u2013]+');
  return new RegExp(body, 'giu');
}

// Each term's pattern is compiled once per process: the same terms come back article after article.
const patterns = new Map<string, RegExp>();

function patternFor(form: string): RegExp {
  let pattern = patterns.get(form);
  if (!pattern) patterns.set(form, (pattern = loosePattern(form)));
  return pattern;
}

// A letter or digit just before or after a match (the same class, case-insensitive, as a pattern's own
// lookarounds would be; the code point before is read back over a surrogate pair, as a lookbehind reads).
const WORD_BEFORE = /[\p{L}\p{N}]$/iu;
const WORD_AFTER = /^[\p{L}\p{N}]/iu;

/**
 * Each match of the term's words that no letter or digit touches, as
 * `(?<![\p{L}\p{N}])words(?![\p{L}\p{N}])` would find them: the words match
 * in one way only at a given place (literal words, separators between them),
 * so a match refused for its boundaries is looked for again one code point on.
 */
function* matchesOf(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const end = m.index + m[0].length;
    const step = (text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1;
    if (WORD_BEFORE.test(text.slice(Math.max(0, m.index - 2), m.index)) || WORD_AFTER.test(text.slice(end, end + 2))) {
      pattern.lastIndex = m.index + step;
      continue;
    }
    // An empty match moves on one code point (a blank term's pattern matches between words).
    if (m[0] === '') pattern.lastIndex += step;
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
