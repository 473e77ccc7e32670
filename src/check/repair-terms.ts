// Patch repairs for pinned terms a translator missed, from what the segment
// itself shows: the pinned form with the wrong case ("white Helmets"), with a
// space for a hyphen ("al Nusra Front"), or the French form left untranslated.
// Anything else needs a re-translation with protection (the pipeline's job)
// or a person; those stay unsatisfied and become findings.

import type { Segment, TermHit } from '../core/types.js';
import { loosePattern, wholeMatches } from './loose-term.js';

export interface RepairResult {
  target: string;
  terms: TermHit[];
  /** Entry ids patched. */
  repaired: string[];
}

/**
 * Try to satisfy each unsatisfied term by patching the English text in place.
 * Only exact-but-for-case/separator forms and untranslated French are touched,
 * so a patch never guesses which English words stand for the term.
 */
export function repairTerms(target: string, terms: TermHit[]): RepairResult {
  let text = target;
  const repaired: string[] = [];
  const next = terms.map((hit) => {
    if (hit.satisfied !== false) return hit;
    for (const candidate of [hit.target, hit.source]) {
      // Any case, hyphen or space between words, any apostrophe.
      const m = [...wholeMatches(loosePattern(candidate, true), text)].find((found) => found[0] !== hit.target);
      if (!m) continue;
      text = text.slice(0, m.index) + hit.target + text.slice(m.index + m[0].length);
      repaired.push(hit.entry);
      return { ...hit, satisfied: true };
    }
    return hit;
  });
  return { target: text, terms: next, repaired };
}

/** Patch a translated segment in place; returns the entry ids repaired. */
export function repairSegmentTerms(segment: Segment): string[] {
  if (segment.target === undefined) return [];
  const result = repairTerms(segment.target, segment.terms);
  segment.target = result.target;
  segment.terms = result.terms;
  return result.repaired;
}
