import type { BlockContent, Heading, ListItem, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { defaultHandlers, toMarkdown, type Handle, type Options as ToMarkdownOptions, type State } from 'mdast-util-to-markdown';
import type { TFunction } from 'i18next';
import { uiTranslator, type UiLang } from '../core/i18n.js';
import type { Article, Block, InlineMark, Segment } from '../core/types.js';
import { blockLabels, groupBlocks, summarizeArticle, tableRows } from '../core/article-summary.js';
import { allSegments } from '../core/segments.js';
import { nestRanges, type InlineNode } from '../core/inline-ranges.js';
import { sourceFileName, webAddress } from './page-details.js';
import { safeHref } from './safe-href.js';

export type MarkdownLayout = 'table' | 'interleaved';

export interface MarkdownOptions {
  uiLang?: UiLang;
  /** "table" (default): French | English, a row per sentence; "interleaved": each French paragraph, then its English as a blockquote. */
  layout?: MarkdownLayout;
}

/**
 * Bilingual Markdown, built as an mdast tree and serialized by
 * mdast-util-to-markdown, which escapes whatever could turn text into markup
 * (`<` before a letter, `&` before a name, `|` in a cell, `*`, `[` …), so an
 * article's `<script>` stays literal text in any Markdown renderer.
 */
export function renderBilingualMarkdown(article: Article, options: MarkdownOptions = {}): string {
  return [...renderBilingualMarkdownChunks(article, options)].join('');
}

const BATCH_BLOCKS = 200;

/**
 * Text the serializer would leave as it is, passed through without asking it.
 * mdast-util-to-markdown's `safe` runs each of its unsafe patterns (some sixty
 * regular expressions) over every text node, and most of an article's text
 * holds none of the characters they escape. `safe` only ever changes a
 * position holding one of its patterns' characters, or a backslash (escaped
 * before punctuation); of those, the space is escaped only beside a line
 * ending, which such text has none of, or at the text's edge when the
 * context outside it ends a line. So text holding none of the characters, and
 * spaces only inside, is what `safe` would return; anything else goes to it.
 */
const plainInState = new WeakMap<State, RegExp>();
export const passPlainText: Handle = (node: { value: string }, parent, state, info) => {
  let notPlain = plainInState.get(state);
  if (!notPlain) {
    const characters = new Set(state.unsafe.map((pattern) => pattern.character));
    characters.delete(' ');
    const inClass = [...characters, '\\'].map((character) => character.replace(/[\\\]^-]/g, '\\$&')).join('');
    plainInState.set(state, (notPlain = new RegExp(`[${inClass}]|^ | $`, 'u')));
  }
  return node.value !== '' && !notPlain.test(node.value) ? node.value : defaultHandlers.text(node as never, parent, state, info);
};

/** How diptych writes Markdown (without `passPlainText`, the output is the same, only slower). */
export const SERIALIZE: ToMarkdownOptions = { extensions: [gfmTableToMarkdown({ tablePipeAlign: false }), { handlers: { text: passPlainText } }], bullet: '-', emphasis: '_', strong: '*', rule: '-' };

/**
 * The same Markdown in pieces, one per block (or table), then one per finding;
 * end to end they are the whole document. A long article never becomes one
 * tree, and the pieces can be written as they come.
 */
