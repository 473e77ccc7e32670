import { createHash } from 'node:crypto';
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type { TFunction } from 'i18next';
import { uiTranslator, type UiLang } from '../core/i18n.js';
import type { Article, Block, Segment } from '../core/types.js';
import { blockLabels, groupBlocks, hasTarget, summarizeArticle, tableRows, type BlockGroup } from '../core/article-summary.js';
import { allSegments } from '../core/segments.js';
import { element } from './hast-element.js';
import { segmentToHast } from './hast-inline.js';
import { isoDate, sourceFileName, webAddress } from './page-details.js';
import { pageScript } from './page-script.js';
import { pageStyle } from './page-style.js';

export interface HtmlOptions {
  uiLang?: UiLang;
}

/**
 * The bilingual reading page: one self-contained HTML file (inline CSS, one
 * small inline script, no external resources) where every French sentence
 * sits on the same grid row as its English sentence. Built as a hast tree and
 * serialized by hast-util-to-html, so article text is escaped structurally.
 */
export function renderBilingualHtml(article: Article, options: HtmlOptions = {}): string {
  return [...renderBilingualHtmlChunks(article, options)].join('');
}

// Where the blocks and the findings go in the page's frame; article text is escaped, so it can never make these comments.
const BLOCKS_MARK = 'diptych:blocks';
const FINDINGS_MARK = 'diptych:findings';

/**
 * The same page in pieces: the frame (head, header) is built and serialized
 * once around marks, and each block (or table), then each finding, is built
 * and serialized on its own in between. A 40,000-sentence article never
 * becomes one tree, and the pieces can be written as they come. Only strings
 * stay alive across yields (a generator keeps its locals): the trees are made
 * and dropped inside the helpers.
 */
export function* renderBilingualHtmlChunks(article: Article, options: HtmlOptions = {}): Generator<string> {
  const uiLang = options.uiLang ?? 'en';
  const t = uiTranslator(uiLang);
  const [head, middle, tail] = serializeAround(
    { type: 'root', children: [{ type: 'doctype' }, pageElement(article, uiLang, t, [mark(BLOCKS_MARK)], mark(FINDINGS_MARK))] },
    [BLOCKS_MARK, FINDINGS_MARK],
  );
  yield head!;
  const context: RenderContext = { article, t, uiLang };
  const labels = blockLabels(article, t);
  for (const group of groupBlocks(article)) yield toHtml(groupElement(context, group, labels));
  yield middle!;
  yield* findingsSectionChunks(article, t);
  yield `${tail!}\n`;
}

function mark(value: string): ElementContent {
  return { type: 'comment', value };
}

/** A tree serialized once, cut at its mark comments: the pieces between them. */
function serializeAround(tree: Root | Element, marks: string[]): string[] {
  const html = toHtml(tree);
  const pieces: string[] = [];
  let from = 0;
  for (const value of marks) {
    const at = html.indexOf(`<!--${value}-->`, from);
    pieces.push(html.slice(from, at));
    from = at + value.length + 7;
  }
  pieces.push(html.slice(from));
  return pieces;
}

/** Shared with the corpus index: the head of a page with the given title, style and optional script. */
export function pageHead(title: string, style: string, script?: string): Element {
  // The CSP allows exactly our own style and script (by hash) and nothing else:
  // a second line of defence should escaping ever miss, and proof of "no external resources".
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(style)}'`,
    `script-src ${script === undefined ? "'none'" : `'${sha256(script)}'`}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return h('head', [
    h('meta', { charSet: 'utf-8' }),
    h('meta', { httpEquiv: 'Content-Security-Policy', content: csp }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('meta', { name: 'generator', content: 'diptych' }),
    h('title', title),
    h('style', style),
  ]);
}

function pageElement(article: Article, uiLang: UiLang, t: TFunction, blocks: ElementContent[], findings: ElementContent): Element {
  const summary = summarizeArticle(article);
  const sourceName = t('sourceColumn');
  const targetName = t('targetColumn');
  const meta: ElementContent[] = [
    ...pageDetails(article, t).flatMap(([label, value]) => [h('dt', label), h('dd', value)]),
    h('dt', t('translatorLabel')),
    h('dd', summary.translators.join(', ') || '—'),
    h('dt', t('glossaryLabel')),
    h('dd', summary.glossaryVersions.join(', ') || '—'),
    h('dt', t('segmentsTranslated')),
    h('dd', `${summary.translated} / ${summary.segments}`),
  ];
  const views: Array<[string, string]> = [
    ['side', t('viewSideBySide')],
    ['interleaved', t('viewInterleaved')],
    ['target', t('viewOnly', { lang: targetName })],
    ['source', t('viewOnly', { lang: sourceName })],
  ];
  return h('html', { lang: uiLang }, [
    pageHead(t('bilingualTitle', { title: article.title }), pageStyle, pageScript),
    h('body', [
      h('a.skip', { href: '#text' }, t('skipToText')),
      h('div.page', [
        h('header', [
          h('h1', [h('span', { lang: article.sourceLang }, article.title)]),
          ...(summary.targetTitle ? [h('p.subtitle', { lang: article.targetLang }, summary.targetTitle)] : []),
          h('dl.meta', meta),
          h('fieldset.views', [
            h('legend', t('viewLabel')),
            ...views.map(([id, label], index) =>
              h('label', [
                h(`input#view-${id}`, { type: 'radio', name: 'view', value: id, checked: index === 0 }),
                ` ${label}`,
              ]),
            ),
          ]),
        ]),
        h('main#text', { tabIndex: -1 }, [
          h('div.row.heads', { ariaHidden: 'true' }, [
            h('span', { lang: uiLang }, sourceName),
            h('span', { lang: uiLang }, targetName),
          ]),
          ...blocks,
        ]),
        findings,
      ]),
      h('script', pageScript),
    ]),
  ]);
}

