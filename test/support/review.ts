// Output folders for review tests: small French articles translated in-process
// by a fake engine that prefixes "EN ", so every test starts from real stores
// written by the pipeline.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Article, Segment } from '../../src/core/types.js';
import { makeGlossary, type Glossary, type GlossaryEntry } from '../../src/glossary/index.js';
import { runTranslation } from '../../src/batch/index.js';
import { openReview, type ReviewSession, type SegmentSuggester } from '../../src/review/index.js';
import { openStoreOfRecord, STATE_DIR, TranslationMemory, type AccountStore, type StoreOfRecord } from '../../src/store/index.js';
import type { TranslateOptions, TranslatedUnit, TranslationUnit, Translator } from '../../src/translate/index.js';
import { tempDir } from './cli.js';

export class PrefixTranslator implements Translator {
  readonly capabilities = { nativeGlossary: false, context: false, maxItems: 1000, maxBytes: 1 << 22 };
  readonly sent: string[] = [];
  constructor(
    readonly id = 'fake',
    private readonly prefix = 'EN',
    readonly model = 'v1',
  ) {}
  get identity() {
    return { engine: this.id, model: this.model, settings: {} };
  }
  placeholder(n: number): string {
    return `Zqx${n}`;
  }
  async translate(units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]> {
    this.sent.push(...units.map((unit) => unit.text));
    const answer = units.map((unit) => ({ id: unit.id, text: `${this.prefix} ${unit.text}`, unknownWords: [] }));
    await options.onBatch?.(answer);
    return answer;
  }
}

export const GLOSSARY: Glossary = makeGlossary([
  {
    id: 'Casques blancs',
    sources: ['Casques blancs'],
    target: 'White Helmets',
    targetForms: [],
    type: 'organisation',
    caseSensitive: false,
    keep: false,
    note: '',
    file: 'test.tsv',
    line: 2,
  } satisfies GlossaryEntry,
]);

/** A French article of `n` sentences in paragraphs of five; the first one names the Casques blancs. */
export function frenchArticle(title: string, n: number): string {
  const sentences = Array.from({ length: n }, (_, i) => (i === 0 ? 'Les Casques blancs sont arrivés à Idlib.' : `La phrase numéro ${i + 1} parle de la ville.`));
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 5) paragraphs.push(sentences.slice(i, i + 5).join(' '));
  return `${title}\n\n${paragraphs.join('\n\n')}\n`;
}

export interface Output {
  dir: string;
  input: string;
  out: string;
  files: string[];
}

/** Translate articles (name → French text; `name.md` for Markdown) into a fresh output folder. */
export async function makeOutput(articles: Record<string, string>, translator: Translator = new PrefixTranslator()): Promise<Output> {
  const dir = await tempDir('review');
  const input = path.join(dir, 'in');
  const out = path.join(dir, 'out');
  await mkdir(input);
  const files: string[] = [];
  for (const [name, text] of Object.entries(articles)) {
    // A name without extension is a plain-text article.
    const file = path.join(input, path.extname(name) ? name : `${name}.txt`);
    await writeFile(file, text);
    files.push(file);
  }
  await retranslate({ dir, input, out, files }, translator);
  return { dir, input, out, files };
}

/** Run the pipeline on the output's articles again (a `batch` run). */
export function retranslate(output: Output, translator: Translator = new PrefixTranslator(), force = false) {
  return runTranslation(
    output.files.map((file) => ({ file, slug: path.basename(file, path.extname(file)) })),
    { outDir: output.out, translator, glossary: GLOSSARY, ...(force ? { force: true } : {}) },
  );
}

/** Review sessions open in this process, by output folder: the published files follow their saves. */
const openSessions = new Map<string, Set<ReviewSession>>();

/**
 * The article as published in the folder's `<slug>.json`, once every review
 * open on the folder in this process has published what it saved (a save is
 * acknowledged once the store of record has it; the files follow).
 */
export async function readStore(out: string, slug: string): Promise<Article> {
  for (const session of openSessions.get(path.resolve(out)) ?? []) await session.store.idle();
  const data = JSON.parse(await readFile(path.join(out, `${slug}.json`), 'utf8')) as { article: Article };
  return data.article;
}

export function segmentsOf(article: Article): Segment[] {
  return article.blocks.flatMap((block) => block.segments);
}

export const TOKEN = 'test-token-0123456789abcdef';

/** The editor's page signed in with the token, on one article, its rows shown. */
export async function openArticle(page: Page, origin: string, slug: string): Promise<void> {
  await page.goto(`${origin}/?token=${TOKEN}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click(`a[href="#/a/${slug}"]`);
  await page.waitForSelector('#rows .row');
}

/** One segment as the store on disk holds it now. */
export async function storedSegment(out: string, slug: string, id: string): Promise<Segment> {
  return segmentsOf(await readStore(out, slug)).find((segment) => segment.id === id)!;
}

export interface ReviewOn {
  glossary?: Glossary;
  port?: number;
  token?: string;
  user?: string;
  uiLang?: 'en' | 'fr';
  /** "Ask another engine", given the review's glossary as it is at each request (a team adds entries), as the CLI gives it. */
  suggester?: (stateDir: string, current: () => Glossary) => Promise<SegmentSuggester | undefined>;
  /** The store of record to serve (default: the folder's embedded one, opened as the CLI opens it and closed with the session). */
  store?: StoreOfRecord;
  /** The team's accounts (the caller's; closed by it). */
  accounts?: AccountStore;
}

/** `diptych review <out>` in this process: the folder's store of record and memory opened, as the CLI opens them, and closed with the session. */
export async function openReviewOn(out: string, options: ReviewOn = {}): Promise<ReviewSession> {
  const opened = options.store ? undefined : await openStoreOfRecord({ outDir: out });
  const store = options.store ?? opened!;
  const stateDir = path.join(out, STATE_DIR);
  const memory = await TranslationMemory.open(stateDir);
  let current: () => Glossary = () => options.glossary ?? GLOSSARY;
  const suggester = await options.suggester?.(stateDir, () => current());
  const session = await openReview({
    store,
    memory,
    glossary: options.glossary ?? GLOSSARY,
    port: options.port ?? 0,
    token: options.token ?? TOKEN,
    ...(options.user ? { user: options.user } : {}),
    ...(options.uiLang ? { uiLang: options.uiLang } : {}),
    ...(suggester ? { suggester } : {}),
    ...(opened ? { notTakenIn: opened.takenIn.broken } : {}),
    ...(options.accounts ? { accounts: options.accounts } : {}),
  });
  current = () => session.store.glossary;
  const key = path.resolve(out);
  if (!openSessions.has(key)) openSessions.set(key, new Set());
  openSessions.get(key)!.add(session);
  return {
    ...session,
    async close() {
      openSessions.get(key)?.delete(session);
      await session.close();
      await memory.close();
      if (!options.store) await store.close();
    },
  };
}
