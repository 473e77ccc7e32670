// Sentences of one paragraph as offsets into its text, from the unified
// processor that parses French (./retext-french.ts).
import { unified } from 'unified';
import type { Sentence } from './nlcst.js';
import { retextFrench } from './retext-french.js';

/** A sentence as offsets into the paragraph text, without surrounding white space. */
export interface SentenceSpan {
  start: number;
  end: number;
}

// Frozen once: `use` after this point would throw rather than change the processor for every caller.
const processor = unified().use(retextFrench).freeze();

// Every nlcst node has a position; words and sentences also have children.
interface Positioned {
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: Positioned[];
}

/** Offset where a sentence starts or ends, read from its first or last leaf token. */
function edgeOffset(sentence: Sentence, side: 'start' | 'end'): number | undefined {
  let node: Positioned | undefined = sentence as Positioned;
  while (node?.children) node = side === 'start' ? node.children[0] : node.children[node.children.length - 1];
  return node?.position?.[side].offset;
}

const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/u.test(char);

/**
 * Split one paragraph of French text into sentences. Single newlines are line
 * wrapping, not breaks; a blank line does break.
 *
 * @example
 * splitSentences('M. Dupont est arrivé. « Pourquoi ? » a-t-il dit.')
 * // → [{start: 0, end: 22}, {start: 23, end: 48}]
 */
export function splitSentences(text: string): SentenceSpan[] {
  if (typeof text !== 'string') {
    throw new TypeError(`splitSentences(text) expects a string, got ${typeof text}`);
  }
  const spans: SentenceSpan[] = [];
  // The tree is one paragraph (see retextFrench). Its sentences are read in a
  // plain loop: unist-util-visit's walk cost 15% of segmentation time here.
  const [paragraph] = processor.parse(text).children;
  for (const node of paragraph?.type === 'ParagraphNode' ? paragraph.children : []) {
    if (node.type !== 'SentenceNode') continue;
    let start = edgeOffset(node, 'start');
    let end = edgeOffset(node, 'end');
    if (start === undefined || end === undefined) continue;
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    if (end > start) spans.push({ start, end });
  }
  return spans;
}