/**
 * What the article says about where it comes from: the web page's site, byline
 * and date where it gives them, and its address — a link only when it is http(s),
 * else plain text like a file's path. Every value is page text: a child string, which
 * hastscript makes a text node (never an object, which it would read as attributes).
 */
function pageDetails(article: Article, t: TFunction): Array<[string, string | Element]> {
  const details: Array<[string, string | Element]> = [];
  if (article.siteName) details.push([t('siteLabel'), article.siteName]);
  if (article.byline) details.push([t('bylineLabel'), article.byline]);
  if (article.published) {
    const published = article.published;
    details.push([t('publishedLabel'), isoDate(published) ? h('time', { dateTime: published }, published) : published]);
  }
  const address = webAddress(article.url);
  details.push([t('source'), address ? h('a', { href: address, rel: 'noopener noreferrer nofollow' }, address) : h('code', sourceFileName(article.sourcePath))]);
  return details;
}

interface RenderContext {
  article: Article;
  t: TFunction;
  uiLang: UiLang;
}

function groupElement(context: RenderContext, group: BlockGroup, labels: string[]): Element {
  if (group.kind === 'table') return tableElement(context, group.table, group.cells);
  if (group.block.kind === 'code') return codeElement(context, group.block, group.index, labels[group.index]!);
  return blockElement(context, group.block, group.index, labels[group.index]!);
}

/**
 * A table, drawn as a table on each side: the French table beside the English
 * one, each cell holding its own sentences, so every pair stays per cell.
 */
function tableElement(context: RenderContext, table: number, cells: Array<{ block: Block; index: number }>): Element {
  const { article, t, uiLang } = context;
  const rows = tableRows(cells);
  const side = (which: 'src' | 'tgt'): Element =>
    h(`div.table-side.${which}-side`, { lang: which === 'src' ? article.sourceLang : article.targetLang }, [
      h(
        'table',
        rows.map((row) =>
          h(
            'tr',
            row.map(({ block, index }) =>
              h(
                block.cell!.header ? 'th' : 'td',
                { id: which === 'src' ? `block-${index + 1}` : undefined, colSpan: block.cell!.colspan, rowSpan: block.cell!.rowspan },
                block.segments.flatMap((segment, i) => [
                  ...(i > 0 ? [{ type: 'text', value: ' ' } as ElementContent] : []),
                  which === 'src'
                    ? h('span.seg.src', { dataSegId: segment.id, tabIndex: 0 }, segmentToHast(segment.source, segment.sourceMarks, segment.terms, 'source', t))
                    : hasTarget(segment)
                      ? h('span.seg.tgt', { dataSegId: segment.id, tabIndex: 0 }, segmentToHast(segment.target!, segment.targetMarks, segment.terms, 'target', t))
                      : h('span.seg.tgt.untranslated', { dataSegId: segment.id, tabIndex: 0 }, [h('span', { lang: uiLang }, t('untranslated'))]),
                ]),
              ),
            ),
          ),
        ),
      ),
    ]);
  return h('section.block.block-table', { ariaLabel: t('blockLabel', { kind: t('kind_table'), n: table }) }, [
    h('div.row.table-row', [side('src'), { type: 'text', value: ' ' }, side('tgt')]),
  ]);
}

/** Code and preformatted text, kept as written on both sides. */
function codeElement(context: RenderContext, block: Block, index: number, label: string): Element {
  const { article, t } = context;
  return h(`section.block.block-code`, { id: `block-${index + 1}`, ariaLabel: label, title: t('keptAsWritten') }, [
    h('div.row', [
      h('pre.kept.src-side', { lang: article.sourceLang }, h('code', block.text)),
      { type: 'text', value: ' ' },
      h('pre.kept.tgt-side', { lang: article.sourceLang }, h('code', block.text)),
    ]),
  ]);
}

function blockElement(context: RenderContext, block: Block, index: number, label: string): Element {
  const rows: ElementContent[] = [];
  for (const segment of block.segments) {
    rows.push({ type: 'text', value: '\n' }, rowElement(context, block, segment));
  }
  return element('section', { className: ['block', `block-${block.kind}`], id: `block-${index + 1}`, ariaLabel: label }, rows);
}

