import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Block, BlockKind, SkippedContent } from '../core/types.js';
import { InlineText } from './inline.js';

const parser = unified().use(remarkParse).use(remarkGfm);

/** Where a reference-style link (`[le site][lm]` … `[lm]: https://…`) leads, by its identifier. */
type Definitions = Map<string, { url: string; title?: string }>;

/**
 * Markdown through remark (with GFM): headings, paragraphs, block quotes, list
 * items, images' alt text, table cells and footnote definitions become blocks;
 * code blocks are kept as written; raw HTML blocks are listed as skipped, with
 * their line. Reference-style links keep their address; a footnote reference
 * stays in its sentence as `[label]`, a link to its footnote's block.
 */
export function readMarkdown(content: string): { blocks: Block[]; skipped: SkippedContent[] } {
  const tree = parser.parse(content) as MdastRoot;
  const blocks: Block[] = [];
  const skipped: SkippedContent[] = [];
  const definitions: Definitions = new Map();
  collectDefinitions(tree, definitions);
  // Footnote identifier → index of its first block; filled as definitions are read, used once all are.
  const footnotes = new Map<string, number>();
  let tables = 0;
  const lineOf = (node: MdastNodes): { position?: { line: number } } => (node.position ? { position: { line: node.position.start.line } } : {});

  const visitBlock = (node: MdastNodes, kind: BlockKind): void => {
    switch (node.type) {
      case 'heading':
      case 'paragraph': {
        const inline = new InlineText();
        for (const child of node.children) collectInline(child, inline, definitions);
        const { text, marks } = inline.finish();
        if (!text) return;
        const imageOnly = node.type === 'paragraph' && node.children.every((child) => child.type === 'image' || child.type === 'imageReference' || (child.type === 'text' && child.value.trim() === ''));
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
            for (const child of cell.children) collectInline(child, inline, definitions);
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
      case 'footnoteDefinition': {
        // Translated like any paragraph; its reference links here (see resolveFootnoteLinks).
        const first = blocks.length;
        for (const child of node.children) visitBlock(child, 'footnote');
        if (blocks.length > first && !footnotes.has(node.identifier)) footnotes.set(node.identifier, first);
        return;
      }
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
  resolveFootnoteLinks(blocks, footnotes);
  return { blocks, skipped };
}

/** Every link definition in the document (they may sit anywhere, even inside a quote). */
function collectDefinitions(node: MdastNodes, definitions: Definitions): void {
  if (node.type === 'definition') {
    // The first definition of an identifier wins, as in CommonMark.
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, { url: node.url, ...(node.title ? { title: node.title } : {}) });
    return;
  }
  if ('children' in node) for (const child of node.children as MdastNodes[]) collectDefinitions(child, definitions);
}

/** Footnote references are read before their definitions' blocks exist: their links get the block's anchor now. */
const FOOTNOTE_LINK = 'diptych-footnote:';

function resolveFootnoteLinks(blocks: Block[], footnotes: ReadonlyMap<string, number>): void {
  for (const block of blocks) {
    for (const mark of block.marks) {
      if (mark.kind !== 'link' || !mark.href?.startsWith(FOOTNOTE_LINK)) continue;
      const index = footnotes.get(mark.href.slice(FOOTNOTE_LINK.length));
      // The renderers give block n the anchor `block-n`.
      mark.href = index === undefined ? '' : `#block-${index + 1}`;
    }
    block.marks = block.marks.filter((mark) => mark.kind !== 'link' || mark.href !== '');
  }
}

function collectInline(node: MdastNodes, inline: InlineText, definitions: Definitions): void {
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
      for (const child of node.children) collectInline(child, inline, definitions);
      inline.closeMark();
      return;
    }
    case 'linkReference': {
      const definition = definitions.get(node.identifier);
      if (definition) inline.openMark('link', { href: definition.url, ...(definition.title ? { title: definition.title } : {}) });
      for (const child of node.children) collectInline(child, inline, definitions);
      if (definition) inline.closeMark();
      return;
    }
    case 'footnoteReference':
      inline.openMark('link', { href: `${FOOTNOTE_LINK}${node.identifier}` });
      inline.append(`[${node.label ?? node.identifier}]`);
      inline.closeMark();
      return;
    case 'image':
    case 'imageReference':
      inline.append(node.alt ?? '');
      return;
    default:
      if ('children' in node) for (const child of node.children as MdastNodes[]) collectInline(child, inline, definitions);
  }
}
