// What a run is given: the options of runTranslation and the sources it
// opens lazily. Apart from run.ts so that the parts of a run (process-articles.ts)
// can name them without importing the module that loads them.

import type { UiLang } from '../core/i18n.js';
import type { Glossary } from '../glossary/index.js';
import type { ApprovedMemory, FixPolicy, TranslationCacheStore } from '../pipeline/index.js';
import type { ArticleStore, RunManifest } from '../store/index.js';
import type { Translator, TranslatorIdentity } from '../translate/index.js';
import type { RunProgress } from './progress.js';

/**
 * A translator made only when something must be translated (engines load
 * heavy clients). `identity` is what `create()` will return as its identity,
 * resolved without constructing it (`identityOf` in the translate stage): a
 * change of engine, model or output-shaping setting redoes every article.
 */
export interface TranslatorSource {
  identity: TranslatorIdentity;
  create(): Translator | Promise<Translator>;
}

/** A glossary loaded only when it changed since the last run or some article needs work. */
export interface GlossarySource {
  /** File or folder; its bytes are hashed to notice changes. */
  location: string;
  load(): Promise<Glossary>;
}

export interface RunOptions {
  outDir: string;
  translator: Translator | TranslatorSource;
  glossary: Glossary | GlossarySource;
  /** Translation cache and memory folder; default `<outDir>/.diptych`, so each output folder carries its own. */
  cacheDir?: string;
  /** Engine settings that shape the output (part of the cache key), e.g. { formality: "less" }. */
  engineOptions?: Record<string, string>;
  uiLang?: UiLang;
  /** Articles read at once. */
  concurrency?: number;
  /** Characters the run may send to engines that bill; the run stops cleanly when the next segment does not fit. */
  budget?: number;
  /** Count what would be sent, write nothing. */
  dryRun?: boolean;
  /** Redo every article, even those up to date (the cache still spares the translator). */
  force?: boolean;
  /** Write `<outDir>/index.html` listing the run's articles. */
  corpusIndex?: boolean;
  /** Price per million characters, for the dry run's cost. */
  pricePerMillionCharacters?: number;
  onProgress?: (progress: RunProgress) => void;
  /** Characters per translator call (default 96 000): the most a kill loses with engines that report only whole calls. */
  chunkCharacters?: number;
  /** Safe fixes of machine output (default: Apertium's output, every fixable rule); false for none. */
  fix?: FixPolicy | false;
  /** Several processes (queue workers) writing one output folder, with one cache and memory between them. */
  shared?: SharedRun;
  /**
   * Opens the store of record the articles are committed to, when the run
   * writes one (the caller closes it). Default: the output folder's own,
   * embedded, opened and closed by the run.
   */
  openStore?: () => Promise<ArticleStore>;
}

/** A cache and memory several processes share (the database's, for queue workers). */
export interface SharedStores {
  cache: TranslationCacheStore;
  memory: ApprovedMemory;
}

export interface SharedRun {
  stores: SharedStores;
  /** Record this run's entries (articles `slugs`) in the output folder's manifest, without losing other processes' entries. */
  saveManifest(manifest: RunManifest, slugs: string[]): Promise<void>;
}
