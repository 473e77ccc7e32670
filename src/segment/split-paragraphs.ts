import { collapseWhitespace } from './collapse-whitespace.js';
import { splitSentences } from './split-sentences.js';

// A blank line: a line break, then only spaces or tabs, then another line break
// (CRLF counts as one break, never as two).
const blankLine = /(?:\r\n|\r(?!\n)|\n)[^\S\r\n]*(?:\r\n|\r(?!\n)|\n)\s*/u;

/**
 * Split raw text into paragraphs (separated by blank lines) and each
 * paragraph into sentences, white space collapsed to single spaces.
 *
 * @example
 * splitParagraphs('Il pleut. Il vente.\n\nM. Dupont\nest sorti.')
 * // → [['Il pleut.', 'Il vente.'], ['M. Dupont est sorti.']]
 */
export function splitParagraphs(text: string): string[][] {
  if (typeof text !== 'string') {
    throw new TypeError(`splitParagraphs(text) expects a string, got ${typeof text}`);
  }
  const paragraphs: string[][] = [];
  for (const paragraph of text.split(blankLine)) {
    const sentences = splitSentences(paragraph).map((span) =>
      collapseWhitespace(paragraph.slice(span.start, span.end)),
    );
    if (sentences.length > 0) paragraphs.push(sentences);
  }
  return paragraphs;
}
