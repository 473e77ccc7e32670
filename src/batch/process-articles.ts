// The work of a run on the articles that need it, on top of the per-article
// path: gather approvals into the translation memory (harvestApprovals), then
// stream each article through the pipeline's runArticle with bounded memory
// (streamArticles). Articles are read ahead and prepared in order; the segments no earlier work covers go to one queue shared by all
// articles and are sent in large calls; an article is written as soon as its
// last segment is back, and then forgotten.
// Loaded by run.ts only when some article needs work.

import path from 'node:path';
import pLimit from 'p-limit';
import { listingOf } from '../core/article-summary.js';
import { writeAtomic } from '../core/files.js';
import type { UiLang } from '../core/i18n.js';
import type { Article } from '../core/types.js';
import { allSegments } from '../core/segments.js';
import type { Glossary } from '../glossary/index.js';
import {
  approvalsOf,
  prepareArticle,
  runArticle,
  translateOptionsOf,
  TranslationQueue,
  type ApprovedMemory,
  type ArticleContext,
  type ArticleRunResult,
  type PreparedArticle,
  type PublishedFiles,
} from '../pipeline/index.js';
import { renderCorpusIndex } from '../render/index.js';
import { FolderStore, normaliseSource, openStoreOfRecord, saveManifest, stampOf, storeFile, TranslationCache, TranslationMemory, type ArticleStore, type RunManifest } from '../store/index.js';
import { billableCharacters, Budget, type Translator } from '../translate/index.js';
import { digest } from './fingerprints.js';
import type { ProgressCounters } from './progress.js';
import type { RunOptions } from './run-options.js';
import type { ArticleOutcome, DryRunArticle, PlannedArticle } from './types.js';

/** One run over many articles: what its parts share. Built once by runTranslation. */
export interface BatchRun {
  /** The options as the caller gave them. */
  options: RunOptions;
  dryRun: boolean;
  concurrency: number;
  cacheDir: string;
  sourceLang: string;
  targetLang: string;
  manifest: RunManifest;
  runKey: string;
  glossary: Glossary;
  translator: Translator;
  progress: ProgressCounters;
  /** Articles that need work, and those up to date (a memory change may add some of them to the work). */
  dirty: PlannedArticle[];
  fresh: PlannedArticle[];
}

export interface ProcessResult {
  outcomes: ArticleOutcome[];
  /** The error that stopped translation (quota, budget, refused key, engine down), if any. */
  stopped?: unknown;
  dryRun?: DryRunArticle[];
  /** Articles that left the up-to-date list because a memory entry they hold changed. */
  refreshed: number;
}

/** Articles rendered and written at once. */
const WRITES_AT_ONCE = 4;

/** Articles held in memory while their segments are being translated, at most. */
const MAX_HELD_ARTICLES = 200;

/** Characters per translator call unless the run says otherwise. */
const DEFAULT_CHUNK = 96_000;

export async function processArticles(run: BatchRun): Promise<ProcessResult> {
  // The store first: one that cannot be opened (a wrong --db) stops the run before any journal is opened.
  // A dry run writes nothing, not even a new database: it reads the published stores.
  const opened = run.dryRun || run.options.openStore ? undefined : await openStoreOfRecord({ outDir: run.options.outDir });
  const store: ArticleStore = run.dryRun ? new FolderStore(run.options.outDir) : (opened ?? (await run.options.openStore!()));
  // Queue workers bring the database's cache and memory; otherwise the files in the cache folder.
  const shared = run.options.shared?.stores;
  let fileCache: TranslationCache | undefined;
  let fileMemory: TranslationMemory | undefined;
  try {
    if (!shared) {
      fileCache = await TranslationCache.open(run.cacheDir, { readOnly: run.dryRun });
      fileMemory = await TranslationMemory.open(run.cacheDir, { readOnly: run.dryRun });
    }
    const { cache, memory } = shared ?? { cache: fileCache!, memory: fileMemory! };
    // Approvals first, from the stores about to be replaced, so an approved
    // sentence is reused by every article of this run, whatever the order.
    const harvest = await harvestApprovals(run, store, memory);
    const context: ArticleContext = {
      glossary: run.glossary,
      translator: run.translator,
      sourceLang: run.sourceLang,
      targetLang: run.targetLang,
      engineOptions: run.options.engineOptions ?? {},
      cache,
      memory,
      outDir: run.options.outDir,
      ...(run.options.budget !== undefined ? { budget: new Budget(run.options.budget) } : {}),
      ...(run.options.fix !== undefined ? { fix: run.options.fix } : {}),
      onTranslated: (units, characters, billed) => run.progress.add({ sent: units, characters, billed }),
    };
    const streamed = await streamArticles(run, store, harvest, context);
    return { ...streamed, outcomes: [...harvest.outcomes, ...streamed.outcomes], refreshed: harvest.refreshed };
  } finally {
    await fileCache?.close();
    await fileMemory?.close();
    await opened?.close();
  }
}

