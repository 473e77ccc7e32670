// A French article and its existing human English, aligned: both read and split
// into sentences, the French translated by the configured translator only so the
// aligner can compare (that English is never shown), the sentences linked, and
// the links turned into the article's segments — French on one side, the human
// English on the other, with provenance naming the English document. What comes
// out is an Article like any other: stored, rendered, exported and reviewed the
// same way.

import { readFile } from 'node:fs/promises';
import { FolderStore, type ArticleStore } from '../store/index.js';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { shortHash } from '../core/hash.js';
import type { Article, Block, Finding, InlineMark, Segment } from '../core/types.js';
import { alignSentences, languageShares, LOW_CONFIDENCE, type AlignedLink } from '../align/index.js';
import { readArticle, slugify } from '../read/index.js';
import { segmentArticle } from '../segment/index.js';
import { formatLinks } from '../align/index.js';
import { writeAtomic } from '../core/files.js';
import type { UiLang } from '../core/i18n.js';
import { allSegments } from '../core/segments.js';
import type { ArticleContext } from './context.js';
import { publishArticle, type PublishedFiles } from './publish-article.js';
import { approvalsOf } from './resolve-segment.js';
import { translateArticle } from './translate-article.js';

export interface AlignSideOptions {
  /** One sentence per line, as given: nothing is re-split, blank lines are skipped. */
  presegmented?: boolean;
  /** The address the document came from, when fetched. */
  url?: string;
  slug?: string;
}

/** Read and split one side of an alignment. */
export async function prepareAlignSide(file: string, options: AlignSideOptions = {}): Promise<Article> {
  if (options.presegmented) return presegmentedArticle(file, options);
  const readOptions = { ...(options.url ? { url: options.url } : {}), ...(options.slug ? { slug: options.slug } : {}) };
  return segmentArticle(await readArticle(file, readOptions));
}

export interface AlignArticlesOptions {
  /** Whether the sentences came one per line (paragraph boundaries then say nothing). */
  presegmented?: boolean;
  /** What provenance calls the English document; default its path or address. */
  englishName?: string;
  /**
   * Segments a person worked on in an earlier alignment, with the indices their
   * sentences have now: each stays as it is (English, history, comments) and the
   * aligner links only the sentences between them.
   */
  keep?: readonly KeptLink[];
}

/** A reviewed segment of an earlier alignment and where its sentences are in the documents now. */
export interface KeptLink {
  segment: Segment;
  fr: number[];
  en: number[];
}

export interface AlignedArticle {
  /** The French article whose segments now hold the human English, one segment per link. */
  article: Article;
  links: AlignedLink[];
  /** Share of links that look like a translation; see `alignSentences`. */
  translationLikelihood: number;
  /** Said about the whole alignment, for the person running it. */
  warnings: string[];
}

/** Below this share of convincing links, the English is said not to look like a translation of the French. */
const UNRELATED_BELOW = 0.5;

/** Telling words needed before a side's language is judged. */
const LANGUAGE_EVIDENCE = 20;

/**
 * Align `french` with `english` (both read and segmented). The translator of
 * `context` gives the French's English for comparison; its cache is used, its
 * memory is not (approved English would not tell what the French says).
 */
export async function alignArticles(french: Article, english: Article, context: ArticleContext, options: AlignArticlesOptions = {}): Promise<AlignedArticle> {
  const frSentences = sentencesOf(french);
  const enSentences = sentencesOf(english);
  refuseBadSides(french, frSentences, english, enSentences);
  const machineArticle = structuredClone(french);
  const { memory: _memory, ...withoutMemory } = context;
  const translated = await translateArticle(machineArticle, withoutMemory);
  if (translated.untranslated > 0) throw translated.error ?? new Error('the translator returned no text for some French sentences');
  const machine = sentencesOf(machineArticle).map((sentence) => sentence.segment.target ?? '');
  const input = {
    french: { sentences: frSentences.map((s) => s.segment.source), ...(options.presegmented ? {} : { opens: frSentences.map((s) => s.opens) }) },
    machine,
    english: { sentences: enSentences.map((s) => s.segment.source), ...(options.presegmented ? {} : { opens: enSentences.map((s) => s.opens) }) },
  };
  const keep = options.keep ?? [];
  const alignment = keep.length === 0 ? alignSentences(input) : alignAround(input, keep);
  const englishName = options.englishName ?? english.sourcePath;
  const article = linkedArticle(french, frSentences, enSentences, alignment.links, { englishName, glossaryVersion: context.glossary.version, keep });
  const warnings: string[] = [];
  if (alignment.translationLikelihood < UNRELATED_BELOW) {
    const doubtful = alignment.links.filter((link) => link.confidence < LOW_CONFIDENCE).length;
    warnings.push(`${englishName} does not read as a translation of ${french.sourcePath}: ${doubtful} of ${alignment.links.length} links are doubtful — check that the two files belong together`);
  }
  return { article, links: alignment.links, translationLikelihood: alignment.translationLikelihood, warnings };
}

