import type { CheckRule } from '../rule.js';
import { findingOf } from '../rule.js';

/** One error per pinned term the English side does not honour. */
export const glossaryTermMissing: CheckRule = {
  id: 'glossary-term-missing',
  severity: 'error',
  description: 'a pinned glossary term is not in the English in its pinned form',
  segment(segment) {
    return segment.terms
      .filter((hit) => hit.satisfied === false)
      // Which form: the French number decides it, and a reviewer should see why.
      .map((hit) => findingOf(this, segment, `"${hit.source}" should read "${hit.target}"${hit.number ? ` (${hit.number}, as the French)` : ''}`, { term: hit.entry }));
  },
};
