// The one place review re-checks and re-publishes what a person saved. Both
// call the pipeline's own functions (pinned-term verification, the check
// stage's rules, the store and the renderers) so a reviewed segment is judged
// and written exactly as a translated one.
// TODO(issue 11): switch to the pipeline's recheckArticle / publishArticle once they land on main.

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

/**
 * Write the store, then its pages, each atomically and fsynced, then flush
 * the folder so the renames are durable too. Returns the store file.
 */
export async function publishReviewed(article: Article, outDir: string, uiLang: 'en' | 'fr' = 'en'): Promise<string> {
  const json = await saveArticle(outDir, article);
  const base = path.join(outDir, article.slug);
  await writeAtomic(`${base}.md`, renderBilingualMarkdown(article, { uiLang }));
  await writeAtomic(`${base}.html`, renderBilingualHtml(article, { uiLang }));
  await syncDirectory(outDir);
  return json;
}
