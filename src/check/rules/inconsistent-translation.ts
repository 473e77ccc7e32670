// One French sentence approved with two different English texts (by hand or
// by review), in an article or across a corpus (`diptych qa` over stores).

import { isPersonText } from '../../core/segments.js';
import { normaliseText } from '../normalise.js';
import { findingOf, type CheckRule } from '../rule.js';

export const inconsistentTranslation: CheckRule = {
  id: 'inconsistent-translation',
  severity: 'warning',
  description: 'one French sentence has different approved English in different places',
  segments(segments) {
    const byFrench = new Map<string, typeof segments>();
    for (const segment of segments.filter(isPersonText)) {
      const key = normaliseText(segment.source);
      const group = byFrench.get(key);
      if (group) group.push(segment);
      else byFrench.set(key, [segment]);
    }
    return [...byFrench.values()].flatMap((group) => {
      const englishes = new Set(group.map((segment) => normaliseText(segment.target)));
      if (englishes.size < 2) return [];
      return group.map((segment) => ({
        segment,
        finding: findingOf(this, segment, `this French sentence is approved with ${englishes.size} different English texts`, {
          suggestion: group.find((other) => normaliseText(other.target) !== normaliseText(segment.target))!.target,
        }),
      }));
    });
  },
};
