import type { Element, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import type { Root as MdastRoot, Table } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import * as render from '../src/render/index.js';
import { renderBilingualHtml, renderBilingualMarkdown, renderCorpusIndex } from '../src/render/index.js';
import type { Article } from '../src/core/types.js';
import { foundingArticle, hostileArticle, hostileTexts } from './fixtures/render/articles.js';

const segments = (article: Article) => article.blocks.flatMap((block) => block.segments);
const parseHtml = (html: string): HastRoot => fromHtml(html);
const parseMarkdown = (md: string): MdastRoot => unified().use(remarkParse).use(remarkGfm).parse(md) as MdastRoot;
const attr = (element: Element, name: string) => element.properties[name];

describe('render entry', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(render).sort()).toEqual(
      [
        'renderBilingualHtml',
        'renderBilingualHtmlChunks',
        'renderBilingualMarkdown',
        'renderBilingualMarkdownChunks',
        'renderCorpusIndex',
      ].sort(),
    );
  });
});

describe('renderBilingualHtml', () => {
  const article = foundingArticle();
  const tree = parseHtml(renderBilingualHtml(article));

  it('puts every sentence pair on one row, French then English, each with lang and data-seg-id', () => {
    const rows = selectAll('main .row:not(.heads)', tree);
    expect(rows).toHaveLength(segments(article).length);
    segments(article).forEach((segment, index) => {
      const cells = selectAll('[data-seg-id]', rows[index]!);
      expect(cells.map((cell) => attr(cell, 'dataSegId'))).toEqual([segment.id, segment.id]);
      expect(cells.map((cell) => attr(cell, 'lang'))).toEqual(['fr', 'en']);
      expect(toText(cells[0]!)).toBe(segment.source);
      expect(toText(cells[1]!)).toBe(segment.target);
    });
  });

  it('groups rows by block, so paragraphs stay visible', () => {
    const blocks = selectAll('main section.block', tree);
    expect(blocks.map((block) => selectAll('.row', block).length)).toEqual(article.blocks.map((b) => b.segments.length));
  });

  it('shows title, source file name (not its path), translator and glossary version', () => {
    const text = toText(select('header', tree)!);
    for (const needle of [article.title, 'idlib-casques-blancs-2018-09-08.fr.txt', 'hand (fixture)', 'g-5f1c2a']) expect(text).toContain(needle);
    expect(text).not.toContain('corpus/');
  });

  it('loads nothing from outside the page', () => {
    const external = selectAll('[src], link, iframe, object, embed, img', tree);
    expect(external).toEqual([]);
    const scripts = selectAll('script', tree);
    expect(scripts).toHaveLength(1);
    const csp = select('meta[http-equiv="Content-Security-Policy"]', tree);
    expect(String(attr(csp!, 'content'))).toContain("default-src 'none'");
  });

  it('marks glossary terms on both sides with the pinned form', () => {
    const first = segments(article)[1]!; // "… Front al-Nosra … Casques blancs … Idlib."
    const [fr, en] = selectAll(`[data-seg-id="${first.id}"]`, tree);
    const frTerms = selectAll('.term', fr!).map((el) => toText(el));
    const enTerms = selectAll('.term', en!).map((el) => toText(el));
    expect(frTerms).toEqual(['Front al-Nosra', 'Casques blancs', 'Idlib']);
    expect(enTerms).toEqual(['al-Nusra Front', 'White Helmets', 'Idlib']);
    const pinned = selectAll('.term', fr!).map((el) => attr(el, 'dataPinned'));
    expect(pinned).toEqual(['al-Nusra Front', 'White Helmets', 'Idlib']);
  });

  it('renders inline marks in both columns', () => {
    const sputnik = segments(article)[3]!;
    for (const cell of selectAll(`[data-seg-id="${sputnik.id}"]`, tree)) {
      expect(toText(select('em', cell)!)).toBe('Sputnik');
    }
    const links = selectAll('main a[href="https://mil.ru/"]', tree).map((el) => toText(el));
    expect(links).toEqual(['ministère russe de la Défense', 'Russian Defence Ministry']);
  });

  it('marks segments with findings and lists them', () => {
    const flagged = segments(article).filter((segment) => segment.findings.length > 0);
    expect(flagged.length).toBeGreaterThan(0);
    expect(selectAll('.row.has-findings', tree).map((row) => attr(row, 'id'))).toEqual(flagged.map((s) => `seg-${s.id}`));
    expect(toText(select('.findings', tree)!)).toContain('glossary-term-missing');
  });

  it('flags on the French side a term whose pinned form the English lacks', () => {
    const flagged = foundingArticle();
    const segment = flagged.blocks[1]!.segments[0]!;
    segment.target = segment.target!.replace('White Helmets', 'white helmets');
    segment.terms = segment.terms.map((term) => ({ ...term, satisfied: segment.target!.includes(term.target) }));
    const [fr] = selectAll(`[data-seg-id="${segment.id}"]`, parseHtml(renderBilingualHtml(flagged)));
    expect(selectAll('.term-missing', fr!).map((el) => toText(el))).toEqual(['Casques blancs']);
  });

  it('renders headings, quotes and list items with their kind, headings as headings on both sides', () => {
    const kinds = foundingArticle();
    const [h, q, l] = [kinds.blocks[2]!, kinds.blocks[3]!, kinds.blocks[4]!];
    h.kind = 'heading';
    h.depth = 2;
    q.kind = 'quote';
    l.kind = 'list-item';
    const page = parseHtml(renderBilingualHtml(kinds));
    const heading = selectAll(`[data-seg-id="${h.segments[0]!.id}"]`, page);
    expect(heading.map((el) => el.tagName)).toEqual(['h3', 'h3']);
    expect(selectAll('section.block-quote .row', page)).toHaveLength(q.segments.length);
    expect(selectAll('section.block-list-item .row', page)).toHaveLength(l.segments.length);
    const md = parseMarkdown(renderBilingualMarkdown(kinds, { layout: 'interleaved' }));
    const headings = md.children.filter((node) => node.type === 'heading' && node.depth === 3).map((node) => mdToString(node));
    expect(headings).toEqual([h.segments.map((segment) => segment.source).join(' ')]);
  });

  it('uses French interface words with uiLang fr', () => {
    const fr = parseHtml(renderBilingualHtml(article, { uiLang: 'fr' }));
    expect(attr(select('html', fr)!, 'lang')).toBe('fr');
    expect(toText(select('.heads', fr)!)).toContain('Français');
    expect(toText(select('.views', fr)!)).toContain('Côte à côte');
  });

  it('shows an untranslated segment as such, still paired', () => {
    const partial = foundingArticle();
    const segment = partial.blocks[1]!.segments[0]!;
    delete segment.target;
    const cells = selectAll(`[data-seg-id="${segment.id}"]`, parseHtml(renderBilingualHtml(partial)));
    expect(cells).toHaveLength(2);
    expect(toText(cells[1]!)).toBe('(not translated)');
  });
});

