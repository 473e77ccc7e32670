// "Ask another engine": one segment's translation from a configured engine,
// offered beside the reviewer's text (never saved unless the reviewer uses it).
import type { Article, Segment } from '../core/types.js';

export interface Suggestion {
  target: string;
  /** Engine (and model) that produced it, for provenance once used. */
  translator: string;
  model?: string;
  /** Reused from the translation cache: nothing was sent or billed. */
  cached: boolean;
}

export interface SegmentSuggester {
  /** Engine ids offered on the page. */
  engines(): string[];
  suggest(segment: Segment, article: Article, engine?: string): Promise<Suggestion>;
  close?(): Promise<void>;
}
