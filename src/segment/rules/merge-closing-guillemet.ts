import { closingBrackets, headIndex, type Paragraph, type Sentence } from '../nlcst.js';

// Marks that only ever close a quotation.
const closingOnly = new Set(['»', '”', '›']);

const countStraightQuotes = (sentence: Sentence): number => {
  let count = 0;
  for (const node of sentence.children) {
    if (node.type === 'PunctuationNode' && node.value[0] === '"') count += node.value.length;
  }
  return count;
};

/**
 * French sets the closing guillemet apart with a (no-break, narrow or plain)
 * space: `bien ? »`. parse-latin then puts the guillemet at the start of the
 * next sentence; move it (and any closing marks glued to it, `»)`) back to the
 * sentence it closes. A straight `"` moves only when it closes an open quote.
 */
export function mergeClosingGuillemet(paragraph: Paragraph): void {
  const children = paragraph.children;
  let straightQuotes = 0;
  let counted = -1;
  let index = 0;
  while (index < children.length - 1) {
    const previous = children[index]!;
    const next = children[index + 1]!;
    if (previous.type === 'SentenceNode' && counted !== index) {
      straightQuotes += countStraightQuotes(previous);
      counted = index;
    }
    const head = next.type === 'SentenceNode' ? headIndex(next) : -1;
    const mark = head === -1 || next.type !== 'SentenceNode' ? undefined : next.children[head];
    const closesStraight = mark?.type === 'PunctuationNode' && mark.value === '"' && straightQuotes % 2 === 1;
    if (
      previous.type !== 'SentenceNode' ||
      next.type !== 'SentenceNode' ||
      mark?.type !== 'PunctuationNode' ||
      (!closingOnly.has(mark.value) && !closesStraight)
    ) {
      index++;
      continue;
    }
    let end = head + 1;
    for (let glued = next.children[end]; glued?.type === 'PunctuationNode'; glued = next.children[end]) {
      if (!closingOnly.has(glued.value) && !closingBrackets.has(glued.value)) break;
      end++;
    }
    previous.children.push(...next.children.splice(0, end));
    if (closesStraight) straightQuotes++;
    if (next.children.every((node) => node.type === 'WhiteSpaceNode')) {
      // Nothing but space left: the next sentence was only the closing mark.
      previous.children.push(...next.children);
      children.splice(index + 1, 1);
    } else {
      index++;
    }
  }
}
