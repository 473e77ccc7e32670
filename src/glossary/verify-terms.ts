import type { TermHit } from '../core/types.js';
import { otherNumberOf } from './english-number.js';
import { englishPattern, normaliseText } from './pattern.js';
import { pinnedForm } from './protect-terms.js';
import type { GlossaryEntry, TermMatch } from './types.js';
import { allMatches } from '../core/matches.js';

// Compiling a pattern costs far more than running it, and the same entries
// come back segment after segment: keep each compiled set of forms.
const patterns = new Map<string, RegExp>();

function countIn(text: string, forms: string[], caseSensitive: boolean, exactNumber: boolean): number {
  const key = `${caseSensitive ? 'c' : 'i'}${exactNumber ? 'n' : ''}\u0000${forms.join('\u0000')}`;
  let pattern = patterns.get(key);
  if (!pattern) {
    pattern = englishPattern(forms, caseSensitive, exactNumber);
    patterns.set(key, pattern);
  }
  return allMatches(text, pattern).length;
}

/**
 * The English forms that satisfy a match. When the French number is known,
 * exactly the forms of that number: the pinned form in it, and the listed
 * forms other than the pinned form's other number ("White Helmets" does not
 * satisfy a singular "Casque blanc"). Otherwise the pinned and listed forms,
 * with an English plural tolerated.
 */
function acceptedForms(match: TermMatch): string[] {
  const { entry } = match;
  const forms = [pinnedForm(match), entry.target, ...entry.targetForms].filter((f) => f !== '');
  if (match.number === undefined || entry.keep) return [...new Set(forms)];
  const other = otherNumberOf({ ...entry, target: pinnedForm(match) }, match.number).toLowerCase();
  return [...new Set(forms.filter((form) => form === pinnedForm(match) || form.toLowerCase() !== other))];
}

/**
 * Check the English side: one TermHit per French match, satisfied when the
 * pinned form (or an accepted English form; a possessive and a capital first
 * letter tolerated, a plural too when the French number is unknown) occurs in
 * the target. An entry found twice in the French, in the same number, must
 * occur twice in the English for both hits to be satisfied.
 */
export function verifyTerms(target: string, matches: TermMatch[]): TermHit[] {
  const english = normaliseText(target).text;
  // Occurrences of one entry in one number share the English they need.
  const groups = new Map<GlossaryEntry, Map<string, TermMatch[]>>();
  for (const match of matches) {
    const byNumber = groups.get(match.entry) ?? new Map<string, TermMatch[]>();
    byNumber.set(match.number ?? '', [...(byNumber.get(match.number ?? '') ?? []), match]);
    groups.set(match.entry, byNumber);
  }
  const available = new Map<TermMatch[], number>();
  for (const [entry, byNumber] of groups) {
    for (const list of byNumber.values()) {
      const forms = [...new Set(list.flatMap(acceptedForms))];
      available.set(list, countIn(english, forms, entry.caseSensitive, list[0]!.number !== undefined && !entry.keep));
    }
  }
  return matches.map((match) => {
    const list = groups.get(match.entry)!.get(match.number ?? '')!;
    const left = available.get(list)!;
    available.set(list, left - 1);
    return { entry: match.entry.id, source: match.text, target: pinnedForm(match), ...(match.number ? { number: match.number } : {}), satisfied: left > 0 };
  });
}
