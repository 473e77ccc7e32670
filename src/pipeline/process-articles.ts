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
import type { Article, Block, Segment } from '../core/types.js';
import { checkArticle } from '../check/index.js';
import { entryKey, findTerms, protectTerms, type Glossary, type TermMatch } from '../glossary/index.js';
import { readArticle } from '../read/index.js';
import { renderBilingualHtml, renderBilingualMarkdown, renderCorpusIndex } from '../render/index.js';
import { segmentArticle } from '../segment/index.js';
import {
  loadArticle,
  normaliseSource,
  saveArticle,
  saveManifest,
  stampOf,
  storeFile,
  TranslationCache,
  TranslationMemory,
  type RunManifest,
  type TranslationCacheStore,
  type TranslationMemoryStore,
} from '../store/index.js';
import { billableCharacters, Budget, type GlossaryPair, type TranslationUnit, type Translator } from '../translate/index.js';
import { digest } from './fingerprints.js';
import { toFragment } from './markup.js';
import type { ProgressCounters } from './progress.js';
import { applyMachine, applyMemory, approvalsOf, carryReview, isApproved, keepApproved, marksFit, markUntranslated, type MachineResult } from './resolve-segment.js';
import { translationKey, type EngineIdentity } from './translation-key.js';
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
  memory: TranslationMemoryStore;
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

/** A segment waiting for the translator, with the way back from protected text. */
interface Pending {
  segment: Segment;
  matches: TermMatch[];
  restore: (text: string) => string;
  unit: TranslationUnit;
  /** The earlier store's segment with this id, for review's notes. */
  previous?: Segment | undefined;
}

