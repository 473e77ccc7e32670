// What the per-article path needs besides the article: the glossary, the
// translator, and where earlier work is kept. The cache and the memory are
// small interfaces, so another store (a database shared by workers) can stand
// in for the files of src/store; both may answer synchronously or not.

import type { MorphologicalAnalyser } from '../core/morphology.js';
import type { Glossary } from '../glossary/index.js';
import type { ApprovedSegment } from '../store/index.js';
import type { TranslationCacheStore } from './cache-store.js';
import type { CharacterBudget, Translator } from '../translate/index.js';
import type { FixPolicy } from './resolve-segment.js';

export type { CacheClaims, TranslationCacheStore } from './cache-store.js';
import type { TranslationQueue } from './translation-queue.js';

/** Approved (edited, reviewed, final) segments, shared across articles. */
export interface ApprovedMemory {
  /** The newest approved segment with the same normalised French. */
  exact(source: string): ApprovedSegment | undefined | Promise<ApprovedSegment | undefined>;
  /** The most similar approved segment above the fuzzy threshold. */
  closest(source: string): MemoryMatch | undefined | Promise<MemoryMatch | undefined>;
  /**
   * Replace what the memory holds from one article (its store file) by its
   * approved segments now; `present` are the segment ids the article still
   * has. Returns the normalised French of the entries that changed.
   */
  syncArticle(article: string, approved: readonly ApprovedSegment[], present: ReadonlySet<string>): Promise<string[]>;
}

export interface MemoryMatch {
  entry: ApprovedSegment;
  similarity: number;
}

export interface ArticleContext {
  glossary: Glossary;
  translator: Translator;
  /** French lemmas for the glossary's matching (default: Apertium's analyser, when installed); null for listed forms only. */
  analyser?: MorphologicalAnalyser | null;
  /** Default fr → en. */
  sourceLang?: string;
  targetLang?: string;
  /** Engine settings that shape the output (part of the cache key), e.g. { formality: "less" }. */
  engineOptions?: Record<string, string>;
  /** Default: nothing cached, nothing recorded. */
  cache?: TranslationCacheStore;
  memory?: ApprovedMemory;
  /** Characters the translator may still be sent (`--budget`). */
  budget?: CharacterBudget;
  /**
   * Where the units go. A batch shares one queue across articles (identical
   * sentences sent once, large calls); by default each translateArticle call
   * sends its own units.
   */
  queue?: TranslationQueue;
  /** Memory origins inside this folder are shown relative to it. */
  outDir?: string;
  /** Safe fixes of machine output (default: Apertium's output, every fixable rule); false for none. */
  fix?: FixPolicy | false;
  /** Told about every unit the translator sent back. */
  onTranslated?: (units: number, characters: number, billed: number) => void;
}
