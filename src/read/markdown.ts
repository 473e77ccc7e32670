import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Block, BlockKind } from '../core/types.js';
import { InlineText } from './inline.js';

const parser = unified().use(remarkParse).use(remarkGfm);

/** Markdown through remark: headings, paragraphs, block quotes and list items become blocks. */
export function readMarkdown(content: string): Block[] {
  const tree = parser.parse(content) as MdastRoot;
  const blocks: Block[] = [];

  const visitBlock = (node: MdastNodes, kind: BlockKind): void => {
    switch (node.type) {
      case 'heading':
      case 'paragraph': {
        const inline = new InlineText();
        for (const child of node.children) collectInline(child, inline);
        const { text, marks } = inline.finish();
        if (!text) return;
        const headingKind: BlockKind = node.type === 'heading' ? (node.depth === 1 && blocks.length === 0 ? 'title' : 'heading') : kind;
        const block: Block = { kind: headingKind, text, marks, segments: [] };
        if (node.position) block.position = { line: node.position.start.line };
        if (node.type === 'heading') block.depth = node.depth;
        blocks.push(block);
        return;
      }
      case 'blockquote':
        for (const child of node.children) visitBlock(child, 'quote');
        return;
      case 'list':
        for (const child of node.children) visitBlock(child, 'list-item');
        return;
      case 'listItem':
        for (const child of node.children) visitBlock(child, 'list-item');
        return;
      default:
        // Code blocks, tables, thematic breaks and raw HTML blocks are not prose to translate.
        return;
    }
  };

  for (const child of tree.children) visitBlock(child, 'paragraph');
  return blocks;
}

function collectInline(node: MdastNodes, inline: InlineText): void {
  switch (node.type) {
    case 'text':
      inline.append(node.value);
      return;
    case 'html':
      // Inline raw HTML is kept as the literal text the author typed; renderers escape it.
      inline.append(node.value);
      return;
    case 'inlineCode':
      inline.openMark('code');
      inline.append(node.value);
      inline.closeMark();
      return;
    case 'break':
      inline.lineBreak();
      return;
    case 'emphasis':
    case 'strong':
    case 'link': {
      const kind = node.type === 'link' ? 'link' : node.type;
      const attributes = node.type === 'link' ? { href: node.url, ...(node.title ? { title: node.title } : {}) } : {};
      inline.openMark(kind, attributes);
      for (const child of node.children) collectInline(child, inline);
      inline.closeMark();
      return;
    }
    case 'image':
      inline.append(node.alt ?? '');
      return;
    default:
      if ('children' in node) for (const child of node.children as MdastNodes[]) collectInline(child, inline);
  }
}
