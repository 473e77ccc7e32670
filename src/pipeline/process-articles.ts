// The work of a run on the articles that need it: gather approvals into the
// translation memory, then stream the articles through read → segment →
// glossary → translate → store → render with bounded memory. Articles are
// prepared in order; the segments no earlier work covers are queued and sent
// in chunks across articles (Apertium pays its start-up per call); an article
// is written as soon as its last segment is back, and then forgotten.
// Loaded by run.ts only when some article needs work.

import path from 'node:path';
import pLimit from 'p-limit';
import { writeAtomic } from '../core/files.js';
import type { UiLang } from '../core/i18n.js';
import type { Article } from '../core/types.js';
import type { Glossary } from '../glossary/index.js';
import { renderCorpusIndex } from '../render/index.js';
import { loadArticle, normaliseSource, saveManifest, stampOf, storeFile, TranslationCache, TranslationMemory, type RunManifest } from '../store/index.js';
import { billableCharacters, Budget, type Translator } from '../translate/index.js';
import type { ApprovedMemory, ArticleContext, TranslationCacheStore } from './context.js';
import { digest } from './fingerprints.js';
import { prepareArticle } from './prepare-article.js';
import type { ProgressCounters } from './progress.js';
import { publishArticle } from './publish-article.js';
import { approvalsOf } from './resolve-segment.js';
import { completeTranslation, prepareTranslation, translateOptionsOf, type PreparedArticle } from './translate-article.js';
import { TranslationQueue } from './translation-queue.js';
import type { ArticleOutcome, DryRunArticle, PlannedArticle } from './types.js';

export interface ProcessInput {
  outDir: string;
  cacheDir: string;
  dryRun: boolean;
  /** Articles that need work, and those up to date (a memory change may add some of them to the work). */
  dirty: PlannedArticle[];
  fresh: PlannedArticle[];
  manifest: RunManifest;
  runKey: string;
  glossary: Glossary;
  translator: Translator;
  engineOptions: Record<string, string>;
  sourceLang: string;
  targetLang: string;
  uiLang?: UiLang;
  concurrency: number;
  budget?: number;
  chunkCharacters: number;
  progress: ProgressCounters;
  /** Cache and memory opened by the caller (shared by several processes), used instead of the files in cacheDir and left open. */
  stores?: SharedStores;
  /** How the manifest is saved; default: written whole into outDir. */
  saveManifest?: (manifest: RunManifest) => Promise<void>;
}

