// HTML parsed by parse5 (the parser rehype uses, bounded in depth: see parse-html.ts), the article found by Mozilla's Readability. Readability
// (the engine of Firefox's reader view) decides which part of a page is the
// story — the first <article> on a news page is often a teaser — and drops
// navigation, banners, share buttons, comments and related links. It runs on a
// linkedom document; its result is parsed back with rehype so the blocks, their
// inline markup and their lines come from diptych's own tree: every element
// carries its original line through Readability in a data attribute.

import type { Element, Root as HastRoot, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toText } from 'hast-util-to-text';
import type { Block, SkippedContent } from '../core/types.js';
import { describeSkipped, H1_ATTRIBUTE, LINE_ATTRIBUTE, lineOf, UNREADABLE, walkBlocks } from './html-blocks.js';
import { InlineText } from './inline.js';
import { parseHtml } from './parse-html.js';

/** Class and id words of furniture Readability may leave inside an article. */
const FURNITURE = /(^|[\s_-])(byline|author|signature|dateline|meta|date|timestamp|credits?|copyright|share|sharing|social|partage|related|newsletter|comments?|cookies?|consent|promo|pub|advert|ad|ads|sponsor|read-?also|lire-?aussi|voir-?aussi|subscribe|abonnement|paywall|breadcrumbs?|tags?|keywords|toolbar|controls|counter|pagination|rubrique|kicker|surtitre|cmp|gdpr|rgpd|outbrain|taboola)($|[\s_-])/i;
const PHRASING_TAGS = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'img', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr']);
// Never removed by their class: the page's frame, and any container of the headline.
const FRAME = new Set(['html', 'body', 'main']);

/** What the page says about itself. */
export interface PageMetadata {
  title?: string;
  byline?: string;
  published?: string;
  siteName?: string;
}

export interface HtmlArticle {
  blocks: Block[];
  title?: string;
  metadata: PageMetadata;
  skipped: SkippedContent[];
}

export interface HtmlReadOptions {
  /** false: skip Readability and read the first <article>, else <main>, else <body> (how the eval measures what Readability adds). */
  readerMode?: boolean;
}

export async function readHtml(content: string, options: HtmlReadOptions = {}): Promise<HtmlArticle> {
  const tree = parseHtml(content);
  const documentTitle = findFirst(tree, (node) => node.tagName === 'title');
  const pageTitle = documentTitle ? clean(toText(documentTitle)) : undefined;
  const extracted = options.readerMode === false ? undefined : await extractArticle(tree);
  if (!extracted) {
    // Readability found no article: the page's <article>, else <main>, else <body>.
    const root = findFirst(tree, (node) => node.tagName === 'article') ?? findFirst(tree, (node) => node.tagName === 'main') ?? findFirst(tree, (node) => node.tagName === 'body') ?? tree;
    const { blocks, skipped } = walkBlocks(root);
    return { blocks, ...(pageTitle ? { title: pageTitle } : {}), metadata: {}, skipped };
  }
  const { blocks, skipped } = walkBlocks(extracted.content, { furniture: FURNITURE, carriedLinesOnly: true });
  const metadata = extracted.metadata;
  const kept = withoutByline(blocks, metadata.byline);
  const candidates = [metadata.title, pageTitle, pageTitle?.replace(/\s+[-–—|]\s+[^-–—|]+$/, '')].filter((text): text is string => text !== undefined);
  const titled = withTitle(kept, tree, candidates);
  // The headline as the page shows it: Readability's title may be cut at a colon.
  if (titled.title) metadata.title = titled.title;
  return {
    blocks: titled.blocks,
    ...(titled.title ? { title: titled.title } : {}),
    metadata,
    skipped: [...skipped, ...removedUnreadable(tree, extracted.content, skipped)].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}

/** What diptych takes of Readability's answer. */
interface ReadabilityResult {
  content?: string | null;
  title?: string | null;
  byline?: string | null;
  publishedTime?: string | null;
  siteName?: string | null;
}

interface Extracted {
  content: HastRoot;
  metadata: PageMetadata;
}

async function extractArticle(tree: HastRoot): Promise<Extracted | undefined> {
  // Loaded on first use: plain-text and Markdown runs never pay for them.
  const [{ Readability }, { parseHTML }] = await Promise.all([import('@mozilla/readability'), import('linkedom')]);
  markLines(tree);
  // In a function of its own, so the page's DOM is garbage once Readability is done with it.
  const readable = (): ReadabilityResult | null => {
    const { document } = parseHTML(toHtml(withoutFurniture(tree)));
    // Classes are kept so the walk can leave out furniture Readability kept (a byline, a credit).
    return new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { keepClasses: true }).parse();
  };
  const result = readable();
  if (!result?.content) return undefined;
  const content = parseHtml(result.content, { fragment: true });
  if (!toText(content).trim()) return undefined;
  const metadata: PageMetadata = {};
  if (result.title) metadata.title = clean(result.title);
  if (result.byline) metadata.byline = clean(result.byline);
  if (result.publishedTime) metadata.published = clean(result.publishedTime);
  if (result.siteName) metadata.siteName = clean(result.siteName);
  return { content, metadata };
}