interface Sentence {
  segment: Segment;
  block: number;
  /** First sentence of its block. */
  opens: boolean;
}

function sentencesOf(article: Article): Sentence[] {
  return article.blocks.flatMap((block, b) => block.segments.map((segment, k) => ({ segment, block: b, opens: k === 0 })));
}

function refuseBadSides(french: Article, frSentences: Sentence[], english: Article, enSentences: Sentence[]): void {
  for (const [article, sentences, side] of [[french, frSentences, 'French'], [english, enSentences, 'English']] as const) {
    if (sentences.length === 0) throw new InputError(`the ${side} side has no sentences to align`, { file: article.sourcePath, hint: `give the ${side} document with its text` });
  }
  const frShares = languageShares(frSentences.map((s) => s.segment.source));
  if (frShares.telling >= LANGUAGE_EVIDENCE && frShares.english > frShares.french) {
    throw new InputError(`reads as English (${Math.round(frShares.english * 100)}% of its telling words), not French`, { file: french.sourcePath, hint: 'give the French document first and its English translation second' });
  }
  const enShares = languageShares(enSentences.map((s) => s.segment.source));
  if (enShares.telling >= LANGUAGE_EVIDENCE && enShares.french > enShares.english) {
    throw new InputError(`reads as French (${Math.round(enShares.french * 100)}% of its telling words), not English`, { file: english.sourcePath, hint: 'give the French document first and its English translation second' });
  }
}

interface LinkSettings {
  englishName: string;
  glossaryVersion: string;
  keep: readonly KeptLink[];
}

type AlignInput = Parameters<typeof alignSentences>[0];

/**
 * The alignment with the kept links fixed: the aligner runs on each stretch of
 * sentences between two kept links (a sentence cannot cross a link a person
 * decided), and a stretch with sentences on one side only is left unmatched.
 */
function alignAround(input: AlignInput, keep: readonly KeptLink[]): { links: AlignedLink[]; translationLikelihood: number } {
  // In reading order already (keptLinks places each after the one before).
  const fixed = keep;
  const links: AlignedLink[] = [];
  let likely = 0;
  let judged = 0;
  let fr = 0;
  let en = 0;
  const stretch = (frEnd: number, enEnd: number) => {
    const slice = <T>(items: readonly T[] | undefined, from: number, to: number) => items?.slice(from, to);
    if (frEnd > fr && enEnd > en) {
      const part = alignSentences({
        french: { sentences: input.french.sentences.slice(fr, frEnd), ...(input.french.opens ? { opens: slice(input.french.opens, fr, frEnd)! } : {}) },
        machine: input.machine.slice(fr, frEnd),
        english: { sentences: input.english.sentences.slice(en, enEnd), ...(input.english.opens ? { opens: slice(input.english.opens, en, enEnd)! } : {}) },
      });
      for (const link of part.links) links.push({ ...link, fr: link.fr.map((i) => i + fr), en: link.en.map((j) => j + en) });
      likely += part.translationLikelihood * part.links.length;
      judged += part.links.length;
    } else {
      for (let i = fr; i < frEnd; i++) links.push({ fr: [i], en: [], confidence: 0 });
      for (let j = en; j < enEnd; j++) links.push({ fr: [], en: [j], confidence: 0 });
    }
  };
  for (const kept of fixed) {
    const frStart = kept.fr.length > 0 ? Math.min(...kept.fr) : fr;
    const enStart = kept.en.length > 0 ? Math.min(...kept.en) : en;
    stretch(frStart, enStart);
    links.push({ fr: [...kept.fr], en: [...kept.en], confidence: kept.segment.link?.confidence ?? 1 });
    fr = kept.fr.length > 0 ? Math.max(...kept.fr) + 1 : fr;
    en = kept.en.length > 0 ? Math.max(...kept.en) + 1 : en;
  }
  stretch(input.french.sentences.length, input.english.sentences.length);
  // Kept links were judged by a person: they count as convincing.
  return { links, translationLikelihood: (likely + fixed.length) / Math.max(1, judged + fixed.length) };
}


