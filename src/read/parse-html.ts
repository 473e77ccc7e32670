// HTML parsed with a bound on how deep the reader walks. parse5 builds its
// tree without recursion, but everything after it does recurse: the
// conversion to hast, Readability, the block walk. A page of thousands of
// nested elements overflowed the stack (2,000 <div>s), and Readability's cost
// grows with depth (1,000 <div>s took 35 s). Elements nested deeper than
// MAX_HTML_DEPTH are flattened into the element at that depth: their text is
// kept (a space where a block ended, so words stay apart), their structure
// and markup are not. No news page nests anywhere near that deep.

import type { Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { VFile } from 'vfile';

export const MAX_HTML_DEPTH = 128;

type Node = DefaultTreeAdapterMap['node'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];
type Element = DefaultTreeAdapterMap['element'];
type ChildNode = DefaultTreeAdapterMap['childNode'];

// Their text is not the page's text: dropped when flattened.
const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'select', 'svg', 'math', 'iframe', 'object', 'head', 'title']);
// Inline elements: flattened without a space, so a word split by <span>s stays whole.
const PHRASING = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var']);

/** A page (or, with `fragment`, a piece of one) as hast, with positions, nested at most `maxDepth` elements deep. */
export function parseHtml(html: string, options: { fragment?: boolean; maxDepth?: number } = {}): Root {
  const tree = options.fragment
    ? parseFragment(html, { sourceCodeLocationInfo: true, scriptingEnabled: false })
    : parse(html, { sourceCodeLocationInfo: true, scriptingEnabled: false });
  flattenBeyond(tree, options.maxDepth ?? MAX_HTML_DEPTH);
  return fromParse5(tree, { file: new VFile(html) }) as Root;
}

/** Replace, in every element at `maxDepth`, its descendants by their text. Iterative: the tree may be deeper than the stack. */
function flattenBeyond(root: ParentNode, maxDepth: number): void {
  const stack: Array<{ node: ParentNode; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth >= maxDepth) {
      node.childNodes = textOf(node);
      continue;
    }
    for (const child of node.childNodes) {
      if ('childNodes' in child) stack.push({ node: child, depth: depth + 1 });
      if (isElement(child) && child.tagName === 'template') stack.push({ node: (child as DefaultTreeAdapterMap['template']).content, depth: depth + 1 });
    }
  }
}

/** The text under `parent`, in order, as one text node (where the first text was); a space for each block element's edge. */
function textOf(parent: ParentNode): ChildNode[] {
  const parts: string[] = [];
  let first: DefaultTreeAdapterMap['textNode'] | undefined;
  // Children in reverse, so popping visits them in document order; a string marks a block's edge.
  const pending: Array<Node | string> = [...parent.childNodes].reverse();
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next === 'string') {
      if (parts.length > 0 && parts[parts.length - 1] !== next) parts.push(next);
    } else if (next.nodeName === '#text') {
      first ??= next as DefaultTreeAdapterMap['textNode'];
      parts.push((next as DefaultTreeAdapterMap['textNode']).value);
    } else if (isElement(next) && !NOT_TEXT.has(next.tagName)) {
      const edge = PHRASING.has(next.tagName) ? [] : [' '];
      pending.push(...edge);
      for (let i = next.childNodes.length - 1; i >= 0; i--) pending.push(next.childNodes[i]!);
      pending.push(...edge);
    }
  }
  if (!first) return [];
  return [{ ...first, value: parts.join(''), parentNode: parent }];
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}