export function* renderBilingualMarkdownChunks(article: Article, options: MarkdownOptions = {}): Generator<string> {
  const serialize = (children: RootContent[]): string => toMarkdown({ type: 'root', children } satisfies Root, SERIALIZE);
  const t = uiTranslator(options.uiLang ?? 'en');
  const layout = options.layout ?? 'table';
  const summary = summarizeArticle(article);
  const children: RootContent[] = [
    { type: 'heading', depth: 1, children: [text(t('bilingualTitle', { title: article.title }))] },
    {
      type: 'list',
      ordered: false,
      spread: false,
      children: [
        ...pageDetails(article, t),
        [t('translatorLabel'), [text(summary.translators.join(', ') || '—')]],
        [t('glossaryLabel'), [text(summary.glossaryVersions.join(', ') || '—')]],
        [t('segmentsTranslated'), [text(`${summary.translated} / ${summary.segments}`)]],
      ].map(([label, value]) => ({
        type: 'listItem',
        spread: false,
        children: [{ type: 'paragraph', children: [text(`${label as string}: `), ...(value as PhrasingContent[])] }],
      })),
    },
  ];
  yield serialize(children);
  const labels = blockLabels(article, t);
  // Blocks are separated by a blank line, as one tree's serialization separates them. They are
  // serialized BATCH_BLOCKS at a time: each call of toMarkdown has a fixed cost (its handlers and
  // unsafe patterns set up again), which one call per block paid 100,000 times for an article of
  // one-word paragraphs. Every block starts with a heading or a paragraph, so no two lists are
  // ever adjacent and the joins are the same blank line.
  let batch: RootContent[] = [];
  let blocks = 0;
  for (const group of groupBlocks(article)) {
    if (group.kind === 'table') batch.push(...bilingualTable(group.table, group.cells.map((cell) => cell.block), layout, t));
    else {
      const { block, index } = group;
      if (block.kind === 'code') batch.push(...(layout === 'table' ? [{ type: 'heading', depth: 2, children: [text(labels[index]!)] } satisfies Heading] : []), { type: 'code', value: block.text });
      else batch.push(...(layout === 'table' ? tableBlock(block, labels[index]!, t) : interleavedBlock(block, t)));
    }
    if (++blocks === BATCH_BLOCKS) {
      yield `\n${serialize(batch)}`;
      batch = [];
      blocks = 0;
    }
  }
  if (batch.length > 0) yield `\n${serialize(batch)}`;
  // The findings, a heading then a tight list, BATCH_BLOCKS items per call: a part of a tight list
  // serializes to its own lines of the whole list (a call per finding cost more than the blocks).
  let heading = false;
  let items: ListItem[] = [];
  const list = () => serialize([{ type: 'list', ordered: false, spread: false, children: items }]);
  for (const item of findingItems(article, t)) {
    if (!heading) yield `\n${serialize([{ type: 'heading', depth: 2, children: [text(t('findings'))] }])}\n`;
    heading = true;
    items.push(item);
    if (items.length === BATCH_BLOCKS) {
      yield list();
      items = [];
    }
  }
  if (items.length > 0) yield list();
}

/** The web page's site, byline and date where it gives them, and its address (a link only when http(s)). */
function pageDetails(article: Article, t: TFunction): Array<[string, PhrasingContent[]]> {
  const details: Array<[string, PhrasingContent[]]> = [];
  if (article.siteName) details.push([t('siteLabel'), [text(article.siteName)]]);
  if (article.byline) details.push([t('bylineLabel'), [text(article.byline)]]);
  if (article.published) details.push([t('publishedLabel'), [text(article.published)]]);
  const address = webAddress(article.url);
  details.push([t('source'), [address ? { type: 'link', url: address, title: null, children: [text(address)] } : { type: 'inlineCode', value: sourceFileName(article.sourcePath) }]]);
  return details;
}

function text(value: string): PhrasingContent {
  return { type: 'text', value };
}

function tableBlock(block: Block, label: string, t: TFunction): RootContent[] {
  const header: TableRow = {
    type: 'tableRow',
    children: [
      { type: 'tableCell', children: [text(t('sourceColumn'))] },
      { type: 'tableCell', children: [text(t('targetColumn'))] },
    ],
  };
  const rows: TableRow[] = block.segments.map((segment) => ({
    type: 'tableRow',
    children: [
      { type: 'tableCell', children: sourcePhrasing(segment, t) },
      { type: 'tableCell', children: targetPhrasing(segment, t) },
    ],
  }));
  return [
    { type: 'heading', depth: 2, children: [text(label)] },
    { type: 'table', align: [null, null], children: [header, ...rows] },
  ];
}

/**
 * An article's table, once in French and once in English, each a GFM table of
 * the same shape: a cell's sentences stay in their cell on both sides.
 */
