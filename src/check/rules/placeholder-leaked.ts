import { escapeRegExp, findingOf, type CheckRule } from '../rule.js';

// Each translator's pattern once per process, not once per segment checked.
const patterns = new Map<string, RegExp>();

/** A pattern for any token `placeholder` makes: its text with the number generalised. */
export function placeholderPattern(placeholder: (n: number) => string): RegExp {
  const sample = placeholder(987654);
  let pattern = patterns.get(sample);
  if (!pattern) {
    const [before, after] = sample.split('987654') as [string, string?];
    patterns.set(sample, (pattern = new RegExp(`${escapeRegExp(before)}\\d+${escapeRegExp(after ?? '')}`, 'iu')));
  }
  return pattern;
}

export const placeholderLeaked: CheckRule = {
  id: 'placeholder-leaked',
  severity: 'error',
  description: 'a glossary or markup protection token was left in the English',
  segment(segment, context) {
    if (!context.placeholder) return [];
    const leaked = placeholderPattern(context.placeholder).exec(segment.target);
    return leaked ? [findingOf(this, segment, `protection token "${leaked[0]}" left in the English text`)] : [];
  },
};
