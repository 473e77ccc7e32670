// The one place review re-checks and re-publishes what a person saved. Both
// call the pipeline's own functions (pinned-term verification, the check
// stage's rules, the store and the renderers) so a reviewed segment is judged
// and written exactly as a translated one.
// TODO(issue 11): switch to the pipeline's recheckArticle / publishArticle once they land on main.

import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory, writeAtomic } from '../core/files.js';
import type { Article, Segment } from '../core/types.js';
import { checkSegment } from '../check/index.js';
import { findTerms, type Glossary } from '../glossary/index.js';
import { verifySegment } from '../pipeline/index.js';
import { renderBilingualHtml, renderBilingualMarkdown } from '../render/index.js';
import { saveArticle } from '../store/index.js';

/** Pinned terms and every check rule, on the segment's current English; its findings replaced. */
export function recheckSegment(segment: Segment, glossary: Glossary): void {
  verifySegment(segment, findTerms(glossary, segment.source));
  segment.findings = [...segment.findings.filter((finding) => finding.source !== 'check'), ...checkSegment(segment)];
}

/** Write the store atomically (fsynced), then flush the folder so the rename is durable too. Returns the store file. */
export async function saveReviewed(article: Article, outDir: string): Promise<string> {
  const json = await saveArticle(outDir, article);
  await syncDirectory(outDir);
  return json;
}

/**
 * Re-render the article's reading pages (.md and .html), each written
 * atomically. `storeTime` (the store's mtime for this version) is given to the
 * pages too, so "pages older than the store" means exactly "rendered from an
 * earlier version", however late the render finished.
 */
export async function writePages(article: Article, outDir: string, uiLang: 'en' | 'fr' = 'en', storeTime?: number): Promise<void> {
  const base = path.join(outDir, article.slug);
  for (const [file, content] of [
    [`${base}.md`, renderBilingualMarkdown(article, { uiLang })],
    [`${base}.html`, renderBilingualHtml(article, { uiLang })],
  ] as const) {
    await writeAtomic(file, content);
    if (storeTime !== undefined) await utimes(file, storeTime / 1000, storeTime / 1000);
  }
}