describe('HTML escaping of hostile text', () => {
  const article = hostileArticle();
  const html = renderBilingualHtml(article);
  const tree = parseHtml(html);

  it('keeps markup-looking text as text on both sides', () => {
    for (const segment of segments(article)) {
      const [fr, en] = selectAll(`[data-seg-id="${segment.id}"]`, tree);
      expect(toText(fr!)).toBe(segment.source);
      expect(toText(en!)).toBe(segment.target);
    }
    expect(toText(select('header', tree)!)).toContain(hostileTexts.script);
  });

  it('creates no element or attribute from the text', () => {
    expect(selectAll('script', tree)).toHaveLength(1); // the page's own
    expect(selectAll('img, svg', tree)).toEqual([]);
    const handlers: string[] = [];
    visit(tree, 'element', (element: Element) => {
      for (const name of Object.keys(element.properties)) if (/^on/i.test(name)) handlers.push(name);
    });
    expect(handlers).toEqual([]);
  });

  it('turns javascript: and data: links into inert text', () => {
    const hrefs = selectAll('a[href]', tree).map((el) => String(attr(el, 'href')));
    expect(hrefs.filter((href) => !href.startsWith('#'))).toEqual([]);
    const inert = selectAll('.inert-link', tree).map((el) => toText(el));
    expect(inert).toEqual(['cliquez ici', 'là', 'click here', 'there']);
  });
});

