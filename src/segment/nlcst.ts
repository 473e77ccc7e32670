// What the French rules share about nlcst: node types, the head and tail of a
// sentence, and the merge of two sentences.
import type { ParseLatin } from 'parse-latin';
import { toString } from 'nlcst-to-string';
import { modifyChildren } from 'unist-util-modify-children';

// Node types come from parse-latin's own signatures, so this stage does not
// depend on @types/nlcst directly.
export type Paragraph = ReturnType<ParseLatin['tokenizeParagraph']>;
export type Sentence = ReturnType<ParseLatin['tokenizeSentence']>;
export type SentenceContent = Sentence['children'][number];

/** A transform of one paragraph, the shape of parse-latin's own plugins. */
export type ParagraphRule = (paragraph: Paragraph) => void;

export const textOf = (node: SentenceContent): string => ('value' in node ? node.value : toString(node));

const lowerInitial = /^\p{Ll}/u;
const upperInitial = /^\p{Lu}/u;
const digitInitial = /^\p{Nd}/u;

export const startsLowerCase = (text: string): boolean => lowerInitial.test(text);
export const startsUpperCase = (text: string): boolean => upperInitial.test(text);
export const startsWithDigit = (text: string): boolean => digitInitial.test(text);

/** `.`, `?`, `!`, `…`, `‽` runs: what parse-latin splits sentences after. */
export const isTerminal = (node: SentenceContent): boolean =>
  node.type === 'PunctuationNode' && /^[.?!…‽]+$/u.test(node.value);

/** Closing quotation marks and brackets that may follow a terminal marker. */
const closingMarks = new Set(['»', '”', '›', '"', '’', "'", ')', ']', '}']);
export const closingBrackets = new Set([')', ']', '}']);
export const openingBrackets = new Set(['(', '[', '{']);

/** Nesting depth of `opening`/`closing` marks after reading `nodes` from `from`, starting at `depth`; stray closers do not go below 0. */
export function markDepthAfter(
  nodes: SentenceContent[],
  from: number,
  depth: number,
  opening: ReadonlySet<string>,
  closing: ReadonlySet<string>,
): number {
  for (let index = from; index < nodes.length; index++) {
    const node = nodes[index]!;
    if (node.type !== 'PunctuationNode') continue;
    if (opening.has(node.value)) depth++;
    else if (closing.has(node.value) && depth > 0) depth--;
  }
  return depth;
}

/** A sentence with one of `marks` among its punctuation. */
export const sentenceHasMark = (node: Paragraph['children'][number], marks: ReadonlySet<string>): boolean =>
  node.type === 'SentenceNode' && node.children.some((child) => child.type === 'PunctuationNode' && marks.has(child.value));

/** What ends a sentence: its terminal marker(s) and the closing marks after them. */
export interface SentenceTail {
  /** Terminal text, e.g. ".", "?!", "...", "… ?" without the spaces. */
  terminal: string;
  /** Index of the first terminal node. */
  terminalIndex: number;
  /** Closing quotes/brackets after the terminal, in order. */
  closers: string[];
}

/** Read the end of a sentence; undefined when it does not end in a terminal marker. */
export function tailOf(sentence: Sentence): SentenceTail | undefined {
  const children = sentence.children;
  let index = children.length - 1;
  const closers: string[] = [];
  for (; index >= 0; index--) {
    const node = children[index]!;
    if (node.type === 'WhiteSpaceNode') continue;
    if ((node.type === 'PunctuationNode' || node.type === 'SymbolNode') && closingMarks.has(node.value)) {
      closers.unshift(node.value);
      continue;
    }
    break;
  }
  let terminal = '';
  let terminalIndex = -1;
  // Terminal runs may be split by spaces in French typography: "va … ?".
  for (; index >= 0; index--) {
    const node = children[index]!;
    if (isTerminal(node)) {
      terminal = textOf(node) + terminal;
      terminalIndex = index;
    } else if (node.type !== 'WhiteSpaceNode' || terminalIndex === -1) {
      break;
    }
  }
  return terminalIndex === -1 ? undefined : { terminal, terminalIndex, closers };
}

/** Index of the first child that is not white space (or, with `skipDashes`, a dash). */
export function headIndex(sentence: Sentence, skipDashes = false): number {
  const children = sentence.children;
  for (let index = 0; index < children.length; index++) {
    const node = children[index]!;
    if (node.type === 'WhiteSpaceNode') continue;
    if (skipDashes && node.type === 'PunctuationNode' && /^[-–—]$/u.test(node.value)) continue;
    return index;
  }
  return -1;
}

/** Text of the first non-white-space token of a sentence ('' if none). */
export function headText(sentence: Sentence, skipDashes = false): string {
  const index = headIndex(sentence, skipDashes);
  return index === -1 ? '' : textOf(sentence.children[index]!);
}

/**
 * The "word" written just before a sentence's final full stop, from the last
 * white space: `N°`, `l'éd`, `c.-à-d`, `J.-P`. Undefined when the sentence
 * does not end in exactly one `.` directly after a word.
 */
export function wordBeforeFullStop(sentence: Sentence): string | undefined {
  const children = sentence.children;
  const last = children.length - 1;
  const stop = children[last];
  if (!stop || stop.type !== 'PunctuationNode' || stop.value !== '.') return undefined;
  let text = '';
  for (let index = last - 1; index >= 0; index--) {
    const node = children[index]!;
    if (node.type === 'WhiteSpaceNode') break;
    text = textOf(node) + text;
  }
  // Opening marks belong to the sentence, not to the abbreviation: "(cf." → "cf".
  text = text.replace(/^[«“‘"'([{\u00A0\u202F]+/u, '');
  return text === '' ? undefined : text;
}

/** Move all of `next`'s children to the end of `previous`. */
export function appendSentence(previous: Sentence, next: Sentence): void {
  previous.children.push(...next.children);
  if (previous.position && next.position) previous.position.end = next.position.end;
}

/**
 * Build a rule that merges two neighbouring sentences whenever `shouldMerge`
 * says the break between them is not a sentence end. The merged sentence is
 * tested again against its new neighbour, so chains ("M. J.-P. Martin") merge.
 * Written with unist-util-modify-children, as parse-latin writes its own merges.
 */
export function mergeSentencesWhen(
  shouldMerge: (previous: Sentence, next: Sentence, paragraph: Paragraph, index: number) => boolean,
): ParagraphRule {
  return modifyChildren<Paragraph>((previous, index, paragraph) => {
    const next = paragraph.children[index + 1];
    if (previous.type !== 'SentenceNode' || next?.type !== 'SentenceNode' || !shouldMerge(previous, next, paragraph, index)) {
      return undefined;
    }
    appendSentence(previous, next);
    paragraph.children.splice(index + 1, 1);
    // Visit the same index again: the merged sentence meets its new neighbour.
    return index;
  });
}
