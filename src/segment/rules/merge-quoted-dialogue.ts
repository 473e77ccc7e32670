import { appendSentence, headIndex, markDepthAfter, sentenceHasMark, tailOf, type Paragraph } from '../nlcst.js';

const opening = new Set(['«', '“']);
const closing = new Set(['»', '”']);
const dash = /^[–—]$/u;

/**
 * Inside one quotation, a dash after a terminal marker introduces the
 * narrator's incise or the other speaker's reply, still within the quotation:
 * `« Allez-vous démissionner ? — Jamais ! », a répondu le ministre`,
 * `«К чему ты готовишься? – спросила мама. – Завтра ведь выходной».`
 * The quotation stays one sentence when it closes later in the paragraph.
 */
export function mergeQuotedDialogue(paragraph: Paragraph): void {
  const children = paragraph.children;
  let depth = 0;
  let read = 0;
  let index = 0;
  while (index < children.length - 1) {
    const sentence = children[index]!;
    const next = children[index + 1]!;
    if (sentence.type !== 'SentenceNode' || next.type !== 'SentenceNode') {
      index++;
      continue;
    }
    depth = markDepthAfter(sentence.children, read, depth, opening, closing);
    read = sentence.children.length;
    const head = next.children[headIndex(next)];
    const merge =
      depth > 0 &&
      tailOf(sentence)?.closers.length === 0 &&
      head?.type === 'PunctuationNode' &&
      dash.test(head.value) &&
      children.slice(index + 1).some((node) => sentenceHasMark(node, closing));
    if (merge) {
      appendSentence(sentence, next);
      children.splice(index + 1, 1);
    } else {
      index++;
      read = 0;
    }
  }
}
