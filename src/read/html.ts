import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import type { Block, BlockKind } from '../core/types.js';
import { InlineText } from './inline.js';

const parser = unified().use(rehypeParse);

// Page furniture, not article text.
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'nav', 'aside', 'footer', 'form', 'iframe', 'svg', 'button', 'select', 'figure', 'object', 'video', 'audio', 'canvas']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const TEXT_BLOCKS = new Set(['p', 'li', 'dd', 'dt', 'figcaption', 'td', 'th', 'caption', ...HEADINGS]);
const INLINE_MARKS = new Map<string, 'emphasis' | 'strong' | 'code'>([
  ['em', 'emphasis'], ['i', 'emphasis'], ['cite', 'emphasis'],
  ['strong', 'strong'], ['b', 'strong'],
  ['code', 'code'], ['kbd', 'code'], ['samp', 'code'],
]);
// Inline elements: text inside them belongs to the surrounding block.
const PHRASING = new Set(['a', 'abbr', 'span', 'sub', 'sup', 'small', 'q', 'time', 'mark', 'u', 's', 'br', 'img', 'dfn', 'bdi', 'bdo', 'data', 'var', 'wbr', 'font', 'del', 'ins', ...INLINE_MARKS.keys()]);

/** HTML through rehype: the article's text only (its <article>, else <main>, else <body>). */
export function readHtml(content: string): { blocks: Block[]; title?: string } {
  const tree = parser.parse(content) as HastRoot;
  const root = findFirst(tree, 'article') ?? findFirst(tree, 'main') ?? findFirst(tree, 'body') ?? tree;
  const documentTitle = findFirst(tree, 'title');
  const blocks: Block[] = [];

  const pushBlock = (nodes: ElementContent[], kind: BlockKind, line: number | undefined, depth?: number): void => {
    const inline = new InlineText();
    for (const node of nodes) collectInline(node, inline);
    const { text, marks } = inline.finish();
    if (!text) return;
    const block: Block = { kind, text, marks, segments: [] };
    if (line !== undefined) block.position = { line };
    if (depth !== undefined) block.depth = depth;
    blocks.push(block);
  };

  const visit = (node: RootContent | HastRoot | Element, kind: BlockKind): void => {
    if (node.type !== 'element' && node.type !== 'root') return;
    if (node.type === 'element') {
      if (SKIP.has(node.tagName) || node.properties?.hidden !== undefined && node.properties.hidden !== false) return;
      const line = node.position?.start.line;
      if (HEADINGS.has(node.tagName)) {
        const depth = Number(node.tagName.slice(1));
        const isTitle = depth === 1 && !blocks.some((b) => b.kind === 'title');
        pushBlock(node.children, isTitle ? 'title' : 'heading', line, depth);
        return;
      }
      if (TEXT_BLOCKS.has(node.tagName) && !hasBlockChild(node)) {
        pushBlock(node.children, node.tagName === 'li' ? 'list-item' : kind, line);
        return;
      }
      if (node.tagName === 'blockquote') kind = 'quote';
    }
    // A container: runs of loose inline content become paragraphs, block children are visited.
    let run: ElementContent[] = [];
    let runLine: number | undefined;
    const flush = (): void => {
      if (run.length) pushBlock(run, kind, runLine);
      run = [];
      runLine = undefined;
    };
    for (const child of node.children) {
      if (child.type === 'text' || (child.type === 'element' && PHRASING.has(child.tagName))) {
        runLine ??= child.position?.start.line;
        run.push(child);
      } else {
        flush();
        visit(child as RootContent, kind);
      }
    }
    flush();
  };

  visit(root, 'paragraph');
  const title = documentTitle ? textOf(documentTitle).trim() : undefined;
  return title ? { blocks, title } : { blocks };
}

function collectInline(node: ElementContent, inline: InlineText): void {
  if (node.type === 'text') {
    inline.append(node.value);
    return;
  }
  if (node.type !== 'element' || SKIP.has(node.tagName)) return;
  if (node.tagName === 'br') {
    inline.lineBreak();
    return;
  }
  if (node.tagName === 'img') {
    const alt = node.properties?.alt;
    if (typeof alt === 'string') inline.append(alt);
    return;
  }
  const mark = INLINE_MARKS.get(node.tagName);
  const href = node.tagName === 'a' ? node.properties?.href : undefined;
  if (mark) inline.openMark(mark);
  else if (typeof href === 'string') {
    const title = node.properties?.title;
    inline.openMark('link', typeof title === 'string' ? { href, title } : { href });
  }
  for (const child of node.children) collectInline(child, inline);
  if (mark || typeof href === 'string') inline.closeMark();
}

function hasBlockChild(node: Element): boolean {
  return node.children.some((child) => child.type === 'element' && !PHRASING.has(child.tagName));
}

function findFirst(node: HastRoot | Element, tagName: string): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === tagName) return child;
    const found = findFirst(child, tagName);
    if (found) return found;
  }
  return undefined;
}

function textOf(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? textOf(child) : '')).join('');
}