export interface SharedStores {
  cache: TranslationCacheStore;
  memory: ApprovedMemory;
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

export async function processArticles(input: ProcessInput): Promise<ProcessResult> {
  const { outDir, cacheDir, dryRun, glossary, translator, progress } = input;
  const files = input.stores ? undefined : { cache: await TranslationCache.open(cacheDir, { readOnly: dryRun }), memory: await TranslationMemory.open(cacheDir, { readOnly: dryRun }) };
  const { cache, memory } = input.stores ?? files!;
  const persistManifest = input.saveManifest ?? ((manifest: RunManifest) => saveManifest(outDir, manifest));
  const outcomes: ArticleOutcome[] = [];
  /** Each article's earlier store: its approved segments are kept, review's notes carried. */
  const previousBySlug = new Map<string, Article>();
  const failedSlugs = new Set<string>();
  const limit = pLimit(input.concurrency);
  const writeLimit = pLimit(WRITES_AT_ONCE);

  try {
    // 1. Approvals first, from the stores about to be replaced, so an approved
    //    sentence is reused by every article of this run, whatever the order.
    const changedSources = new Set<string>();
    const harvest = async (item: PlannedArticle): Promise<void> => {
      const file = storeFile(outDir, item.slug);
      let previous: Article | undefined;
      try {
        previous = await loadArticle(file);
      } catch (error) {
        // A store that cannot be read may hold a person's work: report it, never overwrite it.
        failedSlugs.add(item.slug);
        outcomes.push({ kind: 'failed', file: item.file, slug: item.slug, error });
        progress.add({ failed: 1 });
        return;
      }
      if (!previous) return;
      const segments = previous.blocks.flatMap((block) => block.segments);
      // Kept for its approved segments and for review's notes on the others.
      previousBySlug.set(item.slug, previous);
      const origin = path.resolve(file);
      const entries = approvalsOf(segments, origin);
      for (const source of await memory.add(origin, entries, new Set(segments.map((segment) => segment.id)))) changedSources.add(sourceHash(source));
    };
    await Promise.all(input.dirty.map((item) => limit(() => harvest(item))));
    const dirty = input.dirty.filter((item) => !failedSlugs.has(item.slug));
    let refreshed = 0;
    if (changedSources.size > 0) {
      for (const item of input.fresh) {
        if (input.manifest.articles.get(item.slug)?.sources.some((hash) => changedSources.has(hash))) {
          await harvest(item);
          if (!failedSlugs.has(item.slug)) dirty.push(item);
          refreshed++;
        }
      }
      dirty.sort((a, b) => a.order - b.order);
    }
    if (refreshed > 0) progress.add({ skipped: -refreshed });

    // 2. Translate, streaming.
    const context: ArticleContext = {
      glossary,
      translator,
      sourceLang: input.sourceLang,
      targetLang: input.targetLang,
      engineOptions: input.engineOptions,
      cache,
      memory,
      outDir,
      ...(input.budget !== undefined ? { budget: new Budget(input.budget) } : {}),
      onTranslated: (units, characters, billed) => progress.add({ sent: units, characters, billed }),
    };
    const queue = dryRun
      ? undefined
      : new TranslationQueue({
          translator,
          translateOptions: translateOptionsOf(context),
          cache,
          chunkCharacters: input.chunkCharacters,
          inFlight: 2,
          countCharacters: billableCharacters,
          onTranslated: context.onTranslated!,
        });
    const dryRows: DryRunArticle[] = [];
    const planned = new Set<string>();
    let manifestSaved = Promise.resolve();
    let lastSave = performance.now();

    const prepare = async (article: Article, item: PlannedArticle): Promise<PreparedArticle> => {
      const previous = previousBySlug.get(item.slug);
      const prepared = await prepareTranslation(article, context, previous ? { previous } : {});
      const { segments, cached, memory: fromMemory, kept } = prepared.counts;
      progress.add({ segments, cached, memory: fromMemory, kept });
      return prepared;
    };

    const finish = async (prepared: PreparedArticle, item: PlannedArticle): Promise<void> => {
      const done = await completeTranslation(prepared, context, queue!);
      if (done.untranslated > 0) {
        // Not written: the earlier outputs stay whole, and what was translated is in the cache.
        outcomes.push({ kind: 'incomplete', file: item.file, slug: item.slug, untranslated: done.untranslated, error: done.error });
        progress.add({ incomplete: 1 });
        return;
      }
      try {
        // A few at a time: a finished chunk releases dozens of articles at once, and
        // rendering them all together would hold every page in memory.
        outcomes.push(await writeLimit(() => writeArticle(done.article, item)));
        progress.add({ written: 1 });
      } catch (writeError) {
        outcomes.push({ kind: 'failed', file: item.file, slug: item.slug, error: writeError });
        progress.add({ failed: 1 });
      }
      // Now and then, so that a killed run's finished articles are skipped next time.
      if (performance.now() - lastSave > 2000) {
        lastSave = performance.now();
        manifestSaved = manifestSaved.then(() => persistManifest(input.manifest)).catch(() => undefined);
      }
    };

    const writeArticle = async (article: Article, item: PlannedArticle): Promise<ArticleOutcome> => {
      const outputs = await publishArticle(article, outDir, input.uiLang ? { uiLang: input.uiLang } : {});
      const segments = article.blocks.flatMap((block) => block.segments);
      const stamp = await stampOf(outputs.json);
      if (stamp) {
        input.manifest.articles.set(article.slug, {
          file: item.file,
          sourceHash: item.sourceHash ?? '',
          runKey: input.runKey,
          store: stamp,
          sources: [...new Set(segments.map((segment) => sourceHash(segment.source)))],
          index: indexCopy(article),
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
    };

    // Reading runs a few articles ahead; segmenting and preparing go in order,
    // so identical segments are attributed to the first article that has them.
    const reads = new Map<number, Promise<Article>>();
    const startRead = (index: number): void => {
      const item = dirty[index];
      if (!item || reads.has(index)) return;
      const read = limit(() => prepareArticle(item.file, { slug: item.slug, sourceLang: input.sourceLang, targetLang: input.targetLang }));
      read.catch(() => undefined);
      reads.set(index, read);
    };
    const held = new Set<Promise<void>>();
    for (let index = 0; index < dirty.length; index++) {
      const item = dirty[index]!;
      while (held.size >= MAX_HELD_ARTICLES) {
        // Articles wait for calls in flight, which free a chunk's worth at once; a
        // partial chunk is sent only when nothing is in flight (else nothing would move).
        if (!queue?.busy) queue?.flush();
        await Promise.race(held);
      }
      for (let ahead = index; ahead < index + input.concurrency; ahead++) startRead(ahead);
      let article: Article;
      try {
        article = await reads.get(index)!;
      } catch (error) {
        outcomes.push({ kind: 'failed', file: item.file, slug: item.slug, error });
        progress.add({ failed: 1 });
        continue;
      } finally {
        reads.delete(index);
      }
      const prepared = await prepare(article, item);
      if (dryRun) {
        const fresh = prepared.units.filter((unit) => !planned.has(unit.id));
        for (const unit of fresh) planned.add(unit.id);
        const uniqueUnits = [...new Map(fresh.map((unit) => [unit.id, unit])).values()];
        dryRows.push({
          file: item.file,
          slug: item.slug,
          segments: article.blocks.reduce((sum, block) => sum + block.segments.length, 0),
          toSend: uniqueUnits.length,
          characters: uniqueUnits.reduce((sum, unit) => sum + billableCharacters(unit.text), 0),
        });
        continue;
      }
      const task = finish(prepared, item);
      held.add(task);
      void task.finally(() => held.delete(task));
    }
    await queue?.drain();
    await Promise.all(held);
    await manifestSaved;
    return { outcomes, ...(queue?.stopped !== undefined ? { stopped: queue.stopped } : {}), ...(dryRun ? { dryRun: dryRows } : {}), refreshed };
  } finally {
    await files?.cache.close();
    await files?.memory.close();
  }
}

/** Write `<out>/index.html` from the manifest's copies: every listed article, in the given order. */
export async function writeCorpusIndex(outDir: string, manifest: RunManifest, slugs: string[], uiLang?: UiLang): Promise<string> {
  const entries = slugs.flatMap((slug) => {
    const entry = manifest.articles.get(slug);
    return entry ? [{ article: entry.index, files: { html: `${slug}.html`, md: `${slug}.md`, json: `${slug}.json` } }] : [];
  });
  const file = path.join(outDir, 'index.html');
  await writeAtomic(file, renderCorpusIndex(entries, uiLang ? { uiLang } : {}));
  return file;
}

export function sourceHash(source: string): string {
  return digest(normaliseSource(source)).slice(0, 16);
}

/** The article reduced to what the corpus index shows (titles, counts, findings), to keep in the manifest. */
function indexCopy(article: Article): Article {
  return {
    ...article,
    blocks: article.blocks.map((block) =>
      block.kind === 'title'
        ? block
        : {
            kind: block.kind,
            text: '',
            marks: [],
            segments: block.segments.map((segment) => ({
              id: segment.id,
              source: '',
              sourceMarks: [],
              ...(segment.target ? { target: '…' } : {}),
              state: segment.state,
              terms: [],
              unknownWords: [],
              findings: segment.findings,
            })),
          },
    ),
  };
}

