// French as a retext language: the unified plugin that segmentation runs as a
// processor (`unified().use(retextFrench)`), built the way retext builds its
// languages. retext-english is parse-english (a parse-latin subclass whose
// paragraph plugins carry English exceptions) plus a plugin that makes it the
// processor's parser; this is the same with diptych's French rules (./rules).
//
// Why not `retext-latin` with the French rules added as its
// `nlcstParagraphExtensions`: retext-latin puts extensions before all of
// parse-latin's own rules and cannot remove any, while the French order needs
// two of them gone (English abbreviations, and the merge of every sentence
// that starts in lower case, "Je suis Chris. comment…") and the French rules
// placed between the others. Run that way, parse-latin's rules would run
// twice and the result would rest on their second run changing nothing.
import { ParseLatin } from 'parse-latin';
import type { Plugin } from 'unified';
import { frenchParagraphRules } from './rules/index.js';

/** An nlcst tree: RootNode → ParagraphNode → SentenceNode → words, white space, punctuation. */
export type Root = ReturnType<ParseLatin['parse']>;

/** parse-latin with the French paragraph rules in place of its own list. */
export class ParseFrench extends ParseLatin {}
ParseFrench.prototype.tokenizeParagraphPlugins = [...frenchParagraphRules];

// One parser for the process, not one per document as retext-latin makes:
// parse-latin keeps no state between calls.
const parser = new ParseFrench();

/**
 * Parse French prose into nlcst, sentences split by the French rules.
 *
 * @example
 * const tree = unified().use(retextFrench).parse('M. Dupont est arrivé. Il pleut.');
 * // → one ParagraphNode holding two SentenceNodes
 */
export const retextFrench: Plugin<[], string, Root> = function () {
  // A document is one paragraph: diptych has split paragraphs at blank lines
  // before (blocks, splitParagraphs), and a single line break is wrapping.
  // parse-latin's own root would open a paragraph at every line break.
  this.parser = (document) => ({ type: 'RootNode', children: [parser.tokenizeParagraph(document)] });
};
