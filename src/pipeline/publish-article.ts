// An article's three outputs: the JSON store (the source of truth), the
// bilingual Markdown and the bilingual HTML page. Each is written piece by
// piece to a temporary file (a long article is never held as three whole
// texts), and only when all three are whole are they renamed over the earlier
// ones, so a rendering error leaves every earlier output as it was.

import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { stageFile, type StagedFile } from '../core/files.js';
import type { UiLang } from '../core/i18n.js';
import type { Article } from '../core/types.js';
import { renderBilingualHtmlChunks, renderBilingualMarkdownChunks } from '../render/index.js';
import { serializeArticleChunks } from '../store/index.js';

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
  const staged = await stageAll([
    [files.md, renderBilingualMarkdownChunks(article, renderOptions)],
    [files.html, renderBilingualHtmlChunks(article, renderOptions)],
  ]);
  for (const [index, file] of [files.md, files.html].entries()) {
    await staged[index]!.commit();
    if (options.mtime !== undefined) await utimes(file, options.mtime / 1000, options.mtime / 1000);
  }
  return files;
}

export async function publishArticle(article: Article, outDir: string, options: PublishOptions = {}): Promise<PublishedFiles> {
  const base = path.join(outDir, options.name ?? article.slug);
  const renderOptions = options.uiLang ? { uiLang: options.uiLang } : {};
  const files: PublishedFiles = { json: `${base}.json`, md: `${base}.md`, html: `${base}.html` };
  const staged = await stageAll([
    [files.json, serializeArticleChunks(article)],
    [files.md, renderBilingualMarkdownChunks(article, renderOptions)],
    [files.html, renderBilingualHtmlChunks(article, renderOptions)],
  ]);
  // The store first: it is the source of truth.
  for (const file of staged) await file.commit();
  return files;
}

/** Every file staged, or none: a failure discards those already staged. */
async function stageAll(files: Array<[string, Iterable<string>]>): Promise<StagedFile[]> {
  const staged: StagedFile[] = [];
  try {
    for (const [file, chunks] of files) staged.push(await stageFile(file, chunks));
  } catch (error) {
    await Promise.all(staged.map((file) => file.discard()));
    throw error;
  }
  return staged;
}
