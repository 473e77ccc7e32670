// A hast tree (the whole page, or the article Readability picked) becomes
// blocks: headings, paragraphs, quotes, list items, figure captions, image alt
// text, table cells and code. What cannot be read as text (an embedded video,
// a form) is listed with its line instead of vanishing.

import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';
import type { Block, BlockKind, SkippedContent, TableCell } from '../core/types.js';
import { InlineText } from './inline.js';

// Page furniture and machinery, never article text: left out without a word.
const FURNITURE = new Set(['script', 'style', 'noscript', 'template', 'nav', 'aside', 'footer', 'button', 'select', 'input', 'textarea', 'label', 'link', 'meta', 'head', 'title', 'dialog']);
// Content the reader cannot turn into text: left out, and listed in the run's report.
export const UNREADABLE = new Set(['iframe', 'video', 'audio', 'embed', 'object', 'form', 'canvas', 'svg', 'math', 'map']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const TEXT_BLOCKS = new Set(['p', 'li', 'dd', 'dt', 'figcaption', 'caption', 'summary', 'address', ...HEADINGS]);
const INLINE_MARKS = new Map<string, 'emphasis' | 'strong' | 'code'>([
  ['em', 'emphasis'], ['i', 'emphasis'], ['cite', 'emphasis'],
  ['strong', 'strong'], ['b', 'strong'],
  ['code', 'code'], ['kbd', 'code'], ['samp', 'code'],
]);
// Inline elements: text inside them belongs to the surrounding block.
const PHRASING = new Set(['a', 'abbr', 'span', 'sub', 'sup', 'small', 'q', 'time', 'mark', 'u', 's', 'br', 'img', 'picture', 'source', 'dfn', 'bdi', 'bdo', 'data', 'var', 'wbr', 'font', 'del', 'ins', ...INLINE_MARKS.keys()]);

/** The attribute carrying an element's line in the original page through Readability and back. */
export const LINE_ATTRIBUTE = 'data-diptych-line';
const LINE_PROPERTY = 'dataDiptychLine';
/** Readability turns the page's <h1> into <h2>; this attribute remembers it was the top heading. */
export const H1_ATTRIBUTE = 'data-diptych-h1';
const H1_PROPERTY = 'dataDiptychH1';

export interface WalkOptions {
  /** Class or id words of page furniture to leave out (reader mode only: the whole page keeps today's rules). */
  furniture?: RegExp;
  /**
   * Lines only from the attribute carried through Readability: the tree was
   * re-parsed from Readability's output, so its own positions mean nothing.
   */
  carriedLinesOnly?: boolean;
}

export interface WalkResult {
  blocks: Block[];
  skipped: SkippedContent[];
}

/** The line an element came from: the line Readability carried through, else its own position. */
export { lineAt as lineOf, describe as describeSkipped };

function lineAt(node: Element | HastRoot, carriedOnly = false): number | undefined {
  if (node.type === 'element') {
    const carried = Number(node.properties?.[LINE_PROPERTY]);
    if (Number.isInteger(carried) && carried > 0) return carried;
  }
  return carriedOnly ? undefined : node.position?.start.line;
}

/** A short description of skipped content, for the report: its title, address or first words. */
function describe(node: Element, carriedOnly = false): SkippedContent {
  const line = lineAt(node, carriedOnly);
  const { title, src, action, ariaLabel } = node.properties ?? {};
  const source = node.tagName === 'video' || node.tagName === 'audio' ? firstSource(node) : undefined;
  const words = toText(node).replace(/\s+/g, ' ').trim();
  const detail = [title, ariaLabel, src, source, action].find((value): value is string => typeof value === 'string' && value !== '') ?? (words ? cut(words, 60) : undefined);
  return { kind: node.tagName, ...(line !== undefined ? { line } : {}), ...(detail ? { detail } : {}) };
}

export function walkBlocks(root: HastRoot | Element, options: WalkOptions = {}): WalkResult {
  const walker = new BlockWalker(options);
  walker.visit(root, 'paragraph', undefined);
  return { blocks: walker.blocks, skipped: walker.skipped };
}

/** One walk over a tree: the blocks and skipped content found so far, and the tables counted. */
class BlockWalker {
  readonly blocks: Block[] = [];
  readonly skipped: SkippedContent[] = [];
  private tables = 0;
  private readonly carried: boolean;

  constructor(private readonly options: WalkOptions) {
    this.carried = options.carriedLinesOnly ?? false;
  }

  private lineOf(node: Element | HastRoot): number | undefined {
    return lineAt(node, this.carried);
  }

  private skip(node: Element): void {
    this.skipped.push(describe(node, this.carried));
  }

  private isFurniture(node: Element): boolean {
    if (FURNITURE.has(node.tagName)) return true;
    const hidden = node.properties?.hidden;
    if (hidden !== undefined && hidden !== false && hidden !== null) return true;
    if (!this.options.furniture) return false;
    const names = [...classesOf(node), typeof node.properties?.id === 'string' ? node.properties.id : ''].join(' ');
    return names !== '' && this.options.furniture.test(names);
  }

  private inlineOf(nodes: ElementContent[]): { text: string; marks: Block['marks'] } {
    const inline = new InlineText();
    for (const node of nodes) collectInline(node, inline, (node) => this.isFurniture(node), (node) => this.skip(node));
    return inline.finish();
  }

  private pushBlock(nodes: ElementContent[], kind: BlockKind, line: number | undefined, extra: Partial<Block> = {}): void {
    const { text, marks } = this.inlineOf(nodes);
    if (!text && kind !== 'table-cell') return;
    const block: Block = { kind, text, marks, segments: [], ...extra };
    if (line !== undefined) block.position = { line };
    this.blocks.push(block);
  }

  private pushAlt(image: Element, line: number | undefined): void {
    const alt = image.properties?.alt;
    if (typeof alt !== 'string' || alt.trim() === '') return;
    this.pushBlock([{ type: 'text', value: alt }], 'image-alt', this.lineOf(image) ?? line);
  }

  private visitTable(table: Element): void {
    const number = ++this.tables;
    let row = 0;
    const visitRows = (node: Element): void => {
      for (const child of node.children) {
        if (child.type !== 'element' || this.isFurniture(child)) continue;
        if (child.tagName === 'caption') this.pushBlock(child.children, 'caption', this.lineOf(child));
        else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') visitRows(child);
        else if (child.tagName === 'tr') {
          this.visitRow(child, number, row);
          row++;
        }
      }
    };
    visitRows(table);
  }

  private visitRow(tr: Element, table: number, row: number): void {
    let column = 0;
    for (const cell of tr.children) {
      if (cell.type !== 'element' || (cell.tagName !== 'td' && cell.tagName !== 'th')) continue;
      const position: TableCell = { table, row, column, ...(cell.tagName === 'th' ? { header: true } : {}) };
      const colspan = Number(cell.properties?.colSpan);
      const rowspan = Number(cell.properties?.rowSpan);
      if (colspan > 1) position.colspan = colspan;
      if (rowspan > 1) position.rowspan = rowspan;
      this.pushBlock(cell.children, 'table-cell', this.lineOf(cell) ?? this.lineOf(tr), { cell: position });
      column += colspan > 1 ? colspan : 1;
    }
  }

  /** An element read as a whole block (or left out); false when it is a container to walk into. */
  private visitBlockElement(node: Element, kind: BlockKind, line: number | undefined): boolean {
    if (this.isFurniture(node)) return true;
    if (UNREADABLE.has(node.tagName)) {
      this.skip(node);
      return true;
    }
    if (HEADINGS.has(node.tagName)) {
      const depth = node.properties?.[H1_PROPERTY] !== undefined ? 1 : Number(node.tagName.slice(1));
      const isTitle = depth === 1 && !this.blocks.some((b) => b.kind === 'title');
      this.pushBlock(node.children, isTitle ? 'title' : 'heading', line, { depth });
      return true;
    }
    if (node.tagName === 'table') {
      this.visitTable(node);
      return true;
    }
    if (node.tagName === 'pre') {
      // Kept exactly as written: code and preformatted text are not prose to translate.
      const text = toText(node, { whitespace: 'pre' }).replace(/^\n|\n+$/g, '');
      if (text.trim()) this.blocks.push({ kind: 'code', text, marks: [], segments: [], ...(line !== undefined ? { position: { line } } : {}) });
      return true;
    }
    if (node.tagName === 'figcaption' || node.tagName === 'caption') {
      this.pushBlock(node.children, 'caption', line);
      return true;
    }
    if (TEXT_BLOCKS.has(node.tagName) && !hasBlockChild(node)) {
      this.pushBlock(node.children, node.tagName === 'li' ? 'list-item' : kind, line);
      return true;
    }
    return false;
  }

  visit(node: RootContent | HastRoot | Element, kind: BlockKind, inheritedLine: number | undefined): void {
    if (node.type !== 'element' && node.type !== 'root') return;
    const line = this.lineOf(node) ?? inheritedLine;
    if (node.type === 'element') {
      if (this.visitBlockElement(node, kind, line)) return;
      if (node.tagName === 'blockquote') kind = 'quote';
    }
    // A container: runs of loose inline content become paragraphs (a run of
    // images only, their alt text), block children are visited.
    let run: ElementContent[] = [];
    let runLine: number | undefined;
    const flush = (): void => {
      if (run.length === 0) return;
      const images = imagesOnly(run);
      if (images) for (const image of images) this.pushAlt(image, runLine ?? line);
      else this.pushBlock(run, kind, runLine ?? line);
      run = [];
      runLine = undefined;
    };
    for (const child of node.children) {
      if (child.type === 'text' || (child.type === 'element' && PHRASING.has(child.tagName))) {
        if (child.type === 'element') runLine ??= this.lineOf(child);
        run.push(child);
      } else {
        flush();
        this.visit(child as RootContent, kind, line);
      }
    }
    flush();
  }
}

function collectInline(node: ElementContent, inline: InlineText, isFurniture: (node: Element) => boolean, skip: (node: Element) => void): void {
  if (node.type === 'text') {
    inline.append(node.value);
    return;
  }
  if (node.type !== 'element' || isFurniture(node)) return;
  if (UNREADABLE.has(node.tagName)) {
    skip(node);
    return;
  }
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
  // Block elements inside a table cell or a list item read as separate words.
  const block = !PHRASING.has(node.tagName);
  if (block) inline.append(' ');
  if (mark) inline.openMark(mark);
  else if (typeof href === 'string') {
    const title = node.properties?.title;
    inline.openMark('link', typeof title === 'string' ? { href, title } : { href });
  }
  for (const child of node.children) collectInline(child, inline, isFurniture, skip);
  if (mark || typeof href === 'string') inline.closeMark();
  if (block) inline.append(' ');
}

function hasBlockChild(node: Element): boolean {
  return node.children.some((child) => child.type === 'element' && !PHRASING.has(child.tagName));
}

/** The images of a run holding nothing else (white space aside), or undefined. */
function imagesOnly(run: ElementContent[]): Element[] | undefined {
  const images: Element[] = [];
  const gather = (node: ElementContent): boolean => {
    if (node.type === 'text') return node.value.trim() === '';
    if (node.type !== 'element') return true;
    if (node.tagName === 'img') {
      images.push(node);
      return true;
    }
    if (node.tagName === 'picture' || node.tagName === 'a' || node.tagName === 'span') return node.children.every(gather);
    return node.tagName === 'source' || node.tagName === 'br';
  };
  return run.every(gather) && images.length > 0 ? images : undefined;
}

function classesOf(node: Element): string[] {
  const value = node.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

function firstSource(node: Element): string | undefined {
  for (const child of node.children) {
    if (child.type === 'element' && child.tagName === 'source' && typeof child.properties?.src === 'string') return child.properties.src;
  }
  return undefined;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
