// The one place review re-checks and re-publishes what a person saved,
// through the pipeline's own functions (recheckSegment, publishPages; the
// record itself is saved through the article store by review-store.ts), so a reviewed segment is judged and written exactly
// as a translated one. The store is written on the save path; the pages
// follow in the background (page-renderer.ts).

import type { Article } from '../core/types.js';
import { publishPages } from '../pipeline/index.js';
import { FolderStore } from '../store/index.js';

export { recheckSegment } from '../pipeline/index.js';

/**
 * Re-render the article's reading pages (.md and .html). `storeTime` (the
 * store's mtime for this version) is given to the pages too, so "pages older
 * than the store" means exactly "rendered from an earlier version", however
 * late the render finished.
 */
export async function writePages(article: Article, outDir: string, uiLang: 'en' | 'fr' = 'en', storeTime?: number): Promise<void> {
  await publishPages(article, new FolderStore(outDir), { uiLang, ...(storeTime !== undefined ? { mtime: storeTime } : {}) });
}