describe('the page header: where the article comes from', () => {
  const fetched = (details: Partial<Article>): Article => ({ ...foundingArticle(), ...details });
  const page = {
    url: 'https://www.example.fr/international/idlib.html?id=1&ref=<x>',
    sourcePath: 'https://www.example.fr/international/idlib.html?id=1&ref=<x>',
    siteName: 'Le Quotidien <b>du soir</b>',
    byline: `Par ${hostileTexts.script}`,
    published: '2018-09-08T10:30:00+02:00',
  };
  const details = (tree: HastRoot): Record<string, string> => {
    const dl = select('header dl.meta', tree)!;
    const terms = selectAll('dt', dl).map((dt) => toText(dt));
    const values = selectAll('dd', dl).map((dd) => toText(dd));
    return Object.fromEntries(terms.map((term, i) => [term, values[i]!]));
  };

  it('shows the site, byline, date and a link to the page, as escaped text', () => {
    const tree = parseHtml(renderBilingualHtml(fetched(page)));
    expect(details(tree)).toMatchObject({ Site: page.siteName, Byline: page.byline, Published: page.published });
    const link = select('header dl.meta a', tree)!;
    expect(attr(link, 'href')).toBe(new URL(page.url).href);
    expect(toText(link)).toBe(new URL(page.url).href);
    expect(attr(link, 'rel')).toEqual(['noopener', 'noreferrer', 'nofollow']);
    expect(attr(select('header time', tree)!, 'dateTime')).toBe(page.published);
    expect(selectAll('header b, header script, header img', tree)).toEqual([]);
  });

  it('links the source only when it is an http(s) address, and leaves out what the page did not give', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'pas une adresse']) {
      const tree = parseHtml(renderBilingualHtml(fetched({ url, sourcePath: url })));
      expect(selectAll('header a[href]', tree)).toEqual([]);
      expect(details(tree)['Source']).toBe(url);
    }
    const tree = parseHtml(renderBilingualHtml(fetched({ published: 'samedi 8 septembre' })));
    expect(Object.keys(details(tree))).toEqual(['Published', 'Source', 'Translator', 'Glossary version', 'Segments translated']);
    expect(selectAll('header time', tree)).toEqual([]);
    expect(details(parseHtml(renderBilingualHtml(foundingArticle())))).not.toHaveProperty('Site');
  });

  it('gives the same details in French with uiLang fr', () => {
    const tree = parseHtml(renderBilingualHtml(fetched(page), { uiLang: 'fr' }));
    expect(details(tree)).toMatchObject({ Site: page.siteName, Signature: page.byline, Publié: page.published });
  });

  it('gives them in the Markdown too, the address as a link only when http(s)', () => {
    const md = renderBilingualMarkdown(fetched(page));
    const tree = parseMarkdown(md);
    const list = tree.children.find((node) => node.type === 'list')!;
    const items = (list as { children: MdastRoot['children'] }).children.map((item) => mdToString(item));
    expect(items.slice(0, 4)).toEqual([`Site: ${page.siteName}`, `Byline: ${page.byline}`, `Published: ${page.published}`, `Source: ${new URL(page.url).href}`]);
    const urls: string[] = [];
    const kinds = new Set<string>();
    visit(tree, (node) => {
      kinds.add(node.type);
      if (node.type === 'link') urls.push(node.url);
    });
    expect(urls).toContain(new URL(page.url).href);
    expect(kinds.has('html')).toBe(false);
    const inert = parseMarkdown(renderBilingualMarkdown(fetched({ url: 'javascript:alert(1)', sourcePath: 'javascript:alert(1)' })));
    const inertUrls: string[] = [];
    visit(inert, 'link', (node: { url: string }) => void inertUrls.push(node.url));
    expect(inertUrls.filter((url) => url.startsWith('javascript'))).toEqual([]);
    expect(mdToString(inert)).toContain('Source: javascript:alert(1)');
  });
});