/** The French article with one segment per link, each in the block of its first French sentence. */
function linkedArticle(french: Article, frSentences: Sentence[], enSentences: Sentence[], links: readonly AlignedLink[], settings: LinkSettings): Article {
  const at = new Date().toISOString();
  const blocks: Block[] = french.blocks.map((block) => ({ ...block, segments: [] }));
  let lastBlock = 0;
  let lastId = frSentences[0]?.segment.id ?? 's';
  const keptAt = new Map(settings.keep.map((kept) => [`${kept.fr.join(',')}|${kept.en.join(',')}`, kept]));
  const keptIds = new Set(settings.keep.map((kept) => kept.segment.id));
  for (const link of links) {
    const kept = keptAt.get(`${link.fr.join(',')}|${link.en.join(',')}`);
    if (kept) {
      // A person's segment stays as they left it; only its place in the documents is brought up to date.
      const block = link.fr.length > 0 ? frSentences[link.fr[0]!]!.block : lastBlock;
      blocks[block]!.segments.push({ ...kept.segment, link: { fr: [...kept.fr], en: [...kept.en], confidence: kept.segment.link?.confidence ?? 1 } });
      lastBlock = block;
      lastId = kept.segment.id;
      continue;
    }
    const frParts = link.fr.map((i) => frSentences[i]!.segment);
    const enParts = link.en.map((j) => enSentences[j]!.segment);
    const block = link.fr.length > 0 ? frSentences[link.fr[0]!]!.block : lastBlock;
    const source = joined(frParts.map((part) => ({ text: part.source, marks: part.sourceMarks })));
    const target = joined(enParts.map((part) => ({ text: part.source, marks: part.sourceMarks })));
    // A segment keeps its first French sentence's id; an English sentence alone is named after the link before it.
    let id = frParts[0]?.id ?? `${lastId}-en${link.en[0]}`;
    while (keptIds.has(id)) id += 'x';
    const confident = link.fr.length > 0 && link.en.length > 0 && link.confidence >= LOW_CONFIDENCE;
    const segment: Segment = {
      id,
      source: source.text,
      sourceMarks: source.marks,
      target: target.text,
      targetMarks: target.marks,
      provenance: {
        translator: 'human',
        model: settings.englishName,
        glossaryVersion: settings.glossaryVersion,
        // The English is a person's text; a link the aligner is sure of counts as approved, a doubtful one waits for a reviewer.
        edited: confident,
        ...(confident ? { editor: settings.englishName } : {}),
        at,
      },
      state: 'translated',
      terms: [],
      unknownWords: [],
      findings: findingsOf(link, id, settings.englishName),
      link: { fr: [...link.fr], en: [...link.en], confidence: link.confidence },
    };
    blocks[block]!.segments.push(segment);
    lastBlock = block;
    lastId = id;
  }
  const alignment = { englishDocument: settings.englishName, french: frSentences.map((s) => s.segment.source), english: enSentences.map((s) => s.segment.source) };
  return { ...french, translator: 'human', glossaryVersion: settings.glossaryVersion, alignment, blocks };
}

function findingsOf(link: AlignedLink, segmentId: string, englishName: string): Finding[] {
  const base = { source: 'align', segmentId } as const;
  if (link.en.length === 0) {
    return [{ ...base, rule: 'align-unmatched', severity: 'warning', message: `No sentence of ${englishName} renders this French: left out of the translation, or not found by the aligner` }];
  }
  if (link.fr.length === 0) {
    return [{ ...base, rule: 'align-unmatched', severity: 'warning', message: `This English sentence of ${englishName} renders no French sentence: added by the translator, or not found by the aligner` }];
  }
  if (link.confidence < LOW_CONFIDENCE) {
    return [{ ...base, rule: 'align-low-confidence', severity: 'warning', message: `The aligner is unsure these sentences render each other (confidence ${link.confidence.toFixed(2)}): check the link` }];
  }
  return [];
}

/** Sentences joined by a space, their marks moved along. */
function joined(parts: ReadonlyArray<{ text: string; marks: readonly InlineMark[] }>): { text: string; marks: InlineMark[] } {
  let text = '';
  const marks: InlineMark[] = [];
  for (const part of parts) {
    if (text !== '') text += ' ';
    const offset = text.length;
    text += part.text;
    for (const mark of part.marks) marks.push({ ...mark, start: mark.start + offset, end: mark.end + offset });
  }
  return { text, marks };
}

