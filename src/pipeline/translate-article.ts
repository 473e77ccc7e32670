// One article's English: every segment takes it from the most authoritative
// place that has it — a person's edit or approval in the article's earlier
// store, an identical approved segment of the memory, the translation cache —
// and only the rest goes to the translator. Then pinned terms are verified
// (and, on machine output, repaired) and every check rule runs.

import path from 'node:path';
import { allSegments, isPersonText } from '../core/segments.js';
import type { Article, Block, Segment } from '../core/types.js';
import { checkArticle } from '../check/index.js';
import { entryKey, findTerms, pinnedForm, protectTerms, type Glossary, type TermLemmas, type TermMatch } from '../glossary/index.js';
import { normaliseSource } from '../store/index.js';
import { billableCharacters, membersOf, type GlossaryPair, type TranslationUnit, type Translator } from '../translate/index.js';
import type { ArticleContext, MemoryMatch } from './context.js';
import { toFragment } from './markup.js';
import { articleLemmas } from './recheck-article.js';
import { applyMachine, applyMemory, carryReview, keepApproved, marksFit, markUntranslated, type MachineResult } from './resolve-segment.js';
import { translationKey, type EngineIdentity } from './translation-key.js';
import { TranslationQueue } from './translation-queue.js';

/** Where an article's segments got their English from. */
export interface SegmentCounts {
  segments: number;
  cached: number;
  memory: number;
  kept: number;
  /** Units for the translator (identical units within the article counted once each time they occur). */
  pending: number;
}

/** A segment waiting for the translator, with the way back from protected text. */
interface Pending {
  segment: Segment;
  matches: TermMatch[];
  restore: (text: string) => string;
  unit: TranslationUnit;
  /** The earlier store's segment with this id, for review's notes. */
  previous?: Segment | undefined;
}

/** An article whose segments are filled from earlier work, with the units still to translate. */
export interface PreparedArticle {
  article: Article;
  counts: SegmentCounts;
  /** What the translator must still be sent, in the article's order. */
  units: TranslationUnit[];
  pending: Pending[];
}

export interface TranslatedArticle {
  article: Article;
  counts: SegmentCounts;
  /** Segments the translator did not return (translation stopped: budget, quota, engine down). */
  untranslated: number;
  /** Why, when `untranslated` > 0. */
  error?: unknown;
}

export interface TranslateArticleOptions {
  /** The article's earlier store: its edited and approved segments are kept, never re-translated. */
  previous?: Article;
}

/**
 * Translate an article that has been read and segmented. In place; the article
 * is also returned. Every check rule has run when all segments came back.
 */
export async function translateArticle(article: Article, context: ArticleContext, options: TranslateArticleOptions = {}): Promise<TranslatedArticle> {
  return sendPrepared(await prepareTranslation(article, context, options), context);
}

/** The second half through the context's queue, or, without one, a queue of the article's own, drained. */
export async function sendPrepared(prepared: PreparedArticle, context: ArticleContext): Promise<TranslatedArticle> {
  if (context.queue) return completeTranslation(prepared, context, context.queue);
  const queue = ownQueue(context);
  const done = completeTranslation(prepared, context, queue);
  await queue.drain();
  return done;
}

/** The first half of translateArticle: fill what earlier work covers, list what must be sent. Nothing is sent. */
export async function prepareTranslation(article: Article, context: ArticleContext, options: TranslateArticleOptions = {}): Promise<PreparedArticle> {
  const { glossary, translator, memory, cache } = context;
  article.glossaryVersion = glossary.version;
  article.translator = translator.model ? `${translator.id} ${translator.model}` : translator.id;
  const approved = approvedOf(options.previous);
  // Review's notes (revisions, history, comments) on segments machine translation may replace, by id.
  const reviewed = options.previous ? new Map(options.previous.blocks.flatMap((block) => block.segments.filter((segment) => !isPersonText(segment)).map((segment) => [segment.id, segment] as const))) : undefined;
  const termMode = translator.capabilities.nativeGlossary ? 'native' : 'protected';
  const engine = engineIdentity(translator, context.engineOptions ?? {});
  const pending: Pending[] = [];
  const counts: SegmentCounts = { segments: 0, cached: 0, memory: 0, kept: 0, pending: 0 };
  // Every sentence of the article (and its fragment with markup) analysed in one request.
  const lemmas = await articleLemmas(article, glossary, context.analyser, true);
  for (const block of article.blocks) {
    const segments: Segment[] = [];
    for (const segment of block.segments) {
      counts.segments++;
      const matches = findTerms(glossary, segment.source, lemmas);
      const previous = approved?.get(`id:${segment.id}`) ?? approved?.get(`fr:${normaliseSource(segment.source)}`);
      if (previous && normaliseSource(previous.source) === normaliseSource(segment.source)) {
        counts.kept++;
        segments.push(keepApproved(previous, segment, matches));
        continue;
      }
      segments.push(segment);
      if (memory) {
        const exact = await memory.exact(segment.source);
        if (exact && marksFit(exact.sourceMarks, segment.sourceMarks)) {
          applyMemory(segment, exact, displayOrigin(exact.origin, context.outDir), glossary.version, matches);
          carryReview(reviewed?.get(segment.id), segment);
          counts.memory++;
          continue;
        }
        const closest = await memory.closest(segment.source);
        if (closest) offerFuzzy(segment, closest, context.outDir);
      }
      const { unit, restore } = unitFor(segment, block, matches, { glossary, lemmas, translator, termMode, engine, context });
      const hit = cache ? await cache.get(unit.id) : undefined;
      if (hit) {
        applyMachine(segment, { entry: hit, fallback: false }, restore, glossary.version, matches, context.fix);
        carryReview(reviewed?.get(segment.id), segment);
        counts.cached++;
      } else {
        pending.push({ segment, matches, restore, unit, previous: reviewed?.get(segment.id) });
      }
    }
    block.segments = segments;
  }
  counts.pending = pending.length;
  return { article, counts, units: pending.map((item) => item.unit), pending };
}

