// Every article of a store published as reading files, with the corpus index:
// `diptych publish` writes them from the store of record into the output
// folder (or any other), so a worker on another machine, or a reader's web
// server, needs no shared volume. Each article goes through publishArticle
// (its JSON, Markdown and HTML, all or none); a damaged record is reported
// and the others are published.

import path from 'node:path';
import { writeAtomic } from '../core/files.js';
import type { UiLang } from '../core/i18n.js';
import { renderCorpusIndex } from '../render/index.js';
import { FolderStore, type ArticleStore } from '../store/index.js';
import { publishArticle } from './publish-article.js';

export interface PublishStoreOptions {
  /** The store's output folder: where its own publishing writes, and the index goes, when `to` is not given. */
  outDir: string;
  /** Another folder to write every file into. */
  to?: string;
  uiLang?: UiLang;
}

export interface PublishedStore {
  /** The folder written. */
  dir: string;
  published: string[];
  broken: Array<{ slug: string; place: string; error: unknown }>;
  index: string;
}

export async function publishStore(store: ArticleStore, options: PublishStoreOptions): Promise<PublishedStore> {
  const dir = options.to ?? options.outDir;
  // Into its own output folder, the store publishes (a database store writes the JSON from its record); elsewhere, a folder does.
  const target = options.to === undefined ? store : new FolderStore(options.to);
  const { articles, broken } = await store.loadAll();
  const uiLang = options.uiLang ? { uiLang: options.uiLang } : {};
  for (const { slug, article } of articles) await publishArticle(article, target, { ...uiLang, name: slug });
  const entries = articles.map(({ slug, article }) => ({ article, files: { html: `${slug}.html`, md: `${slug}.md`, json: `${slug}.json` } }));
  const index = path.join(dir, 'index.html');
  await writeAtomic(index, renderCorpusIndex(entries, uiLang));
  return { dir, published: articles.map(({ slug }) => slug), broken, index };
}
