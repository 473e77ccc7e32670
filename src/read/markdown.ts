import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Block, BlockKind, SkippedContent } from '../core/types.js';
import { flattenMarkdown } from './flatten-markdown.js';
import { InlineText } from './inline.js';

const parser = unified().use(remarkParse).use(remarkGfm);

/**
 * Markdown through remark (with GFM): headings, paragraphs, block quotes, list
 * items, images' alt text and table cells become blocks; code blocks are kept as
 * written; raw HTML blocks are listed as skipped, with their line.
 */
export function readMarkdown(content: string): { blocks: Block[]; skipped: SkippedContent[] } {
  const tree = flattenMarkdown(parser.parse(content) as MdastRoot);
  const blocks: Block[] = [];
  const skipped: SkippedContent[] = [];
  let tables = 0;
  const lineOf = (node: MdastNodes): { position?: { line: number } } => (node.position ? { position: { line: node.position.start.line } } : {});

  const visitBlock = (node: MdastNodes, kind: BlockKind): void => {
    switch (node.type) {
      case 'heading':
      case 'paragraph': {
        const inline = new InlineText();
        for (const child of node.children) collectInline(child, inline);
        const { text, marks } = inline.finish();
        if (!text) return;
        const imageOnly = node.type === 'paragraph' && node.children.every((child) => child.type === 'image' || (child.type === 'text' && child.value.trim() === ''));
        const headingKind: BlockKind = node.type === 'heading' ? (node.depth === 1 && blocks.length === 0 ? 'title' : 'heading') : imageOnly ? 'image-alt' : kind;
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
      case 'table': {
        const table = ++tables;
        node.children.forEach((row, rowIndex) => {
          row.children.forEach((cell, column) => {
            const inline = new InlineText();
            for (const child of cell.children) collectInline(child, inline);
            const { text, marks } = inline.finish();
            blocks.push({
              kind: 'table-cell',
              text,
              marks,
              cell: { table, row: rowIndex, column, ...(rowIndex === 0 ? { header: true } : {}) },
              ...lineOf(cell),
              segments: [],
            });
          });
        });
        return;
      }
      case 'code':
        // Kept exactly as written: code is not prose to translate.
        if (node.value.trim()) blocks.push({ kind: 'code', text: node.value, marks: [], ...lineOf(node), segments: [] });
        return;
      case 'html':
        // A raw HTML block (an embedded player, a form) is not read; the run's report lists it.
        if (node.value.trim() && !/^<!--[\s\S]*-->$/.test(node.value.trim())) {
          const tag = /^<([a-z][a-z0-9-]*)/i.exec(node.value.trim())?.[1]?.toLowerCase();
          skipped.push({ kind: tag ?? 'html', ...(node.position ? { line: node.position.start.line } : {}), detail: node.value.trim().replace(/\s+/g, ' ').slice(0, 60) });
        }
        return;
      default:
        // Thematic breaks and definitions carry no text.
        return;
    }
  };

  for (const child of tree.children) visitBlock(child, 'paragraph');
  return { blocks, skipped };
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