function bilingualTable(table: number, cells: Block[], layout: MarkdownLayout, t: TFunction): RootContent[] {
  const rows = tableRows(cells.map((block) => ({ block })));
  // GFM has no spans: a cell spanning columns takes the first, the others stay empty.
  const width = Math.max(...rows.map((row) => Math.max(...row.map(({ block }) => block.cell!.column + (block.cell!.colspan ?? 1)))));
  const side = (cellContent: (block: Block) => PhrasingContent[]): Table => ({
    type: 'table',
    align: Array.from({ length: width }, () => null),
    children: rows.map((row) => {
      const byColumn = new Map(row.map(({ block }) => [block.cell!.column, block]));
      return {
        type: 'tableRow',
        children: Array.from({ length: width }, (_, column) => {
          const block = byColumn.get(column);
          return { type: 'tableCell', children: block ? cellContent(block) : [] };
        }),
      };
    }),
  });
  const source = side((block) => joinSentences(block.segments.map((segment) => sourcePhrasing(segment, t))));
  const target = side((block) => joinSentences(block.segments.map((segment) => targetPhrasing(segment, t))));
  const label = t('blockLabel', { kind: t('kind_table'), n: table });
  if (layout === 'interleaved') return [source, { type: 'blockquote', children: [target] }];
  return [
    { type: 'heading', depth: 2, children: [text(label)] },
    { type: 'paragraph', children: [{ type: 'strong', children: [text(t('sourceColumn'))] }] },
    source,
    { type: 'paragraph', children: [{ type: 'strong', children: [text(t('targetColumn'))] }] },
    target,
  ];
}

function interleavedBlock(block: Block, t: TFunction): RootContent[] {
  const source = joinSentences(block.segments.map((segment) => sourcePhrasing(segment, t)));
  const target = joinSentences(block.segments.map((segment) => targetPhrasing(segment, t)));
  const wrap = (content: PhrasingContent[]): BlockContent =>
    block.kind === 'heading' || block.kind === 'title'
      ? ({ type: 'heading', depth: headingDepth(block), children: content } satisfies Heading)
      : { type: 'paragraph', children: content };
  return [wrap(source), { type: 'blockquote', children: [wrap(target)] }];
}

function headingDepth(block: Block): Heading['depth'] {
  if (block.kind === 'title') return 2;
  return Math.min(6, Math.max(2, (block.depth ?? 1) + 1)) as Heading['depth'];
}

function joinSentences(sentences: PhrasingContent[][]): PhrasingContent[] {
  return sentences.flatMap((sentence, index) => (index === 0 ? sentence : [text(' '), ...sentence]));
}

/** An aligned English sentence with no French (`diptych align`) says so on the French side. */
function sourcePhrasing(segment: Segment, t: TFunction): PhrasingContent[] {
  if (segment.link?.fr.length === 0) return [{ type: 'emphasis', children: [text(t('noFrench'))] }];
  return phrasing(segment.source, segment.sourceMarks);
}

function targetPhrasing(segment: Segment, t: TFunction): PhrasingContent[] {
  if (segment.target === undefined || segment.target === '') {
    return [{ type: 'emphasis', children: [text(t(segment.link?.en.length === 0 ? 'noEnglish' : 'untranslated'))] }];
  }
  return phrasing(segment.target, segment.targetMarks);
}

/** A segment's text with its inline marks as mdast phrasing; unsafe links keep their words only. */
function phrasing(value: string, marks: readonly InlineMark[] | undefined): PhrasingContent[] {
  const ranges = (marks ?? []).map((mark) => ({ start: mark.start, end: mark.end, tag: mark }));
  return nestRanges(value, ranges).flatMap((node) => toMdast(node));
}

function toMdast(node: InlineNode<InlineMark>): PhrasingContent[] {
  if (node.type === 'text') return [text(node.value)];
  const mark = node.tag;
  if (mark.kind === 'code') return [{ type: 'inlineCode', value: plainText(node) }];
  const children = node.children.flatMap((child) => toMdast(child));
  switch (mark.kind) {
    case 'emphasis':
      return [{ type: 'emphasis', children }];
    case 'strong':
      return [{ type: 'strong', children }];
    case 'link': {
      const url = safeHref(mark.href);
      if (url === undefined) return children;
      return [{ type: 'link', url, title: mark.title ?? null, children }];
    }
  }
}

function plainText(node: InlineNode<InlineMark>): string {
  return node.type === 'text' ? node.value : node.children.map(plainText).join('');
}

function* findingItems(article: Article, t: TFunction): Generator<ListItem> {
  for (const [index, segment] of allSegments(article).entries()) {
    for (const finding of segment.findings) {
      yield {
        type: 'listItem',
        spread: false,
        children: [
          {
            type: 'paragraph',
            children: [
              text(`${t('segmentLink', { n: index + 1 })} — ${finding.severity} ${finding.rule}: ${finding.message}${finding.suggestion !== undefined ? ` (${t('suggestion')}: ${finding.suggestion})` : ''}`),
            ],
          },
        ],
      };
    }
  }
}
