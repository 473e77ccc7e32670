// The one place review re-checks and re-publishes what a person saved,
// through the pipeline's own functions (recheckSegment, publishArticle), so a
// reviewed segment is judged and written exactly as a translated one.

import { syncDirectory } from '../core/files.js';
import type { Article } from '../core/types.js';
import { publishArticle } from '../pipeline/index.js';

export { recheckSegment } from '../pipeline/index.js';

/**
 * Write the store, then its pages, each atomically and fsynced, then flush
 * the folder so the renames are durable too. Returns the store file.
 */
export async function publishReviewed(article: Article, outDir: string, uiLang: 'en' | 'fr' = 'en'): Promise<string> {
  const { json } = await publishArticle(article, outDir, { uiLang });
  await syncDirectory(outDir);
  return json;
}