/** One sentence per non-blank line, each its own paragraph block. */
async function presegmentedArticle(file: string, options: AlignSideOptions): Promise<Article> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError('cannot be read', { file, hint: 'check the path and its permissions', cause: error });
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const blocks: Block[] = [];
  lines.forEach((line, index) => {
    const sentence = line.trim();
    if (sentence === '') return;
    blocks.push({
      kind: 'paragraph',
      text: sentence,
      marks: [],
      position: { line: index + 1 },
      segments: [{ id: `s${shortHash(sentence, 10)}-${blocks.length}`, source: sentence, sourceMarks: [], state: 'new', terms: [], unknownWords: [], findings: [] }],
    });
  });
  return {
    slug: options.slug ?? slugify(path.basename(file, path.extname(file))),
    sourcePath: options.url ?? file,
    format: 'txt',
    sourceLang: 'fr',
    targetLang: 'en',
    title: blocks[0]?.text ?? path.basename(file),
    blocks,
  };
}

/** Two documents to align: paths of kept copies or files, and the addresses they came from. */
export interface DocumentPair {
  french: { file: string; url?: string };
  english: { file: string; url?: string };
  /** Output name; default the French file's. */
  slug?: string;
}

export interface AlignDocumentsOptions {
  outDir: string;
  /** The store of record the aligned article is committed to (default: the output folder's files, for a caller without one). */
  store?: ArticleStore;
  presegmented?: boolean;
  /** Also write the links, `fr<TAB>en` per line, here. */
  linksFile?: string;
  uiLang?: UiLang;
  /** Re-align even when neither document changed, and drop the reviewed segments whose sentences are gone. */
  force?: boolean;
}

export interface AlignedDocuments extends AlignedArticle {
  outputs: PublishedFiles;
  /** Neither document changed since the stored alignment: nothing was written (but the links file). */
  upToDate: boolean;
  /** Segments a person worked on, carried from the earlier store with their history and comments. */
  kept: number;
  /** Reviewed segments dropped because their sentences are gone (only with `force`). */
  dropped: number;
}

/**
 * The whole path for one pair, as `diptych align` takes it: read, segment,
 * translate the French for comparison, align, write the store and pages (and
 * the links file), and give the approved links to the memory, so `batch`
 * reuses the human English at once.
 */
export async function alignDocuments(pair: DocumentPair, context: ArticleContext, options: AlignDocumentsOptions): Promise<AlignedDocuments> {
  const presegmented = options.presegmented === true;
  const french = await prepareAlignSide(pair.french.file, { presegmented, ...(pair.french.url ? { url: pair.french.url } : {}), ...(pair.slug ? { slug: pair.slug } : {}) });
  const english = await prepareAlignSide(pair.english.file, { presegmented, ...(pair.english.url ? { url: pair.english.url } : {}) });
  const store = options.store ?? new FolderStore(options.outDir);
  const stored = await refuseOverwrites(french, [pair.french.file, pair.english.file], options.outDir, store);
  const englishName = pair.english.url ?? pair.english.file;
  const frTexts = sentencesOf(french).map((sentence) => sentence.segment.source);
  const enTexts = sentencesOf(english).map((sentence) => sentence.segment.source);
  const storeFile = path.resolve(options.outDir, `${french.slug}.json`);
  if (stored && !options.force && stored.alignment && sameTexts(stored.alignment.french, frTexts) && sameTexts(stored.alignment.english, enTexts)) {
    // Like batch's skip: the same two documents give the same alignment, and the store holds the review of it.
    const links = allSegments(stored).flatMap((segment) => (segment.link ? [segment.link] : []));
    if (options.linksFile) await writeAtomic(options.linksFile, formatLinks(links));
    const base = path.join(options.outDir, french.slug);
    const convincing = links.filter((link) => link.confidence >= LOW_CONFIDENCE).length;
    return { article: stored, links, translationLikelihood: convincing / Math.max(1, links.length), warnings: [], outputs: { json: `${base}.json`, md: `${base}.md`, html: `${base}.html` }, upToDate: true, kept: 0, dropped: 0 };
  }
  const { keep, lost } = stored ? keptLinks(stored, frTexts, enTexts) : { keep: [], lost: [] };
  if (lost.length > 0 && !options.force) {
    const ids = lost.map((segment) => segment.id);
    throw new InputError(`re-aligning would lose a reviewer's work (English, approval, comments or history) on ${lost.length} segment(s) whose sentences are no longer in the documents: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`, {
      file: storeFile,
      hint: 'restore those sentences, or give --force to re-align anyway and drop that work (copy the store first to keep it)',
    });
  }
  const aligned = await alignArticles(french, english, context, { presegmented, englishName, keep });
  // With the revisions it was made from: a review saving the article meanwhile is taken in, never replaced.
  const outputs = await publishArticle(aligned.article, store, { ...(options.uiLang ? { uiLang: options.uiLang } : {}), ...(stored ? { previous: stored } : {}) });
  if (options.linksFile) await writeAtomic(options.linksFile, formatLinks(aligned.links));
  if (context.memory) {
    const segments = allSegments(aligned.article);
    const origin = path.resolve(outputs.json);
    await context.memory.syncArticle(origin, approvalsOf(segments, origin), new Set(segments.map((segment) => segment.id)));
  }
  return { ...aligned, outputs, upToDate: false, kept: keep.length, dropped: lost.length };
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((text, i) => text === b[i]);
}

