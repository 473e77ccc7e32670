// `diptych stats`: review progress and post-editing effort of every article in a store.
import { describeError } from '../core/errors.js';
import type { ArticleStore } from '../store/index.js';
import { effortOf, type Effort } from './effort.js';
import { statsByPerson, type PersonStats } from './people.js';
import { listing, STATES, type ArticleListing } from './review-store.js';
import type { Segment, SegmentState } from '../core/types.js';
import { allSegments } from '../core/segments.js';

export interface OutputStats {
  articles: ArticleListing[];
  total: Omit<ArticleListing, 'slug' | 'title' | 'targetTitle'>;
  /** Per person: segments edited, reviewed, approved, comments, and the effort of their texts. */
  people: PersonStats[];
  /** Store files that cannot be used, and why: the others are still counted. */
  broken: Array<{ file: string; message: string }>;
}

export async function listOutput(store: ArticleStore): Promise<OutputStats> {
  // Other JSON files (reports) are not article stores: left aside; damaged stores are named.
  const { articles: stores, broken } = await store.loadAll();
  const articles: ArticleListing[] = [];
  const all: Segment[] = [];
  for (const { article } of stores) {
    articles.push(listing(article));
    all.push(...allSegments(article));
  }
  const states = Object.fromEntries(STATES.map((name) => [name, all.filter((segment) => segment.state === name).length])) as Record<SegmentState, number>;
  const effort: Effort = effortOf(all);
  return {
    articles,
    people: statsByPerson(stores.map(({ article }) => article)),
    broken: broken.map(({ place, error }) => ({ file: place, message: describeError(error) })),
    total: {
      segments: all.length,
      states,
      findings: all.reduce((sum, segment) => sum + segment.findings.length, 0),
      progress: all.length === 0 ? 100 : Math.round((100 * (states.reviewed + states.final)) / all.length),
      effort,
    },
  };
}
