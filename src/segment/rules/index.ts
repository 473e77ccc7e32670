import { ParseLatin } from 'parse-latin';
import type { ParagraphRule } from '../nlcst.js';
import { breakAfterInitialisms } from './break-after-initialisms.js';
import { mergeClosingGuillemet } from './merge-closing-guillemet.js';
import { mergeEnumerationMarkers } from './merge-enumeration-markers.js';
import { mergeFootnoteReferences } from './merge-footnote-references.js';
import { mergeFrenchAbbreviations } from './merge-french-abbreviations.js';
import { mergeIncises } from './merge-incises.js';
import { mergeInitials } from './merge-initials.js';
import { mergeInsideBrackets } from './merge-inside-brackets.js';
import { mergeQuotedDialogue } from './merge-quoted-dialogue.js';
import { mergeSpacedEllipsis } from './merge-spaced-ellipsis.js';

// parse-latin does not export its plugins one by one; take them from its
// default list, whose order is part of parse-latin 7's behaviour.
const defaults = ParseLatin.prototype.tokenizeParagraphPlugins;
if (defaults.length !== 12) {
  throw new Error(
    `parse-latin's paragraph plugins changed (${defaults.length}, expected 12): ` +
      'check src/segment/rules/index.ts against the installed parse-latin version',
  );
}
const [
  mergeNonWordSentences,
  mergeAffixSymbol,
  , // mergeInitialLowerCaseLetterSentences: replaced by mergeIncises.
  mergeInitialDigitSentences,
  , // mergePrefixExceptions: replaced by mergeFrenchAbbreviations and mergeInitials.
  mergeAffixExceptions,
  mergeRemainingFullStops,
  makeInitialWhiteSpaceSiblings,
  makeFinalWhiteSpaceSiblings,
  breakImplicitSentences,
  removeEmptyNodes,
  patchPosition,
] = defaults as ParagraphRule[];

/**
 * The paragraph rules of French segmentation, in order: parse-latin's own,
 * with its English-minded exceptions swapped for French ones. Rules that
 * move marks between sentences come first, merges next, the one split last.
 */
export const frenchParagraphRules: readonly ParagraphRule[] = [
  mergeNonWordSentences!,
  mergeAffixSymbol!,
  mergeFootnoteReferences,
  mergeClosingGuillemet,
  mergeAffixExceptions!,
  mergeEnumerationMarkers,
  mergeFrenchAbbreviations,
  mergeInitials,
  mergeSpacedEllipsis,
  mergeInsideBrackets,
  mergeQuotedDialogue,
  mergeIncises,
  mergeInitialDigitSentences!,
  breakAfterInitialisms,
  mergeRemainingFullStops!,
  makeInitialWhiteSpaceSiblings!,
  makeFinalWhiteSpaceSiblings!,
  breakImplicitSentences!,
  removeEmptyNodes!,
  patchPosition!,
];