/** Save the manifest: whole, or, for a queue worker, only this run's entries merged into the shared one. */
export function persistManifest(run: Pick<BatchRun, 'options' | 'manifest' | 'dirty'>): Promise<void> {
  const shared = run.options.shared;
  return shared ? shared.saveManifest(run.manifest, run.dirty.map((item) => item.slug)) : saveManifest(run.options.outDir, run.manifest);
}

interface Harvest {
  /** Articles to work on, in the jobs' order. */
  work: PlannedArticle[];
  /** Each article's earlier store: its approved segments are kept, review's notes carried. */
  previous: Map<string, Article>;
  /** Articles whose earlier store cannot be read (it may hold a person's work: never overwritten). */
  outcomes: ArticleOutcome[];
  refreshed: number;
}

/**
 * Bring the memory up to date with the approved segments of every store about
 * to be replaced; an up-to-date article holding a sentence whose approval
 * changed joins the work.
 */
async function harvestApprovals(run: BatchRun, store: ArticleStore, memory: ApprovedMemory): Promise<Harvest> {
  const limit = pLimit(run.concurrency);
  const harvest: Harvest = { work: [], previous: new Map(), outcomes: [], refreshed: 0 };
  const failed = new Set<string>();
  const changedSources = new Set<string>();
  // The stored articles' slugs in one read: an article new to the store is not looked up on its own
  // (a cold batch of a hundred articles ran a hundred read transactions of five queries each, for nothing).
  // Should the list fail, every article is looked up, and a real problem is reported by its load.
  const stored =
    run.dirty.length === 0
      ? undefined
      : await store.list().then(
          (slugs) => new Set(slugs),
          () => undefined,
        );
  const gather = async (item: PlannedArticle): Promise<void> => {
    if (stored && !stored.has(item.slug)) return;
    let previous: Article | undefined;
    try {
      previous = await store.load(item.slug);
    } catch (error) {
      failed.add(item.slug);
      harvest.outcomes.push({ kind: 'failed', file: item.file, slug: item.slug, error });
      run.progress.add({ failed: 1 });
      return;
    }
    if (!previous) return;
    harvest.previous.set(item.slug, previous);
    const segments = allSegments(previous);
    // Approvals are known by their published store file, whichever store keeps the record.
    const origin = path.resolve(storeFile(run.options.outDir, item.slug));
    for (const source of await memory.syncArticle(origin, approvalsOf(segments, origin), new Set(segments.map((segment) => segment.id)))) changedSources.add(sourceHash(source));
  };
  await Promise.all(run.dirty.map((item) => limit(() => gather(item))));
  harvest.work = run.dirty.filter((item) => !failed.has(item.slug));
  if (changedSources.size === 0) return harvest;
  for (const item of run.fresh) {
    if (run.manifest.articles.get(item.slug)?.sources.some((hash) => changedSources.has(hash))) {
      await gather(item);
      if (!failed.has(item.slug)) harvest.work.push(item);
      harvest.refreshed++;
    }
  }
  harvest.work.sort((a, b) => a.order - b.order);
  if (harvest.refreshed > 0) run.progress.add({ skipped: -harvest.refreshed });
  return harvest;
}

/**
 * Read a few articles ahead, prepare them in order (so identical segments are
 * attributed to the first article that has them), send what is left through
 * one shared queue, and write each article once its segments are back.
 */