/**
 * A copy of the page without what its own class names say is furniture (bylines,
 * credits, share bars, "read also", paywall and cookie boxes, tags), removed
 * before Readability so it cannot be taken into the article: Readability's own
 * rules look for comments, sidebars and the like, not for a French "lire aussi".
 */
function withoutFurniture(tree: HastRoot): HastRoot {
  const keep = (node: Element): boolean => {
    if (FRAME.has(node.tagName)) return true;
    const role = node.properties?.role;
    if (role === 'dialog' || role === 'alertdialog') return false;
    const names = [...classesOf(node), typeof node.properties?.id === 'string' ? node.properties.id : ''].join(' ');
    if (names.trim() === '' || !FURNITURE.test(names)) return true;
    return findFirst(node, (child) => child.tagName === 'h1') !== undefined;
  };
  const copy = <T extends HastRoot | Element>(node: T): T => {
    const children: RootContent[] = [];
    for (const child of node.children as RootContent[]) {
      if (child.type !== 'element') children.push(child);
      else if (keep(child)) children.push(copy(child));
    }
    // A <div> of text only is a paragraph. Readability turns it into a <p> too, but
    // loses its attributes (its line) on the way under linkedom; done here, they stay.
    if (node.type === 'element' && node.tagName === 'div' && children.some((child) => child.type === 'text' && child.value.trim() !== '') && !children.some((child) => child.type === 'element' && !PHRASING_TAGS.has(child.tagName))) {
      return { ...node, tagName: 'p', children } as T;
    }
    return { ...node, children } as T;
  };
  return copy(tree);
}

function classesOf(node: Element): string[] {
  const value = node.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

/** Give every element its source line as an attribute, so it survives the trip through Readability. */
function markLines(node: HastRoot | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const line = child.position?.start.line;
    if (line !== undefined) child.properties = { ...child.properties, [LINE_ATTRIBUTE]: line };
    if (child.tagName === 'h1') child.properties = { ...child.properties, [H1_ATTRIBUTE]: '' };
    markLines(child);
  }
  if (node.type === 'element' && node.tagName === 'template' && node.content) markLines(node.content);
}

/**
 * The article's title first — the page's own headline element when there is one
 * (its inline markup kept), else the title Readability found — and after it the
 * standfirst when Readability left it behind (a live-blog's intro, say): the
 * first long paragraph right after the headline.
 */
function withTitle(blocks: Block[], tree: HastRoot, candidates: string[]): { blocks: Block[]; title?: string } {
  const wanted = [...new Set(candidates.map(comparable).filter((text) => text.length > 0))];
  const headline = findHeadline(tree, wanted);
  let titled = blocks;
  if (!blocks.some((block) => block.kind === 'title')) {
    const first = blocks[0];
    const headlineBlock = headline ? walkBlocks({ type: 'root', children: [{ ...headline, tagName: 'h1' }] }).blocks[0] : undefined;
    if (first && first.kind === 'heading' && wanted.includes(comparable(first.text))) titled = [{ ...first, kind: 'title' }, ...blocks.slice(1)];
    else if (headlineBlock) titled = [{ ...headlineBlock, kind: 'title', depth: 1 }, ...blocks];
    else if (candidates[0]) {
      const inline = new InlineText();
      inline.append(candidates[0]);
      const { text, marks } = inline.finish();
      titled = [{ kind: 'title', text, marks, depth: 1, segments: [] }, ...blocks];
    }
  }
  const standfirst = headline ? standfirstAfter(tree, headline) : undefined;
  if (standfirst) {
    const block = walkBlocks({ type: 'root', children: [standfirst] }).blocks[0];
    const known = new Set(titled.map((item) => comparable(item.text)));
    if (block && block.kind === 'paragraph' && !known.has(comparable(block.text))) {
      const at = titled.findIndex((item) => item.kind === 'title') + 1;
      titled = [...titled.slice(0, at), block, ...titled.slice(at)];
    }
  }
  const title = titled.find((block) => block.kind === 'title')?.text;
  return { blocks: titled, ...(title ? { title } : {}) };
}

