// An article's three outputs: the JSON store (the source of truth), the
// bilingual Markdown and the bilingual HTML page. Each is written piece by
// piece to a temporary file (a long article is never held as three whole
// texts), and only when all three are whole are they renamed over the earlier
// ones, so a rendering error leaves every earlier output as it was.

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

export async function publishArticle(article: Article, outDir: string, options: PublishOptions = {}): Promise<PublishedFiles> {
  const base = path.join(outDir, options.name ?? article.slug);
  const renderOptions = options.uiLang ? { uiLang: options.uiLang } : {};
  const files: PublishedFiles = { json: `${base}.json`, md: `${base}.md`, html: `${base}.html` };
  const staged: StagedFile[] = [];
  try {
    staged.push(await stageFile(files.json, serializeArticleChunks(article)));
    staged.push(await stageFile(files.md, joinedWith(renderBilingualMarkdownChunks(article, renderOptions), '\n')));
    staged.push(await stageFile(files.html, renderBilingualHtmlChunks(article, renderOptions)));
  } catch (error) {
    await Promise.all(staged.map((file) => file.discard()));
    throw error;
  }
  // The store first: it is the source of truth.
  for (const file of staged) await file.commit();
  return files;
}

function* joinedWith(chunks: Iterable<string>, separator: string): Generator<string> {
  let first = true;
  for (const chunk of chunks) {
    if (!first) yield separator;
    yield chunk;
    first = false;
  }
}
