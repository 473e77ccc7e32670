import { mergeSentencesWhen, type Sentence } from '../nlcst.js';

const isStop = (sentence: Sentence, index: number): boolean => {
  const node = sentence.children[index];
  return node !== undefined && node.type === 'PunctuationNode' && node.value === '.';
};
const isSpace = (sentence: Sentence, index: number): boolean => sentence.children[index]?.type === 'WhiteSpaceNode';

/**
 * ". . ." spelt with spaces marks an omission or a pause inside a sentence
 * (typewriter style, frequent in quotations), never its end.
 */
export const mergeSpacedEllipsis = mergeSentencesWhen((previous: Sentence) => {
  const last = previous.children.length - 1;
  return (
    isStop(previous, last) &&
    isSpace(previous, last - 1) &&
    isStop(previous, last - 2) &&
    isSpace(previous, last - 3) &&
    isStop(previous, last - 4)
  );
});