/**
 * What a person did in an earlier store — edited or approved the English,
 * commented, relinked — as opposed to what the aligner wrote (its confident
 * links are approvals in the English document's name, not a reviewer's).
 */
function touchedByPerson(segment: Segment, aligner: string | undefined): boolean {
  return (
    (segment.revision ?? 0) > 0 ||
    (segment.history?.length ?? 0) > 0 ||
    (segment.comments?.length ?? 0) > 0 ||
    segment.state === 'reviewed' ||
    segment.state === 'final' ||
    (segment.provenance?.edited === true && segment.provenance.editor !== aligner)
  );
}

/**
 * The earlier store's segments a person touched, each with the indices its
 * sentences have in today's documents (the same texts, in the same order, side
 * by side), and those that cannot be placed: a sentence gone, or no longer
 * next to its neighbours. A store of `translate`/`batch` has no links: a
 * person's segment there cannot be placed at all.
 */
function keptLinks(stored: Article, frTexts: readonly string[], enTexts: readonly string[]): { keep: KeptLink[]; lost: Segment[] } {
  const keep: KeptLink[] = [];
  const lost: Segment[] = [];
  const documents = stored.alignment;
  let frNext = 0;
  let enNext = 0;
  for (const segment of allSegments(stored)) {
    if (!touchedByPerson(segment, documents?.englishDocument)) continue;
    const link = segment.link;
    const fr = documents && link ? placed(link.fr.map((i) => documents.french[i]), frTexts, frNext) : undefined;
    const en = documents && link ? placed(link.en.map((j) => documents.english[j]), enTexts, enNext) : undefined;
    if (!fr || !en || fr.length + en.length === 0) {
      lost.push(segment);
      continue;
    }
    keep.push({ segment, fr, en });
    if (fr.length > 0) frNext = fr[fr.length - 1]! + 1;
    if (en.length > 0) enNext = en[en.length - 1]! + 1;
  }
  return { keep, lost };
}

/** Where the run of `texts` (consecutive sentences) is in `sentences`, at or after `from`; undefined when it is not. */
function placed(texts: ReadonlyArray<string | undefined>, sentences: readonly string[], from: number): number[] | undefined {
  if (texts.length === 0) return [];
  if (texts.some((text) => text === undefined)) return undefined;
  for (let start = from; start + texts.length <= sentences.length; start++) {
    if (texts.every((text, k) => sentences[start + k] === text)) return texts.map((_, k) => start + k);
  }
  return undefined;
}

/**
 * Never write over an input (`x.md` aligned into its own folder would become the
 * bilingual Markdown) or over the store of another article (its reviewed work):
 * refused before anything is translated.
 */
async function refuseOverwrites(french: Article, inputs: readonly string[], outDir: string, store: ArticleStore): Promise<Article | undefined> {
  const base = path.resolve(outDir, french.slug);
  const inputPaths = new Set(inputs.map((file) => path.resolve(file)));
  for (const output of [`${base}.json`, `${base}.md`, `${base}.html`]) {
    if (inputPaths.has(output)) throw new InputError(`would be overwritten by the output of its own alignment`, { file: output, hint: 'give another --out folder' });
  }
  const stored = await store.load(french.slug);
  const same = (a: string, b: string) => a === b || path.resolve(a) === path.resolve(b);
  if (stored && !same(stored.sourcePath, french.sourcePath)) {
    throw new InputError(`holds another article (${stored.sourcePath}), not ${french.sourcePath}`, { file: `${base}.json`, hint: 'give another --out folder, or remove that store' });
  }
  return stored;
}