async function streamArticles(run: BatchRun, store: ArticleStore, harvest: Harvest, context: ArticleContext): Promise<Omit<ProcessResult, 'refreshed'>> {
  const { work } = harvest;
  const queue = run.dryRun ? undefined : sharedQueue(run, context);
  const queued: ArticleContext = queue ? { ...context, queue } : context;
  const outcomes: ArticleOutcome[] = [];
  const dryRun = run.dryRun ? new DryRunTally() : undefined;
  const writer = new ArticleWriter(run, store);
  const limit = pLimit(run.concurrency);
  const reads = new Map<number, Promise<Article>>();
  const startRead = (index: number): void => {
    const item = work[index];
    if (!item || reads.has(index)) return;
    const read = limit(() => prepareArticle(item.file, { slug: item.slug, sourceLang: run.sourceLang, targetLang: run.targetLang, ...(item.url ? { url: item.url } : {}) }));
    read.catch(() => undefined);
    reads.set(index, read);
  };
  const held = new Set<Promise<void>>();
  for (let index = 0; index < work.length; index++) {
    const item = work[index]!;
    while (held.size >= MAX_HELD_ARTICLES) {
      // Articles wait for calls in flight, which free a chunk's worth at once; a
      // partial chunk is sent only when nothing is in flight (else nothing would move).
      if (!queue?.busy) queue?.flush();
      await Promise.race(held);
    }
    for (let ahead = index; ahead < index + run.concurrency; ahead++) startRead(ahead);
    let article: Article;
    try {
      article = await reads.get(index)!;
    } catch (error) {
      outcomes.push({ kind: 'failed', file: item.file, slug: item.slug, error });
      run.progress.add({ failed: 1 });
      continue;
    } finally {
      reads.delete(index);
    }
    const previous = harvest.previous.get(item.slug);
    // The article runs on through the pipeline; the loop moves on once it is prepared.
    let publishFailed = false;
    let prepared!: (value: PreparedArticle) => void;
    const preparation = new Promise<PreparedArticle>((resolve) => (prepared = resolve));
    const task = runArticle({ article, ...(previous ? { previous } : {}) }, queued, {
      store: writer.store,
      dryRun: run.dryRun,
      onPrepared: prepared,
      publishing: (write) =>
        writer.slot(write).catch((error: unknown) => {
          publishFailed = true;
          throw error;
        }),
      ...(run.options.uiLang ? { uiLang: run.options.uiLang } : {}),
    });
    const ready = await Promise.race([preparation, task.then(() => preparation)]);
    const { segments, cached, memory, kept } = ready.counts;
    run.progress.add({ segments, cached, memory, kept });
    if (dryRun) {
      dryRun.add(item, ready);
      continue;
    }
    // A store that cannot be written fails the article; any other error stops the run, as it always has.
    const finished = task.then(
      (result) => writer.outcome(result, item),
      (error: unknown) => (publishFailed ? writer.failed(item, error) : Promise.reject(error)),
    );
    const holding = finished.then((outcome) => void outcomes.push(outcome));
    held.add(holding);
    void holding.finally(() => held.delete(holding));
  }
  await queue?.drain();
  await Promise.all(held);
  await writer.saved();
  return { outcomes, ...(queue?.stopped !== undefined ? { stopped: queue.stopped } : {}), ...(dryRun ? { dryRun: dryRun.rows } : {}) };
}

/** The one queue all articles of the run send through: identical sentences once, large calls. */
function sharedQueue(run: BatchRun, context: ArticleContext): TranslationQueue {
  return new TranslationQueue({
    translator: run.translator,
    translateOptions: translateOptionsOf(context),
    ...(context.cache ? { cache: context.cache } : {}),
    chunkCharacters: run.options.chunkCharacters ?? DEFAULT_CHUNK,
    inFlight: 2,
    countCharacters: billableCharacters,
    ...(context.onTranslated ? { onTranslated: context.onTranslated } : {}),
  });
}

/** Writes finished articles a few at a time, records them in the manifest, and saves it now and then. */
class ArticleWriter {
  private readonly limit = pLimit(WRITES_AT_ONCE);
  private manifestSaved = Promise.resolve();
  private lastSave = performance.now();
  constructor(
    private readonly run: BatchRun,
    readonly store: ArticleStore,
  ) {}

