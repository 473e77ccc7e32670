import {
  appendSentence,
  closingBrackets,
  headIndex,
  isTerminal,
  markDepthAfter,
  openingBrackets,
  sentenceHasMark,
  tailOf,
  type Paragraph,
  type Sentence,
} from '../nlcst.js';

/**
 * "[...]" or "(…)" right after a sentence's own terminal marks text left out
 * between two sentences of a quotation ("notre République. [...] Les lois"):
 * the break after it stands.
 */
function isOmissionAfterTerminal(sentence: Sentence, terminalIndex: number): boolean {
  const children = sentence.children;
  let index = terminalIndex - 1;
  while (children[index]?.type === 'WhiteSpaceNode') index--;
  const open = children[index];
  if (!(open?.type === 'PunctuationNode' && openingBrackets.has(open.value))) return false;
  index--;
  while (children[index]?.type === 'WhiteSpaceNode') index--;
  const before = children[index];
  return before !== undefined && isTerminal(before);
}

/** The terminal marker sits inside brackets that the sentence did not open with: "(Tom, Lisa !)". */
function endsInsideBrackets(sentence: Sentence): boolean {
  const tail = tailOf(sentence);
  if (!tail || !tail.closers.some((mark) => closingBrackets.has(mark))) return false;
  if (isOmissionAfterTerminal(sentence, tail.terminalIndex)) return false;
  const head = sentence.children[headIndex(sentence)];
  return !(head?.type === 'PunctuationNode' && openingBrackets.has(head.value));
}

/**
 * A sentence cannot end inside parentheses or brackets: "science (He worked
 * as an engineer.) at", "(Tom, Lisa, ...) et", "Je suis (...) Chris",
 * "(un peu, beaucoup, … ?) sur". Two cases:
 * - a bracket is still open at the break and one closes later in the paragraph;
 * - the terminal marker sits right before the closing bracket, and the bracket
 *   did not open the sentence (a whole sentence in parentheses stands alone)
 *   nor marks an omission after a finished sentence ("fin. [...] Début").
 */
export function mergeInsideBrackets(paragraph: Paragraph): void {
  const children = paragraph.children;
  // closerAfter[i]: a sentence after the i-th (original numbering) closes a bracket.
  const closerAfter: boolean[] = new Array<boolean>(children.length).fill(false);
  for (let index = children.length - 2; index >= 0; index--) {
    closerAfter[index] = closerAfter[index + 1]! || sentenceHasMark(children[index + 1]!, closingBrackets);
  }
  let original = 0;
  for (let index = 0; index < children.length; index++, original++) {
    const sentence = children[index]!;
    if (sentence.type !== 'SentenceNode') continue;
    let depth = 0;
    let read = 0;
    for (let next = children[index + 1]; next?.type === 'SentenceNode'; next = children[index + 1]) {
      depth = markDepthAfter(sentence.children, read, depth, openingBrackets, closingBrackets);
      read = sentence.children.length;
      if (!((depth > 0 && closerAfter[original]) || endsInsideBrackets(sentence))) break;
      appendSentence(sentence, next);
      children.splice(index + 1, 1);
      original++;
    }
  }
}
