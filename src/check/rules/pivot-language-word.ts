import { findingOf, type CheckRule } from '../rule.js';
import { foreignWords } from '../untranslated-words.js';

export const pivotLanguageWord: CheckRule = {
  id: 'pivot-language-word',
  severity: 'error',
  description: 'a Spanish word in the English (left by the pivot step of a fr→es→en engine), with the French word it stands for',
  segment(segment) {
    return foreignWords(segment)
      .filter((word) => word.lang === 'es')
      .map((word) => findingOf(this, segment, `Spanish word "${word.word}" in the English${word.french ? ` (from the French "${word.french}")` : ''}`));
  },
};