  /** A few at a time: a finished chunk releases dozens of articles at once, and rendering them all together would hold every page in memory. */
  slot<T>(write: () => Promise<T>): Promise<T> {
    return this.limit(write);
  }

  /** The article's outcome; a published article is recorded in the manifest. */
  outcome(result: ArticleRunResult, item: PlannedArticle): Promise<ArticleOutcome> {
    if (result.kind === 'incomplete') {
      // Not written: the earlier outputs stay whole, and what was translated is in the cache.
      this.run.progress.add({ incomplete: 1 });
      return Promise.resolve({ kind: 'incomplete', file: item.file, slug: item.slug, untranslated: result.untranslated, error: result.error });
    }
    if (result.kind !== 'published') throw new Error(`article ${item.slug} was only prepared`);
    return this.settled(this.record(result.article, result.outputs, item), item);
  }

  failed(item: PlannedArticle, error: unknown): Promise<ArticleOutcome> {
    return this.settled(Promise.reject(error), item);
  }

  saved(): Promise<void> {
    return this.manifestSaved;
  }

  private async settled(recorded: Promise<ArticleOutcome>, item?: PlannedArticle): Promise<ArticleOutcome> {
    let outcome: ArticleOutcome;
    try {
      outcome = await recorded;
      this.run.progress.add({ written: 1 });
    } catch (error) {
      outcome = { kind: 'failed', file: item?.file ?? '', slug: item?.slug ?? '', error };
      this.run.progress.add({ failed: 1 });
    }
    // Now and then, so that a killed run's finished articles are skipped next time.
    if (performance.now() - this.lastSave > 2000) {
      this.lastSave = performance.now();
      this.manifestSaved = this.manifestSaved.then(() => persistManifest(this.run)).catch(() => undefined);
    }
    return outcome;
  }

  private async record(article: Article, outputs: PublishedFiles, item: PlannedArticle): Promise<ArticleOutcome> {
    const segments = allSegments(article);
    const stamp = await stampOf(outputs.json);
    if (stamp) {
      this.run.manifest.articles.set(article.slug, {
        file: item.file,
        sourceHash: item.sourceHash ?? '',
        runKey: this.run.runKey,
        store: stamp,
        sources: [...new Set(segments.map((segment) => sourceHash(segment.source)))],
        listing: listingOf(article),
      });
    }
    const terms = segments.flatMap((segment) => segment.terms);
    return {
      kind: 'written',
      file: item.file,
      slug: article.slug,
      outputs,
      segments: segments.length,
      terms: { found: terms.length, satisfied: terms.filter((term) => term.satisfied).length },
      findings: segments.flatMap((segment) => segment.findings),
      skipped: article.skipped ?? [],
    };
  }
}

/** What a dry run would send: each identical unit counted once, for the first article that needs it. */
class DryRunTally {
  readonly rows: DryRunArticle[] = [];
  private readonly planned = new Set<string>();

  add(item: PlannedArticle, prepared: PreparedArticle): void {
    const fresh = new Map(prepared.units.filter((unit) => !this.planned.has(unit.id)).map((unit) => [unit.id, unit]));
    for (const id of fresh.keys()) this.planned.add(id);
    const units = [...fresh.values()];
    this.rows.push({
      file: item.file,
      slug: item.slug,
      segments: prepared.counts.segments,
      toSend: units.length,
      characters: units.reduce((sum, unit) => sum + billableCharacters(unit.text), 0),
    });
  }
}

/** Write `<out>/index.html` from the manifest's listings: every listed article, in the given order. */
export async function writeCorpusIndex(outDir: string, manifest: RunManifest, slugs: string[], uiLang?: UiLang): Promise<string> {
  const entries = slugs.flatMap((slug) => {
    const entry = manifest.articles.get(slug);
    return entry ? [{ article: entry.listing, files: { html: `${slug}.html`, md: `${slug}.md`, json: `${slug}.json` } }] : [];
  });
  const file = path.join(outDir, 'index.html');
  await writeAtomic(file, renderCorpusIndex(entries, uiLang ? { uiLang } : {}));
  return file;
}

export function sourceHash(source: string): string {
  return digest(normaliseSource(source)).slice(0, 16);
}
