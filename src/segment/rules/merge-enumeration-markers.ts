import { headIndex, mergeSentencesWhen, textOf, type Sentence } from '../nlcst.js';

const marker = /^(?:\p{Nd}{1,3}|[IVXLC]{1,6})$/u;

/** A paragraph opening with a list number ("1. Le contexte", "IV. Les faits") is one sentence with it. */
export const mergeEnumerationMarkers = mergeSentencesWhen((previous: Sentence, _next, _paragraph, index) => {
  if (index !== 0) return false;
  const head = headIndex(previous);
  const word = previous.children[head];
  const stop = previous.children[head + 1];
  return (
    word?.type === 'WordNode' &&
    marker.test(textOf(word)) &&
    stop?.type === 'PunctuationNode' &&
    stop.value === '.' &&
    head + 2 === previous.children.length
  );
});
