import { findingOf, type CheckRule } from '../rule.js';

export const unknownWords: CheckRule = {
  id: 'unknown-words',
  severity: 'info',
  description: 'words the translator reported it did not know',
  segment(segment) {
    return segment.unknownWords.length > 0 ? [findingOf(this, segment, `words the translator did not know: ${segment.unknownWords.join(', ')}`)] : [];
  },
};