describe('renderBilingualMarkdown', () => {
  const article = foundingArticle();

  it('table layout: a table per block, one row per sentence, French | English', () => {
    const tree = parseMarkdown(renderBilingualMarkdown(article));
    const tables = tree.children.filter((node): node is Table => node.type === 'table');
    expect(tables).toHaveLength(article.blocks.length);
    tables.forEach((table, b) => {
      const [head, ...rows] = table.children;
      expect(head!.children.map((cell) => mdToString(cell))).toEqual(['French', 'English']);
      expect(rows.map((row) => row.children.map((cell) => mdToString(cell)))).toEqual(
        article.blocks[b]!.segments.map((segment) => [segment.source, segment.target]),
      );
    });
  });

  it('puts a heading before each block and the metadata at the top', () => {
    const md = renderBilingualMarkdown(article);
    const tree = parseMarkdown(md);
    const headings = tree.children.filter((node) => node.type === 'heading').map((node) => mdToString(node));
    expect(headings).toEqual(expect.arrayContaining(['Title 1', 'Paragraph 1', 'Paragraph 10']));
    for (const needle of ['idlib-casques-blancs-2018-09-08.fr.txt', 'hand (fixture)', 'g-5f1c2a']) expect(md).toContain(needle);
    expect(md).not.toContain('corpus/');
  });

  it('ends with every finding in one tight list under its heading, in segment order', () => {
    const flagged = foundingArticle();
    const all = segments(flagged);
    for (const [n, segment] of [all[2]!, all[5]!, all[5]!, all[9]!].entries()) {
      segment.findings.push({ rule: 'length-ratio', source: 'check', severity: 'warning', message: `* finding ${n} <b>|</b>`, segmentId: segment.id });
    }
    const md = renderBilingualMarkdown(flagged);
    const tree = parseMarkdown(md);
    const heading = tree.children.findIndex((node) => node.type === 'heading' && mdToString(node) === 'Findings');
    expect(tree.children.slice(heading + 1)).toHaveLength(1);
    const list = tree.children[heading + 1]!;
    expect(list).toMatchObject({ type: 'list', ordered: false, spread: false });
    const expected = all.flatMap((segment, index) => segment.findings.map((finding) => `Segment ${index + 1} — ${finding.severity} ${finding.rule}: ${finding.message}`));
    expect(expected.length).toBeGreaterThan(4);
    const items = (list as { children: MdastRoot['children'] }).children.map((item) => mdToString(item));
    expect(items.map((item) => item.replace(/ \(suggested: .*\)$/u, ''))).toEqual(expected);
    // A tight list: no blank line between its items.
    expect(md.slice(md.indexOf('## Findings') + '## Findings\n\n'.length).trimEnd()).not.toContain('\n\n');
  });

  it('interleaved layout: each French paragraph, then its English as a blockquote', () => {
    const tree = parseMarkdown(renderBilingualMarkdown(article, { layout: 'interleaved' }));
    const body = tree.children.slice(2); // title heading, metadata list
    const paragraph = article.blocks[1]!;
    const index = body.findIndex((node) => mdToString(node) === paragraph.segments.map((s) => s.source).join(' '));
    expect(index).toBeGreaterThan(-1);
    expect(body[index + 1]!.type).toBe('blockquote');
    expect(mdToString(body[index + 1]!)).toBe(paragraph.segments.map((s) => s.target).join(' '));
  });

  it('keeps marks: emphasis and links in both columns', () => {
    const tree = parseMarkdown(renderBilingualMarkdown(article));
    const emphasis: string[] = [];
    const links: string[] = [];
    visit(tree, (node) => {
      if (node.type === 'emphasis') emphasis.push(mdToString(node));
      if (node.type === 'link') links.push(node.url);
    });
    expect(emphasis).toEqual(['Sputnik', 'Sputnik']);
    expect(links).toEqual(['https://mil.ru/', 'https://mil.ru/']);
  });

  it.each(['table', 'interleaved'] as const)('%s layout: hostile text stays literal text, pipes included', (layout) => {
    const hostile = hostileArticle();
    const tree = parseMarkdown(renderBilingualMarkdown(hostile, { layout }));
    const kinds = new Set<string>();
    const urls: string[] = [];
    visit(tree, (node) => {
      kinds.add(node.type);
      if (node.type === 'link') urls.push(node.url);
    });
    expect(kinds.has('html')).toBe(false);
    expect(urls).toEqual([]);
    const all = mdToString(tree);
    for (const segment of segments(hostile)) {
      expect(all).toContain(segment.source);
      expect(all).toContain(segment.target);
    }
  });
});

describe('renderCorpusIndex', () => {
  it('links every article page, Markdown and JSON, with escaped titles', () => {
    const entries = [foundingArticle(), hostileArticle()].map((article) => ({
      article,
      files: { html: `${article.slug}.html`, md: `${article.slug}.md`, json: `${article.slug}.json` },
    }));
    const tree = parseHtml(renderCorpusIndex(entries));
    const hrefs = selectAll('a[href]', tree).map((el) => String(attr(el, 'href')));
    for (const { files } of entries) expect(hrefs).toEqual(expect.arrayContaining([files.html, files.md, files.json]));
    expect(selectAll('script, img', tree)).toEqual([]);
    expect(toText(select('main', tree)!)).toContain(hostileArticle().title);
  });
});
