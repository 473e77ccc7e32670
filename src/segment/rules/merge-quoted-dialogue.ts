import { headIndex, tailOf, type Paragraph, type Sentence } from '../nlcst.js';

const opening = new Set(['«', '“']);
const closing = new Set(['»', '”']);
const dash = /^[–—]$/u;

/** Guillemet depth after reading `nodes` from `from`, starting at `depth`; stray closers do not go below 0. */
function quoteDepthAfter(nodes: Sentence['children'], from: number, depth: number): number {
  for (let index = from; index < nodes.length; index++) {
    const node = nodes[index]!;
    if (node.type !== 'PunctuationNode') continue;
    if (opening.has(node.value)) depth++;
    else if (closing.has(node.value) && depth > 0) depth--;
  }
  return depth;
}

const closesQuote = (node: Paragraph['children'][number]): boolean =>
  node.type === 'SentenceNode' &&
  node.children.some((child) => child.type === 'PunctuationNode' && closing.has(child.value));

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
    depth = quoteDepthAfter(sentence.children, read, depth);
    read = sentence.children.length;
    const head = next.children[headIndex(next)];
    const merge =
      depth > 0 &&
      tailOf(sentence)?.closers.length === 0 &&
      head?.type === 'PunctuationNode' &&
      dash.test(head.value) &&
      children.slice(index + 1).some(closesQuote);
    if (merge) {
      sentence.children.push(...next.children);
      if (sentence.position && next.position) sentence.position.end = next.position.end;
      children.splice(index + 1, 1);
    } else {
      index++;
      read = 0;
    }
  }
}