function segmentTag(block: Block): string {
  if (block.kind === 'heading') return `h${Math.min(6, Math.max(2, (block.depth ?? 1) + 1))}`;
  return 'p';
}

function rowElement(context: RenderContext, block: Block, segment: Segment): Element {
  const { article, t, uiLang } = context;
  const tag = segmentTag(block);
  // An aligned sentence with no counterpart says so on its empty side (`diptych align`).
  const noFrench = segment.link !== undefined && segment.link.fr.length === 0;
  const noEnglish = segment.link !== undefined && segment.link.en.length === 0;
  const source = element(
    tag,
    { className: noFrench ? ['seg', 'src', 'unmatched'] : ['seg', 'src'], dataSegId: segment.id, tabIndex: 0, lang: article.sourceLang },
    noFrench ? [element('span', { lang: uiLang }, t('noFrench'))] : segmentToHast(segment.source, segment.sourceMarks, segment.terms, 'source', t),
  );
  const translated = hasTarget(segment);
  // A sentence a reviewer approved is marked, quietly (a small tick and its tooltip), so a reader knows which ones a person vouched for.
  const approved = translated && segment.state === 'final';
  const target = element(
    tag,
    {
      className: translated ? (approved ? ['seg', 'tgt', 'approved'] : ['seg', 'tgt']) : ['seg', 'tgt', noEnglish ? 'unmatched' : 'untranslated'],
      dataSegId: segment.id,
      tabIndex: 0,
      lang: article.targetLang,
      title: approved ? t('approvedByPerson') : undefined,
    },
    translated
      ? segmentToHast(segment.target!, segment.targetMarks, segment.terms, 'target', t)
      : [element('span', { lang: uiLang }, t(noEnglish ? 'noEnglish' : 'untranslated'))],
  );
  const findings = segment.findings.length;
  const children: ElementContent[] = [source, { type: 'text', value: ' ' }, target];
  if (findings > 0) {
    children.push(
      element('a', { className: ['badge'], href: `#finding-${encodeURIComponent(segment.id)}`, title: findingTitles(segment) }, [
        element('span', { ariaHidden: 'true' }, '!'),
        element('span', { className: ['visually-hidden'] }, t('findingCount', { count: findings })),
      ]),
    );
  }
  return element('div', { className: findings > 0 ? ['row', 'has-findings'] : ['row'], id: `seg-${segment.id}`, dataState: segment.state }, children);
}

function findingTitles(segment: Segment): string {
  return segment.findings.map((finding) => `${finding.severity}: ${finding.message}`).join('\n');
}

/** The list of findings at the end of the page, an item at a time. */
function* findingsSectionChunks(article: Article, t: TFunction): Generator<string> {
  let open: string[] | undefined;
  for (const [index, segment] of allSegments(article).entries()) {
    const item = findingItem(article, t, segment, index);
    if (!item) continue;
    if (!open) {
      open = serializeAround(findingsSection(t, h('ul', [mark(FINDINGS_MARK)])), [FINDINGS_MARK]);
      yield open[0]!;
    }
    yield toHtml(item);
  }
  if (open) yield open[1]!;
  else yield toHtml(findingsSection(t, h('p', t('noFindings'))));
}

function findingsSection(t: TFunction, content: Element): Element {
  return h('section.findings', { ariaLabelledBy: 'findings-title' }, [h('h2#findings-title', t('findings')), content]);
}

/** A segment's entry in the findings list; undefined when it has nothing to list. */
function findingItem(article: Article, t: TFunction, segment: Segment, index: number): Element | undefined {
  const fixes = segment.provenance?.fixes ?? [];
  if (segment.findings.length === 0 && segment.unknownWords.length === 0 && fixes.length === 0) return undefined;
  const details: ElementContent[] = segment.findings.map((finding) =>
    element('li', {}, [
      element('span', { className: [`sev-${finding.severity}`] }, finding.severity),
      ` ${finding.rule}: `,
      finding.message,
      ...(finding.suggestion !== undefined ? [` (${t('suggestion')}: `, element('span', { lang: article.targetLang }, finding.suggestion), ')'] : []),
    ]),
  );
  if (fixes.length > 0) {
    // What the check stage changed in the machine output, so a reader can tell it from the engine's own words.
    details.push(element('li', {}, [`${t('fixedAutomatically')}: `, fixes.map((fix) => `${fix.rule} “${fix.from}” → “${fix.to}”`).join('; ')]));
  }
  if (segment.unknownWords.length > 0) {
    details.push(element('li', {}, [`${t('unknownWords')}: `, element('span', { lang: article.sourceLang }, segment.unknownWords.join(', '))]));
  }
  return element('li', { id: `finding-${segment.id}` }, [
    element('a', { href: `#seg-${encodeURIComponent(segment.id)}` }, t('segmentLink', { n: index + 1 })),
    element('ul', {}, details),
  ]);
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
