// An article's three outputs: the JSON store (the source of truth), the
// bilingual Markdown and the bilingual HTML page. Both pages are rendered
// before anything is written, so a rendering error leaves every earlier output
// as it was; each file is then replaced atomically.

import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../core/files.js';
import type { UiLang } from '../core/i18n.js';
import type { Article } from '../core/types.js';
import { renderBilingualHtml, renderBilingualMarkdown } from '../render/index.js';
import { serializeArticle } from '../store/index.js';

export interface PublishOptions {
  uiLang?: UiLang;
  /** File name without extension; default the article's slug. */
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
export async function publishPages(article: Article, outDir: string, options: PublishOptions & { mtime?: number } = {}): Promise<Omit<PublishedFiles, 'json'>> {
  const base = path.join(outDir, options.name ?? article.slug);
  const renderOptions = options.uiLang ? { uiLang: options.uiLang } : {};
  const files = { md: `${base}.md`, html: `${base}.html` };
  const markdown = renderBilingualMarkdown(article, renderOptions);
  const html = renderBilingualHtml(article, renderOptions);
  for (const [file, content] of [
    [files.md, markdown],
    [files.html, html],
  ] as const) {
    await writeAtomic(file, content);
    if (options.mtime !== undefined) await utimes(file, options.mtime / 1000, options.mtime / 1000);
  }
  return files;
}

export async function publishArticle(article: Article, outDir: string, options: PublishOptions = {}): Promise<PublishedFiles> {
  const base = path.join(outDir, options.name ?? article.slug);
  const renderOptions = options.uiLang ? { uiLang: options.uiLang } : {};
  const files: PublishedFiles = { json: `${base}.json`, md: `${base}.md`, html: `${base}.html` };
  const markdown = renderBilingualMarkdown(article, renderOptions);
  const html = renderBilingualHtml(article, renderOptions);
  await writeAtomic(files.json, serializeArticle(article));
  await writeAtomic(files.md, markdown);
  await writeAtomic(files.html, html);
  return files;
}