/** The element holding the headline: a heading (or an element classed as a title) whose text is the page's title. */
function findHeadline(tree: HastRoot, wanted: string[]): Element | undefined {
  const matches = (node: Element, loose: boolean): boolean => {
    const text = comparable(toText(node));
    if (text.length < 10) return false;
    return wanted.some((title) => text === title || (loose && (text.includes(title) || title.startsWith(text))));
  };
  const titled = (node: Element): boolean => classesOf(node).some((name) => /title|titre|headline/i.test(name));
  return (
    findFirst(tree, (node) => node.tagName === 'h1' && matches(node, true)) ??
    findFirst(tree, (node) => /^h[2-3]$/.test(node.tagName) && matches(node, false)) ??
    findFirst(tree, (node) => titled(node) && !hasElementChild(node) && matches(node, false))
  );
}

/** The first long paragraph among the three elements after the headline, unless its class says it is furniture. */
function standfirstAfter(tree: HastRoot, headline: Element): Element | undefined {
  const parent = findFirst(tree, (node) => node.children.includes(headline));
  if (!parent) return undefined;
  const after = parent.children.slice(parent.children.indexOf(headline) + 1).filter((child): child is Element => child.type === 'element').slice(0, 3);
  return after.find((node) => {
    if (node.tagName !== 'p' && !(node.tagName === 'div' && !hasBlockElementChild(node))) return false;
    const names = [...classesOf(node), typeof node.properties?.id === 'string' ? node.properties.id : ''].join(' ');
    return !FURNITURE.test(names) && clean(toText(node)).length >= 60;
  });
}

function hasElementChild(node: Element): boolean {
  return node.children.some((child) => child.type === 'element' && child.tagName !== 'br' && child.tagName !== 'span');
}

function hasBlockElementChild(node: Element): boolean {
  return node.children.some((child) => child.type === 'element' && /^(p|div|ul|ol|table|h[1-6]|blockquote|figure|section|article)$/.test(child.tagName));
}

/** A "Par Claire Dubois" line near the top is the byline, recorded as metadata, not article text. */
function withoutByline(blocks: Block[], byline: string | undefined): Block[] {
  return blocks.filter((block, index) => {
    if (index > 4 || block.kind !== 'paragraph') return true;
    const words = block.text.split(/\s+/).length;
    const namesAuthor = byline !== undefined && block.text.includes(byline);
    const signed = /^(par|propos recueillis par|de notre (envoyée?|correspondante?))\s/i.test(block.text) && (namesAuthor || words <= 8);
    const dated = /^(publié|mis à jour|modifié) le\s/i.test(block.text) || /\b(publié|mis à jour) le \d/i.test(block.text);
    return !(words <= 25 && (signed || dated));
  });
}

/**
 * Embedded videos, forms and the like that Readability removed from inside the
 * article (between its first and last kept element): content a reader would
 * miss, so the run's report lists it.
 */
function removedUnreadable(tree: HastRoot, content: HastRoot, alreadyListed: SkippedContent[]): SkippedContent[] {
  const keptLines: number[] = [];
  const collect = (node: HastRoot | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const line = lineOf(child);
      if (line !== undefined) keptLines.push(line);
      collect(child);
    }
  };
  collect(content);
  if (keptLines.length === 0) return [];
  const first = Math.min(...keptLines);
  const last = Math.max(...keptLines);
  const listed = new Set(alreadyListed.map((item) => `${item.kind}:${item.line}`));
  const found: SkippedContent[] = [];
  const visit = (node: HastRoot | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const line = child.position?.start.line;
      if (UNREADABLE.has(child.tagName) && line !== undefined && line > first && line < last) {
        if (!listed.has(`${child.tagName}:${line}`)) found.push(describeSkipped(child));
        continue;
      }
      visit(child);
    }
  };
  visit(tree);
  return found;
}

function findFirst(node: HastRoot | Element, test: (node: Element) => boolean): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (test(child)) return child;
    const found = findFirst(child, test);
    if (found) return found;
  }
  return undefined;
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function comparable(text: string): string {
  return clean(text).toLowerCase().replace(/[’']/g, "'");
}
