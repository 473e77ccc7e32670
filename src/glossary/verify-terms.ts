import type { TermHit } from '../core/types.js';
import { englishPattern, normaliseText } from './pattern.js';
import { pinnedForm } from './protect-terms.js';
import type { GlossaryEntry, TermMatch } from './types.js';

// Compiling a pattern costs far more than running it, and the same entries
// come back segment after segment: keep each compiled set of forms.
const patterns = new Map<string, RegExp>();

function countIn(text: string, forms: string[], caseSensitive: boolean): number {
  const key = `${caseSensitive ? 'c' : 'i'}\u0000${forms.join('\u0000')}`;
  let pattern = patterns.get(key);
  if (!pattern) {
    pattern = englishPattern(forms, caseSensitive);
    patterns.set(key, pattern);
  }
  return [...text.matchAll(pattern)].length;
}

/**
 * Check the English side: one TermHit per French match, satisfied when the
 * pinned form (or an accepted English form; plural, possessive and a capital
 * first letter tolerated) occurs in the target. An entry found twice in the
 * French must occur twice in the English for both hits to be satisfied.
 */
export function verifyTerms(target: string, matches: TermMatch[]): TermHit[] {
  const english = normaliseText(target).text;
  const byEntry = new Map<GlossaryEntry, TermMatch[]>();
  for (const match of matches) {
    const list = byEntry.get(match.entry) ?? [];
    list.push(match);
    byEntry.set(match.entry, list);
  }
  const available = new Map<GlossaryEntry, number>();
  for (const [entry, list] of byEntry) {
    const forms = [...list.map(pinnedForm), entry.target, ...entry.targetForms].filter((f) => f !== '');
    available.set(entry, countIn(english, forms, entry.caseSensitive));
  }
  return matches.map((match) => {
    const left = available.get(match.entry)!;
    available.set(match.entry, left - 1);
    return { entry: match.entry.id, source: match.text, target: pinnedForm(match), satisfied: left > 0 };
  });
}
