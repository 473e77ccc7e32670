// An article given by its web address becomes an article file like any other: the page is
// fetched once into the run's state folder and read from there, so a second run
// reads the kept copy (and finds the article up to date) unless asked to refetch.

import path from 'node:path';
import { fetchPage, slugify, type FetchPageOptions } from '../read/index.js';
import { loadCachedPage, pageFile, saveCachedPage } from '../store/index.js';

export interface WebArticleOptions {
  /** The run's state folder (`<out>/.diptych`, or --cache). */
  cacheDir: string;
  /** Fetch again even when the page is kept. */
  refetch?: boolean;
  fetch?: FetchPageOptions;
}

/** A fetched page as a run takes it: its kept copy, the output name and the address. */
export interface WebArticleJob {
  file: string;
  slug: string;
  url: string;
  /** Whether the page was fetched now (false: the kept copy was used). */
  fetched: boolean;
}

export async function webArticleJob(url: string, options: WebArticleOptions): Promise<WebArticleJob> {
  // Named after the page's last path segment (…/2018/09/08/syrie-idlib.html → syrie-idlib), as a saved file would be.
  const slug = slugify(path.basename(pageFile(options.cacheDir, url)).replace(/-[0-9a-f]{10}\.html$/, ''));
  if (!options.refetch) {
    const kept = await loadCachedPage(options.cacheDir, url);
    if (kept) return { file: kept.file, slug, url, fetched: false };
  }
  const page = await fetchPage(url, options.fetch);
  const saved = await saveCachedPage(options.cacheDir, { url, finalUrl: page.finalUrl, fetchedAt: page.fetchedAt, contentType: page.contentType, html: page.html });
  return { file: saved.file, slug, url, fetched: true };
}
