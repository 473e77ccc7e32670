// Every check rule, in the order findings are listed. A caller may pass its
// own list (a subset, or extra rules of its own) to checkArticle and qa.

import type { CheckRule } from '../rule.js';
import { bidiControl } from './bidi-control.js';
import { contentMissing } from './content-missing.js';
import { doubledSpace } from './doubled-space.js';
import { doubledWord } from './doubled-word.js';
import { frenchNumberFormat } from './french-number-format.js';
import { frenchTypography } from './french-typography.js';
import { frenchWordLeft } from './french-word-left.js';
import { glossaryTermMissing } from './glossary-term-missing.js';
import { identicalTranslation } from './identical-translation.js';
import { inconsistentTerm } from './inconsistent-term.js';
import { inconsistentTranslation } from './inconsistent-translation.js';
import { lengthRatio } from './length-ratio.js';
import { mergeConflict } from './merge-conflict.js';
import { numberMismatch } from './number-mismatch.js';
import { pivotLanguageWord } from './pivot-language-word.js';
import { placeholderLeaked } from './placeholder-leaked.js';
import { termSpacing } from './term-spacing.js';
import { unbalancedMarks } from './unbalanced-marks.js';
import { unknownWordMark } from './unknown-word-mark.js';
import { unknownWords } from './unknown-words.js';
import { untranslated } from './untranslated.js';

export const CHECK_RULES: readonly CheckRule[] = [
  mergeConflict,
  untranslated,
  glossaryTermMissing,
  termSpacing,
  placeholderLeaked,
  numberMismatch,
  frenchNumberFormat,
  frenchTypography,
  pivotLanguageWord,
  frenchWordLeft,
  lengthRatio,
  contentMissing,
  identicalTranslation,
  doubledWord,
  unbalancedMarks,
  bidiControl,
  doubledSpace,
  unknownWordMark,
  unknownWords,
  inconsistentTranslation,
  inconsistentTerm,
];

export { placeholderPattern } from './placeholder-leaked.js';
