import { findingOf, type CheckRule } from '../rule.js';
import { foreignWords } from '../untranslated-words.js';

export const frenchWordLeft: CheckRule = {
  id: 'french-word-left',
  severity: 'warning',
  description: 'a French word left untranslated in the English',
  segment(segment) {
    return foreignWords(segment)
      .filter((word) => word.lang === 'fr')
      .map((word) => findingOf(this, segment, `French word "${word.word}" left in the English${word.french && word.french !== word.word ? ` (the French has "${word.french}")` : ''}`));
  },
};
