// An English that still holds the review editor's merge marks ⟦mine | theirs⟧:
// two people's overlapping edits nobody chose between. The review API refuses
// such a save now; this flags any a store already holds (an older review, an
// import), so it is never published or approved unnoticed.

import { hasUnresolvedConflict, unresolvedConflicts } from '../../core/merge-conflicts.js';
import { findingOf, type CheckRule } from '../rule.js';

export const mergeConflict: CheckRule = {
  id: 'merge-conflict',
  severity: 'error',
  description: 'unresolved merge marks ⟦mine | theirs⟧ left in the English by two overlapping edits',
  segment(segment) {
    if (!hasUnresolvedConflict(segment.target)) return [];
    const parts = unresolvedConflicts(segment.target);
    return [findingOf(this, segment, `unresolved merge in the English: ${parts.join(', ')} — keep one side and remove the ⟦ | ⟧ marks`)];
  },
};
