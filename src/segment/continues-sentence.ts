import { headIndex, startsLowerCase, startsWithDigit, textOf, type Sentence } from './nlcst.js';

// Punctuation that cannot start a sentence, so a break before it is no break.
const continuing = new Set([',', ';', ':', ')', ']', '}', '»', '”']);

/**
 * Whether `next` reads as the continuation of the previous sentence rather
 * than a new one: it starts with a lower-case word, a number, or punctuation
 * that cannot open a sentence.
 */
export function continuesSentence(next: Sentence): boolean {
  const index = headIndex(next);
  if (index === -1) return false;
  const head = next.children[index]!;
  const text = textOf(head);
  if (head.type === 'WordNode') return startsLowerCase(text) || startsWithDigit(text);
  return continuing.has(text);
}
