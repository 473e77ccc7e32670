import type { Finding, Segment } from '../core/types.js';

/** One error per pinned term the English side does not honour. */
export function findMissingTerms(segment: Segment): Finding[] {
  return segment.terms
    .filter((hit) => hit.satisfied === false)
    .map((hit) => ({
      rule: 'glossary-term-missing',
      source: 'check',
      severity: 'error' as const,
      message: `"${hit.source}" should read "${hit.target}"`,
      segmentId: segment.id,
      term: hit.entry,
    }));
}
