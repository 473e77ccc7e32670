// The one place review re-checks and re-publishes what a person saved,
// through the pipeline's own functions (recheckSegment, the store's
// saveArticle, publishPages), so a reviewed segment is judged and written
// exactly as a translated one. The store is written on the save path; the
// pages follow in the background (page-renderer.ts).

import { syncDirectory } from '../core/files.js';
import type { Article } from '../core/types.js';
import { publishPages } from '../pipeline/index.js';
import { saveArticle } from '../store/index.js';

export { recheckSegment } from '../pipeline/index.js';

/** Write the store atomically (fsynced), then flush the folder so the rename is durable too. Returns the store file. */
export async function saveReviewed(article: Article, outDir: string): Promise<string> {
  const json = await saveArticle(outDir, article);
  await syncDirectory(outDir);
  return json;
}

/**
 * Re-render the article's reading pages (.md and .html). `storeTime` (the
 * store's mtime for this version) is given to the pages too, so "pages older
 * than the store" means exactly "rendered from an earlier version", however
 * late the render finished.
 */
export async function writePages(article: Article, outDir: string, uiLang: 'en' | 'fr' = 'en', storeTime?: number): Promise<void> {
  await publishPages(article, outDir, { uiLang, ...(storeTime !== undefined ? { mtime: storeTime } : {}) });
}
