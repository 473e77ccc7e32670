// An article's three outputs: the JSON store (the source of truth), the
// bilingual Markdown and the bilingual HTML page, rendered here and handed to
// the store, which writes them all or none (a rendering error leaves every
// earlier output as it was). Rendering is lazy: each is produced piece by
// piece as the store writes it, so a long article is never held as three
// whole texts.

import type { UiLang } from '../core/i18n.js';
import type { Article } from '../core/types.js';
import { renderBilingualHtmlChunks, renderBilingualMarkdownChunks } from '../render/index.js';
import { serializeArticleChunks, type ArticleStore } from '../store/index.js';

export interface PublishOptions {
  uiLang?: UiLang;
  /** Name in the store; default the article's slug. */
  name?: string;
}

export interface PublishedFiles {
  json: string;
  md: string;
  html: string;
}

/**
 * The two reading pages alone, rendered from the stored article (the review
 * re-renders them after a save that already wrote the store). `mtime` (ms)
 * is given to both files, to tie them to the store version they show.
 */
export async function publishPages(article: Article, store: ArticleStore, options: PublishOptions & { mtime?: number } = {}): Promise<Omit<PublishedFiles, 'json'>> {
  const renderOptions = options.uiLang ? { uiLang: options.uiLang } : {};
  const files = await store.publish(
    options.name ?? article.slug,
    { md: renderBilingualMarkdownChunks(article, renderOptions), html: renderBilingualHtmlChunks(article, renderOptions) },
    options.mtime !== undefined ? { mtime: options.mtime } : {},
  );
  return { md: files.md!, html: files.html! };
}

/** The store JSON and both pages, all or none. */
export async function publishArticle(article: Article, store: ArticleStore, options: PublishOptions = {}): Promise<PublishedFiles> {
  const renderOptions = options.uiLang ? { uiLang: options.uiLang } : {};
  const files = await store.publish(options.name ?? article.slug, {
    json: serializeArticleChunks(article),
    md: renderBilingualMarkdownChunks(article, renderOptions),
    html: renderBilingualHtmlChunks(article, renderOptions),
  });
  return { json: files.json!, md: files.md!, html: files.html! };
}