/**
 * The second half: request the pending units from `queue`, fill them in, and
 * run the checks. The units are requested before the first await, so a caller
 * preparing articles in order sends identical units for the first one.
 */
export async function completeTranslation(prepared: PreparedArticle, context: ArticleContext, queue: TranslationQueue): Promise<TranslatedArticle> {
  const { article, pending, counts } = prepared;
  const requests = pending.map(({ unit }) => queue.request(unit));
  const results = await Promise.allSettled(requests);
  let untranslated = 0;
  let error: unknown;
  results.forEach((result, i) => {
    const { segment, restore, matches } = pending[i]!;
    if (result.status === 'fulfilled') {
      applyMachine(segment, result.value as MachineResult, restore, context.glossary.version, matches, context.fix);
      carryReview(pending[i]!.previous, segment);
    } else {
      untranslated++;
      error ??= result.reason;
      markUntranslated(segment, 'the translator returned no text for this segment');
    }
  });
  // Done with: the units, their protected texts and restore functions would otherwise
  // stay alive while the article is checked and written (tens of MB for 40,000 sentences).
  pending.length = 0;
  prepared.units.length = 0;
  if (untranslated > 0) return { article, counts, untranslated, error };
  checkArticle(article, { placeholder: (n) => context.translator.placeholder(n) });
  return { article, counts, untranslated: 0 };
}

/** The queue a translateArticle call without one uses: its units in one call. */
function ownQueue(context: ArticleContext): TranslationQueue {
  return new TranslationQueue({
    translator: context.translator,
    translateOptions: translateOptionsOf(context),
    ...(context.cache ? { cache: context.cache } : {}),
    chunkCharacters: Number.POSITIVE_INFINITY,
    inFlight: 1,
    countCharacters: billableCharacters,
    ...(context.onTranslated ? { onTranslated: context.onTranslated } : {}),
  });
}

/** The options every translate() call of this context carries. */
export function translateOptionsOf(context: ArticleContext): ConstructorParameters<typeof TranslationQueue>[0]['translateOptions'] {
  const { translator, glossary } = context;
  return {
    sourceLang: context.sourceLang ?? 'fr',
    targetLang: context.targetLang ?? 'en',
    glossaryVersion: glossary.version,
    ...(translator.capabilities.nativeGlossary ? { glossaryPairs: glossaryPairs(glossary) } : {}),
    ...(context.budget ? { budget: context.budget } : {}),
  };
}

/** An earlier store's approved segments, by id and by French: an edit elsewhere in the paragraph changes the ids of its sentences. */
function approvedOf(previous: Article | undefined): Map<string, Segment> | undefined {
  if (!previous) return undefined;
  const approved = allSegments(previous).filter(isPersonText);
  return new Map(approved.flatMap((segment) => [[`id:${segment.id}`, segment], [`fr:${normaliseSource(segment.source)}`, segment]]));
}

interface UnitSettings {
  glossary: Glossary;
  lemmas: TermLemmas | undefined;
  translator: Translator;
  termMode: 'native' | 'protected';
  engine: EngineIdentity;
  context: ArticleContext;
}

function unitFor(segment: Segment, block: Block, matches: TermMatch[], settings: UnitSettings): { unit: TranslationUnit; restore: (text: string) => string } {
  const { glossary, lemmas, translator, termMode, engine, context } = settings;
  const fragment = toFragment(segment.source, segment.sourceMarks);
  const id = translationKey({
    sourceLang: context.sourceLang ?? 'fr',
    targetLang: context.targetLang ?? 'en',
    engine,
    termMode,
    fragment,
    entries: matches.map((match) => entryKey(match.entry)),
  });
  const unit: TranslationUnit = { id, text: fragment, context: block.text };
  let restore = (text: string): string => text;
  if (termMode === 'native') {
    unit.glossary = matches.map((match) => ({ source: match.text, target: pinnedForm(match) }));
  } else if (matches.length > 0) {
    // Protect inside the fragment, so restored terms land between the right elements.
    const inFragment = fragment === segment.source ? matches : findTerms(glossary, fragment, lemmas);
    const protectedText = protectTerms(fragment, inFragment, (n) => translator.placeholder(n));
    unit.text = protectedText.text;
    restore = protectedText.restore;
  }
  return { unit, restore };
}

function offerFuzzy(segment: Segment, match: MemoryMatch, outDir: string | undefined): void {
  segment.memoryMatch = {
    similarity: Math.round(match.similarity * 1000) / 1000,
    source: match.entry.source,
    target: match.entry.target,
    origin: displayOrigin(match.entry.origin, outDir),
  };
}

/** A memory entry's origin as a reader of this output folder sees it: the store file's name when it is here. */
function displayOrigin(origin: { article: string; segment: string }, outDir: string | undefined): { article: string; segment: string } {
  if (outDir === undefined) return origin;
  const relative = path.relative(path.resolve(outDir), origin.article);
  const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
  return { article: inside ? relative : origin.article, segment: origin.segment };
}

function engineIdentity(translator: Translator, options: Record<string, string>): EngineIdentity {
  // A failover chain caches only what its first engine produced.
  const primary = membersOf(translator.identity)[0]!;
  return { engine: primary.engine, ...(primary.model ? { model: primary.model } : {}), options: { ...primary.settings, ...options } };
}

function glossaryPairs(glossary: Glossary): GlossaryPair[] {
  return glossary.entries.flatMap((entry) => entry.sources.map((source) => ({ source, target: entry.keep || entry.target === '' ? source : entry.target })));
}
