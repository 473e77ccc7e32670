// A French article and its existing human English, aligned: both read and split
// into sentences, the French translated by the configured translator only so the
// aligner can compare (that English is never shown), the sentences linked, and
// the links turned into the article's segments — French on one side, the human
// English on the other, with provenance naming the English document. What comes
// out is an Article like any other: stored, rendered, exported and reviewed the
// same way.

import { readFile } from 'node:fs/promises';
import { FolderStore, loadArticle } from '../store/index.js';
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
  const alignment = alignSentences({
    french: { sentences: frSentences.map((s) => s.segment.source), ...(options.presegmented ? {} : { opens: frSentences.map((s) => s.opens) }) },
    machine,
    english: { sentences: enSentences.map((s) => s.segment.source), ...(options.presegmented ? {} : { opens: enSentences.map((s) => s.opens) }) },
  });
  const englishName = options.englishName ?? english.sourcePath;
  const article = linkedArticle(french, frSentences, enSentences, alignment.links, { englishName, glossaryVersion: context.glossary.version });
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
}

/** The French article with one segment per link, each in the block of its first French sentence. */
function linkedArticle(french: Article, frSentences: Sentence[], enSentences: Sentence[], links: readonly AlignedLink[], settings: LinkSettings): Article {
  const at = new Date().toISOString();
  const blocks: Block[] = french.blocks.map((block) => ({ ...block, segments: [] }));
  let lastBlock = 0;
  let lastId = frSentences[0]?.segment.id ?? 's';
  for (const link of links) {
    const frParts = link.fr.map((i) => frSentences[i]!.segment);
    const enParts = link.en.map((j) => enSentences[j]!.segment);
    const block = link.fr.length > 0 ? frSentences[link.fr[0]!]!.block : lastBlock;
    const source = joined(frParts.map((part) => ({ text: part.source, marks: part.sourceMarks })));
    const target = joined(enParts.map((part) => ({ text: part.source, marks: part.sourceMarks })));
    // A segment keeps its first French sentence's id; an English sentence alone is named after the link before it.
    const id = frParts[0]?.id ?? `${lastId}-en${link.en[0]}`;
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
  presegmented?: boolean;
  /** Also write the links, `fr<TAB>en` per line, here. */
  linksFile?: string;
  uiLang?: UiLang;
}

export interface AlignedDocuments extends AlignedArticle {
  outputs: PublishedFiles;
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
  await refuseOverwrites(french, [pair.french.file, pair.english.file], options.outDir);
  const aligned = await alignArticles(french, english, context, { presegmented, englishName: pair.english.url ?? pair.english.file });
  const outputs = await publishArticle(aligned.article, new FolderStore(options.outDir), options.uiLang ? { uiLang: options.uiLang } : {});
  if (options.linksFile) await writeAtomic(options.linksFile, formatLinks(aligned.links));
  if (context.memory) {
    const segments = allSegments(aligned.article);
    const origin = path.resolve(outputs.json);
    await context.memory.add(origin, approvalsOf(segments, origin), new Set(segments.map((segment) => segment.id)));
  }
  return { ...aligned, outputs };
}

/**
 * Never write over an input (`x.md` aligned into its own folder would become the
 * bilingual Markdown) or over the store of another article (its reviewed work):
 * refused before anything is translated.
 */
async function refuseOverwrites(french: Article, inputs: readonly string[], outDir: string): Promise<void> {
  const base = path.resolve(outDir, french.slug);
  const inputPaths = new Set(inputs.map((file) => path.resolve(file)));
  for (const output of [`${base}.json`, `${base}.md`, `${base}.html`]) {
    if (inputPaths.has(output)) throw new InputError(`would be overwritten by the output of its own alignment`, { file: output, hint: 'give another --out folder' });
  }
  const stored = await loadArticle(`${base}.json`);
  const same = (a: string, b: string) => a === b || path.resolve(a) === path.resolve(b);
  if (stored && !same(stored.sourcePath, french.sourcePath)) {
    throw new InputError(`holds another article (${stored.sourcePath}), not ${french.sourcePath}`, { file: `${base}.json`, hint: 'give another --out folder, or remove that store' });
  }
}
