import { textOf, type Paragraph, type Sentence } from '../nlcst.js';

const reference = /^[\p{Nd}\p{L}]{1,3}$/u;

/** Length of a "[4]" reference at the very start of `sentence` (no space before), or 0. */
function referenceLength(sentence: Sentence, from: number): number {
  const [open, label, close] = sentence.children.slice(from, from + 3);
  if (
    open?.type === 'PunctuationNode' &&
    open.value === '[' &&
    label?.type === 'WordNode' &&
    reference.test(textOf(label)) &&
    close?.type === 'PunctuationNode' &&
    close.value === ']'
  ) {
    return 3;
  }
  return 0;
}

/**
 * A footnote call glued to a full stop ("…Chris.[4] Je…") belongs to the
 * sentence it follows, as in Wikipedia and Wikinews text.
 */
export function mergeFootnoteReferences(paragraph: Paragraph): void {
  const children = paragraph.children;
  for (let index = 1; index < children.length; index++) {
    const previous = children[index - 1]!;
    const sentence = children[index]!;
    if (previous.type !== 'SentenceNode' || sentence.type !== 'SentenceNode') continue;
    let length = 0;
    let step = referenceLength(sentence, 0);
    while (step > 0) {
      length += step;
      step = referenceLength(sentence, length);
    }
    if (length === 0) continue;
    previous.children.push(...sentence.children.splice(0, length));
    if (sentence.children.length === 0) {
      children.splice(index, 1);
      index--;
    }
  }
}