export async function processArticles(input: ProcessInput): Promise<ProcessResult> {
  const { outDir, cacheDir, dryRun, glossary, translator, progress } = input;
  const cache: TranslationCacheStore = input.stores?.cache ?? (await TranslationCache.open(cacheDir, { readOnly: dryRun }));
  const memory: TranslationMemoryStore = input.stores?.memory ?? (await TranslationMemory.open(cacheDir, { readOnly: dryRun }));
  const persistManifest = input.saveManifest ?? ((manifest: RunManifest) => saveManifest(outDir, manifest));
  const outcomes: ArticleOutcome[] = [];
  /** Each article's approved segments from its earlier store, by segment id and by normalised French. */
  const approvedBySlug = new Map<string, Map<string, Segment>>();
  const reviewedBySlug = new Map<string, Map<string, Segment>>();
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
      const approved = segments.filter(isApproved);
      // By id, and by French: an edit elsewhere in the paragraph changes the ids of its sentences.
      approvedBySlug.set(item.slug, new Map(approved.flatMap((segment) => [[`id:${segment.id}`, segment], [`fr:${normaliseSource(segment.source)}`, segment]])));
      // Review's notes on segments machine translation may replace, by id.
      reviewedBySlug.set(item.slug, new Map(segments.filter((segment) => !isApproved(segment)).map((segment) => [segment.id, segment])));
      const origin = path.resolve(file);
      const entries = approvalsOf(segments, origin);
      for (const source of await memory.syncArticle(origin, entries, new Set(segments.map((segment) => segment.id)))) changedSources.add(sourceHash(source));
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
    const engine = engineIdentity(translator, input.engineOptions);
    const termMode = translator.capabilities.nativeGlossary ? 'native' : 'protected';
    const label = translator.model ? `${translator.id} ${translator.model}` : translator.id;
    const queue = dryRun
      ? undefined
      : new TranslationQueue({
          translator,
          translateOptions: {
            sourceLang: input.sourceLang,
            targetLang: input.targetLang,
            glossaryVersion: glossary.version,
            ...(translator.capabilities.nativeGlossary ? { glossaryPairs: glossaryPairs(glossary) } : {}),
            ...(input.budget !== undefined ? { budget: new Budget(input.budget) } : {}),
          },
          cache,
          chunkCharacters: input.chunkCharacters,
          inFlight: 2,
          countCharacters: billableCharacters,
          onTranslated: (units, characters, billed) => progress.add({ sent: units, characters, billed }),
        });
    const dryRows: DryRunArticle[] = [];
    const planned = new Set<string>();
    let manifestSaved = Promise.resolve();
    let lastSave = performance.now();

    const prepare = (article: Article, item: PlannedArticle): Pending[] => {
      article.glossaryVersion = glossary.version;
      article.translator = label;
      const approved = approvedBySlug.get(item.slug);
      const reviewed = reviewedBySlug.get(item.slug);
      const pending: Pending[] = [];
      let cached = 0;
      let fromMemory = 0;
      let kept = 0;
      for (const block of article.blocks) {
        block.segments = block.segments.map((segment) => {
          const matches = findTerms(glossary, segment.source);
          const previous = approved?.get(`id:${segment.id}`) ?? approved?.get(`fr:${normaliseSource(segment.source)}`);
          if (previous && normaliseSource(previous.source) === normaliseSource(segment.source)) {
            kept++;
            return keepApproved(previous, segment, matches);
          }
          const exact = memory.size > 0 ? memory.exact(segment.source) : undefined;
          if (exact && marksFit(exact.sourceMarks, segment.sourceMarks)) {
            applyMemory(segment, exact, displayOrigin(exact.origin, outDir), glossary.version, matches);
            carryReview(reviewed?.get(segment.id), segment);
            fromMemory++;
            return segment;
          }
          if (memory.size > 0) offerFuzzy(segment, memory, outDir);
          const { unit, restore } = unitFor(segment, block, matches, glossary, translator, termMode, engine, input);
          const hit = cache.get(unit.id);
          if (hit) {
            applyMachine(segment, { entry: hit, fallback: false }, restore, glossary.version, matches);
            carryReview(reviewed?.get(segment.id), segment);
            cached++;
          } else {
            pending.push({ segment, matches, restore, unit, previous: reviewed?.get(segment.id) });
          }
          return segment;
        });
      }
      progress.add({ segments: cached + fromMemory + kept + pending.length, cached, memory: fromMemory, kept });
      return pending;
    };

    const finish = async (article: Article, item: PlannedArticle, pending: Pending[]): Promise<void> => {
      const results = await Promise.allSettled(pending.map(({ unit }) => queue!.request(unit)));
      let missing = 0;
      let error: unknown;
      results.forEach((result, i) => {
        const { segment, restore, matches } = pending[i]!;
        if (result.status === 'fulfilled') {
          applyMachine(segment, result.value as MachineResult, restore, glossary.version, matches);
          carryReview(pending[i]!.previous, segment);
        }
        else {
          missing++;
          error ??= result.reason;
          markUntranslated(segment, 'the translator returned no text for this segment');
        }
      });
      if (missing > 0) {
        // Not written: the earlier outputs stay whole, and what was translated is in the cache.
        outcomes.push({ kind: 'incomplete', file: item.file, slug: item.slug, untranslated: missing, error });
        progress.add({ incomplete: 1 });
        return;
      }
      checkArticle(article, { placeholder: (n) => translator.placeholder(n) });
      try {
        // A few at a time: a finished chunk releases dozens of articles at once, and
        // rendering them all together would hold every page in memory.
        outcomes.push(await writeLimit(() => writeArticle(article, item)));
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
      const base = path.join(outDir, article.slug);
      const renderOptions = input.uiLang ? { uiLang: input.uiLang } : {};
      const json = await saveArticle(outDir, article);
      await writeAtomic(`${base}.md`, renderBilingualMarkdown(article, renderOptions));
      await writeAtomic(`${base}.html`, renderBilingualHtml(article, renderOptions));
      const segments = article.blocks.flatMap((block) => block.segments);
      const stamp = await stampOf(json);
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
        outputs: { json, md: `${base}.md`, html: `${base}.html` },
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
      const read = limit(async () => segmentArticle(await readArticle(item.file, { slug: item.slug, sourceLang: input.sourceLang, targetLang: input.targetLang })));
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
      const pending = prepare(article, item);
      if (dryRun) {
        const fresh = pending.filter(({ unit }) => !planned.has(unit.id));
        for (const { unit } of fresh) planned.add(unit.id);
        const uniqueUnits = [...new Map(fresh.map(({ unit }) => [unit.id, unit])).values()];
        dryRows.push({
          file: item.file,
          slug: item.slug,
          segments: article.blocks.reduce((sum, block) => sum + block.segments.length, 0),
          toSend: uniqueUnits.length,
          characters: uniqueUnits.reduce((sum, unit) => sum + billableCharacters(unit.text), 0),
        });
        continue;
      }
      const task = finish(article, item, pending);
      held.add(task);
      void task.finally(() => held.delete(task));
    }
    await queue?.drain();
    await Promise.all(held);
    await manifestSaved;
    return { outcomes, ...(queue?.stopped !== undefined ? { stopped: queue.stopped } : {}), ...(dryRun ? { dryRun: dryRows } : {}), refreshed };
  } finally {
    if (!input.stores) {
      await cache.close();
      await memory.close();
    }
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

export function unitFor(
  segment: Segment,
  block: Block,
  matches: TermMatch[],
  glossary: Glossary,
  translator: Translator,
  termMode: 'native' | 'protected',
  engine: EngineIdentity,
  input: Pick<ProcessInput, 'sourceLang' | 'targetLang'>,
): { unit: TranslationUnit; restore: (text: string) => string } {
  const fragment = toFragment(segment.source, segment.sourceMarks);
  const id = translationKey({
    sourceLang: input.sourceLang,
    targetLang: input.targetLang,
    engine,
    termMode,
    fragment,
    entries: matches.map((match) => entryKey(match.entry)),
  });
  const unit: TranslationUnit = { id, text: fragment, context: block.text };
  let restore = (text: string): string => text;
  if (termMode === 'native') {
    unit.glossary = matches.map((match) => ({ source: match.text, target: match.entry.keep ? match.text : match.entry.target }));
  } else if (matches.length > 0) {
    // Protect inside the fragment, so restored terms land between the right elements.
    const inFragment = fragment === segment.source ? matches : findTerms(glossary, fragment);
    const protectedText = protectTerms(fragment, inFragment, (n) => translator.placeholder(n));
    unit.text = protectedText.text;
    restore = protectedText.restore;
  }
  return { unit, restore };
}

function offerFuzzy(segment: Segment, memory: TranslationMemoryStore, outDir: string): void {
  const match = memory.closest(segment.source);
  if (!match) return;
  segment.memoryMatch = {
    similarity: Math.round(match.similarity * 1000) / 1000,
    source: match.entry.source,
    target: match.entry.target,
    origin: displayOrigin(match.entry.origin, outDir),
  };
}

/** A memory entry's origin as a reader of this output folder sees it: the store file's name when it is here. */
function displayOrigin(origin: { article: string; segment: string }, outDir: string): { article: string; segment: string } {
  const relative = path.relative(path.resolve(outDir), origin.article);
  const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
  return { article: inside ? relative : origin.article, segment: origin.segment };
}

export function engineIdentity(translator: Translator, options: Record<string, string>): EngineIdentity {
  // A failover chain caches only what its first engine produced.
  const primary = (translator as Translator & { chain?: Translator[] }).chain?.[0] ?? translator;
  return { engine: primary.id, ...(primary.model ? { model: primary.model } : {}), options };
}

export function glossaryPairs(glossary: Glossary): GlossaryPair[] {
  return glossary.entries.flatMap((entry) => entry.sources.map((source) => ({ source, target: entry.keep || entry.target === '' ? source : entry.target })));
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

