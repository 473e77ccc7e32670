import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { uiTranslator, type UiLang } from '../core/i18n.js';
import type { Article } from '../core/types.js';
import { listingOf, type ArticleListing } from '../core/article-summary.js';
import { pageHead } from './html.js';
import { safeHref } from './safe-href.js';

export interface CorpusIndexEntry {
  /** The article, or what the index shows of it (as the run manifest keeps it). */
  article: Article | ArticleListing;
  /** Paths of the article's outputs, relative to the index page. */
  files: { html: string; md: string; json: string };
}

const indexStyle = `
:root { color-scheme: light dark; --fg: #1b1b1b; --muted: #4f4f4f; --bg: #fff; --rule: #d6d3cc; --link: #1e40af; }
@media (prefers-color-scheme: dark) { :root { --fg: #ececec; --muted: #b9b9b9; --bg: #161616; --rule: #3a3a3a; --link: #a5c0ff; } }
html { background: var(--bg); color: var(--fg); }
body { margin: 0 auto; max-width: 60rem; padding: 1.25rem 1.5rem 3rem; font: 1rem/1.55 Georgia, serif; }
h1 { font-size: 1.6rem; }
ol { padding-left: 1.5rem; }
li { margin: 0 0 1rem; }
a { color: var(--link); }
.title { font-size: 1.125rem; font-weight: 700; }
.en, .files { display: block; color: var(--muted); font: .875rem/1.5 system-ui, sans-serif; }
.files a + a::before { content: " · "; color: var(--muted); }
`;

/** The corpus page: every article's title in both languages, linking its page, Markdown and JSON store. */
export function renderCorpusIndex(entries: readonly CorpusIndexEntry[], options: { uiLang?: UiLang } = {}): string {
  const uiLang = options.uiLang ?? 'en';
  const t = uiTranslator(uiLang);
  const items: ElementContent[] = entries.map((entry) => {
    const { files } = entry;
    const article = 'blocks' in entry.article ? listingOf(entry.article) : entry.article;
    const summary = article;
    const link = (href: string, label: ElementContent | string, props: Record<string, string> = {}): Element => {
      const safe = safeHref(href);
      return safe === undefined ? h('span', props, label) : h('a', { ...props, href: safe }, label);
    };
    return h('li', [
      link(files.html, article.title, { lang: article.sourceLang, className: 'title' }),
      ...(summary.targetTitle ? [h('span.en', { lang: article.targetLang }, summary.targetTitle)] : []),
      h('span.files', [
        `${t('segments', { count: summary.segments })} · ${t('findingCount', { count: summary.findings })} — `,
        link(files.html, t('pageLink')),
        link(files.md, t('markdownLink')),
        link(files.json, t('jsonLink')),
      ]),
    ]);
  });
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: uiLang }, [
        pageHead(t('corpusIndex'), indexStyle),
        h('body', [
          h('h1', t('corpusIndex')),
          h('p', t('articleCount', { count: entries.length })),
          h('main', [h('ol', items)]),
        ]),
      ]),
    ],
  };
  return `${toHtml(tree)}\n`;
}
