// HTML through rehype, the article found by Mozilla's Readability. Readability
// (the engine of Firefox's reader view) decides which part of a page is the
// story — the first <article> on a news page is often a teaser — and drops
// navigation, banners, share buttons, comments and related links. It runs on a
// linkedom document; its result is parsed back with rehype so the blocks, their
// inline markup and their lines come from diptych's own tree: every element
// carries its original line through Readability in a data attribute.

import type { Element, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toText } from 'hast-util-to-text';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import type { Block, SkippedContent } from '../core/types.js';
import { describeSkipped, H1_ATTRIBUTE, LINE_ATTRIBUTE, lineOf, UNREADABLE, walkBlocks } from './html-blocks.js';
import { InlineText } from './inline.js';

const documentParser = unified().use(rehypeParse);
const fragmentParser = unified().use(rehypeParse, { fragment: true });

/** Class and id words of furniture Readability may leave inside an article. */
const FURNITURE = /(^|[\s_-])(byline|author|signature|dateline|meta|date|timestamp|credits?|copyright|share|sharing|social|partage|related|newsletter|comments?|cookies?|consent|promo|pub|advert|ad|ads|sponsor|read-?also|lire-?aussi|voir-?aussi|subscribe|abonnement|paywall|breadcrumbs?|tags?|toolbar)($|[\s_-])/i;

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

export async function readHtml(content: string): Promise<HtmlArticle> {
  const tree = documentParser.parse(content) as HastRoot;
  const documentTitle = findFirst(tree, (node) => node.tagName === 'title');
  const pageTitle = documentTitle ? clean(toText(documentTitle)) : undefined;
  const extracted = await extractArticle(tree);
  if (!extracted) {
    // Readability found no article: the page's <article>, else <main>, else <body>.
    const root = findFirst(tree, (node) => node.tagName === 'article') ?? findFirst(tree, (node) => node.tagName === 'main') ?? findFirst(tree, (node) => node.tagName === 'body') ?? tree;
    const { blocks, skipped } = walkBlocks(root);
    return { blocks, ...(pageTitle ? { title: pageTitle } : {}), metadata: {}, skipped };
  }
  const { blocks, skipped } = walkBlocks(extracted.content, { furniture: FURNITURE });
  const metadata = extracted.metadata;
  const kept = withoutByline(blocks, metadata.byline);
  const titled = withTitle(kept, tree, metadata.title ?? pageTitle);
  return {
    blocks: titled,
    ...(metadata.title ?? pageTitle ? { title: metadata.title ?? pageTitle } : {}),
    metadata,
    skipped: [...skipped, ...removedUnreadable(tree, extracted.content, skipped)].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}

interface Extracted {
  content: HastRoot;
  metadata: PageMetadata;
}

async function extractArticle(tree: HastRoot): Promise<Extracted | undefined> {
  // Loaded on first use: plain-text and Markdown runs never pay for them.
  const [{ Readability }, { parseHTML }] = await Promise.all([import('@mozilla/readability'), import('linkedom')]);
  markLines(tree);
  const { document } = parseHTML(toHtml(tree));
  // Classes are kept so the walk can leave out furniture Readability kept (a byline, a credit).
  const result = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { keepClasses: true }).parse();
  if (!result?.content) return undefined;
  const content = fragmentParser.parse(result.content) as HastRoot;
  if (!toText(content).trim()) return undefined;
  const metadata: PageMetadata = {};
  if (result.title) metadata.title = clean(result.title);
  if (result.byline) metadata.byline = clean(result.byline);
  if (result.publishedTime) metadata.published = clean(result.publishedTime);
  if (result.siteName) metadata.siteName = clean(result.siteName);
  return { content, metadata };
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
 * The article's title first: the page's heading for it when there is one
 * (its inline markup kept), else the title Readability found.
 */
function withTitle(blocks: Block[], tree: HastRoot, title: string | undefined): Block[] {
  if (blocks.some((block) => block.kind === 'title')) return blocks;
  if (!title) return blocks;
  const wanted = comparable(title);
  const first = blocks[0];
  if (first && first.kind === 'heading' && comparable(first.text) === wanted) return [{ ...first, kind: 'title' }, ...blocks.slice(1)];
  const heading =
    findFirst(tree, (node) => node.tagName === 'h1' && comparable(toText(node)) === wanted) ??
    findFirst(tree, (node) => /^h[1-3]$/.test(node.tagName) && wanted.startsWith(comparable(toText(node))) && comparable(toText(node)).length > 10);
  const inline = new InlineText();
  if (heading) {
    const { blocks: [block] } = walkBlocks({ type: 'root', children: [{ ...heading, tagName: 'h1' }] });
    if (block) return [{ ...block, kind: 'title', depth: 1 }, ...blocks];
  }
  inline.append(title);
  const { text, marks } = inline.finish();
  return [{ kind: 'title', text, marks, depth: 1, segments: [] }, ...blocks];
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
