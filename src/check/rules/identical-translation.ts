// Two different French sentences with the same English: one of them is likely
// a copy left in place or a translation pasted on the wrong sentence.

import { normaliseText } from '../normalise.js';
import { findingOf, type CheckRule } from '../rule.js';

export const identicalTranslation: CheckRule = {
  id: 'identical-translation',
  severity: 'warning',
  description: 'two different French sentences have the same English',
  segments(segments) {
    const byEnglish = new Map<string, Map<string, typeof segments>>();
    for (const segment of segments) {
      const english = normaliseText(segment.target);
      if (english.split(' ').length < 4) continue;
      const french = normaliseText(segment.source);
      const sources = byEnglish.get(english) ?? new Map();
      sources.set(french, [...(sources.get(french) ?? []), segment]);
      byEnglish.set(english, sources);
    }
    return [...byEnglish.values()]
      .filter((sources) => sources.size > 1)
      .flatMap((sources) => {
        const all = [...sources.values()].flat();
        return all.map((segment) => ({
          segment,
          finding: findingOf(this, segment, `the same English as ${all.length - 1} other French sentence${all.length > 2 ? 's' : ''}: "${all.find((other) => normaliseText(other.source) !== normaliseText(segment.source))!.source}"`),
        }));
      });
  },
};
