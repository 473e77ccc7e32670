// `diptych stats`: review progress and post-editing effort of every article store in a folder.
import { loadArticle, storeFile } from '../store/index.js';
import { effortOf, type Effort } from './effort.js';
import { listing, segmentsOf, STATES, type ArticleListing } from './review-store.js';
import { readdir } from 'node:fs/promises';
import { isSafeSlug } from './review-store.js';
import type { Segment, SegmentState } from '../core/types.js';

export interface OutputStats {
  articles: ArticleListing[];
  total: Omit<ArticleListing, 'slug' | 'title' | 'targetTitle'>;
}

export async function listOutput(outDir: string): Promise<OutputStats> {
  const names = (await readdir(outDir)).filter((name) => name.endsWith('.json') && isSafeSlug(name.slice(0, -5))).sort();
  const articles: ArticleListing[] = [];
  const all: Segment[] = [];
  for (const name of names) {
    // Other JSON files (reports) are not article stores: skipped.
    const article = await loadArticle(storeFile(outDir, name.slice(0, -5))).catch(() => undefined);
    if (!article) continue;
    articles.push(listing(article));
    all.push(...segmentsOf(article));
  }
  const states = Object.fromEntries(STATES.map((name) => [name, all.filter((segment) => segment.state === name).length])) as Record<SegmentState, number>;
  const effort: Effort = effortOf(all);
  return {
    articles,
    total: {
      segments: all.length,
      states,
      findings: all.reduce((sum, segment) => sum + segment.findings.length, 0),
      progress: all.length === 0 ? 100 : Math.round((100 * (states.reviewed + states.final)) / all.length),
      effort,
    },
  };
}
