// A run over a list of articles. First, cheaply (hashes and file stamps, no
// stage loaded), decide which articles need work: one whose source bytes,
// translator, glossary and store file are as the last run left them is
// skipped. Only when some article needs work are the stages loaded and
// process-articles.ts run; a run with nothing to do costs milliseconds.

import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { InputError } from '../core/errors.js';
import type { UiLang } from '../core/i18n.js';
import type { Glossary } from '../glossary/index.js';
import { FolderStore, loadManifest, removeStaleTemporaries, sameStamp, saveManifest, stampOf, STATE_DIR, storeFile, type RunManifest } from '../store/index.js';
import { membersOf, type Translator, type TranslatorIdentity } from '../translate/index.js';
import { hashFile, hashGlossaryLocation, runKeyOf } from './fingerprints.js';
import { ProgressCounters, type RunProgress } from './progress.js';
import type { ApprovedMemory, FixPolicy, TranslationCacheStore } from '../pipeline/index.js';
import type { ArticleJob, ArticleOutcome, DryRunArticle, PlannedArticle, WrittenArticle } from './types.js';

export type { GlossarySource, RunOptions, SharedRun, SharedStores, TranslatorSource } from './run-options.js';
import type { GlossarySource, RunOptions, TranslatorSource } from './run-options.js';

export interface RunReport {
  /** One outcome per article, in the order of the jobs. */
  articles: ArticleOutcome[];
  written: WrittenArticle[];
  failed: Array<{ file: string; error: unknown }>;
  /** The error that stopped translation (quota, budget, refused key, engine unavailable). */
  stopped?: unknown;
  totals: RunProgress;
  dryRun?: { articles: DryRunArticle[]; toSend: number; characters: number; cost?: number };
  /** The corpus index, when written. */
  index?: string;
  /** Articles given another name than their own, because a store of that name holds another article. */
  renamed?: Array<{ file: string; slug: string; taken: { store: string; owner: string } }>;
}

const SOURCE_LANG = 'fr';
const TARGET_LANG = 'en';

/** What a run must do, decided cheaply: which articles are up to date and which need work. */
export interface RunPlan {
  planned: PlannedArticle[];
  dirty: PlannedArticle[];
  fresh: PlannedArticle[];
  manifest: RunManifest;
  /** Hash of the settings that shape the outputs; the manifest records it per article. */
  runKey: string;
  /** The translator's identity the run key was derived from (TranslatorSource.identity). */
  identity: TranslatorIdentity;
  glossary: GlossaryState;
}

export type PlanOptions = Pick<RunOptions, 'outDir' | 'translator' | 'glossary' | 'engineOptions' | 'uiLang' | 'concurrency' | 'force' | 'fix' | 'shared'>;

/** Plan a run without writing anything: hashes, file stamps and the manifest only. */
export async function planRun(jobs: ArticleJob[], options: PlanOptions): Promise<RunPlan> {
  const { outDir } = options;
  const limit = pLimit(options.concurrency ?? 8);
  const manifest = await loadManifest(outDir);
  const glossary = await resolveGlossary(options.glossary, manifest);
  const runKey = runKeyOf({
    translatorKey: `${identityKey(options.translator.identity)} ${JSON.stringify(Object.entries(options.engineOptions ?? {}).sort())} ${JSON.stringify(options.fix ?? 'default')}`,
    glossaryVersion: glossary.version,
    uiLang: options.uiLang ?? 'en',
    sourceLang: SOURCE_LANG,
    targetLang: TARGET_LANG,
  });
  await checkOutputFolder(outDir);
  // A queue worker's article was named by the run that queued it, against the whole folder.
  const names: OutputName[] = options.shared && jobs.every((job) => job.slug !== undefined) ? jobs.map((job) => ({ slug: job.slug! })) : await outputNames(jobs, outDir, manifest);
  await refuseOverwritingInputs(jobs, names.map((name) => name.slug), outDir);
  const planned: PlannedArticle[] = await Promise.all(
    jobs.map((job, order) =>
      limit(async () => {
        const sourceHash = await hashFile(job.file);
        const { slug, taken } = names[order]!;
        return { file: job.file, slug, order, ...(sourceHash ? { sourceHash } : {}), ...(job.url ? { url: job.url } : {}), ...(taken ? { taken } : {}) };
      }),
    ),
  );
  const upToDate = await Promise.all(planned.map((item) => limit(() => isUpToDate(item, manifest, runKey, outDir))));
  const dirty = options.force ? planned : planned.filter((_, i) => !upToDate[i]);
  const fresh = options.force ? [] : planned.filter((_, i) => upToDate[i]);
  return { planned, dirty, fresh, manifest, runKey, identity: options.translator.identity, glossary };
}

export async function runTranslation(jobs: ArticleJob[], options: RunOptions): Promise<RunReport> {
  const { outDir } = options;
  const dryRun = options.dryRun ?? false;
  const concurrency = options.concurrency ?? 8;
  const progress = new ProgressCounters(options.onProgress);
  const shared = options.shared;

  // Planning reads only: nothing is written (not even the output folder) until
  // the glossary has loaded and the translator exists, so a mistake in either
  // leaves earlier output exactly as it was.
  const { planned, dirty, fresh, manifest, runKey, glossary } = await planRun(jobs, options);
  const persistManifest = shared ? (m: RunManifest) => shared.saveManifest(m, dirty.map((item) => item.slug)) : (m: RunManifest) => saveManifest(outDir, m);
  const indexFile = path.join(outDir, 'index.html');
  const writeIndex = options.corpusIndex === true && !dryRun && (dirty.length > 0 || !(await exists(indexFile)));

  // Made only when something needs translating; closed here only if made here (a source, not a translator).
  const translator = dirty.length === 0 ? undefined : isTranslator(options.translator) ? options.translator : await options.translator.create();
  let release: (() => Promise<void>) | undefined;
  try {
    // Queue workers share the output folder: each writes only its own articles (atomically), and
    // must not take others' temporary files for a killed run's leftovers.
    if (!dryRun && !shared && (dirty.length > 0 || writeIndex)) {
      release = await new FolderStore(outDir).lock();
      await removeStaleTemporaries(outDir);
    }
    progress.add({ articles: planned.length, skipped: fresh.length });
    const outcomes = new Map<string, ArticleOutcome>();
    let stopped: unknown;
    let dryRows: DryRunArticle[] | undefined;
    if (translator) {
      // Loaded only now: a run where every article is up to date never pays for the stages.
      const { processArticles } = await import('./process-articles.js');
      const result = await processArticles({
        options,
        dryRun,
        concurrency,
        cacheDir: options.cacheDir ?? path.join(outDir, STATE_DIR),
        sourceLang: SOURCE_LANG,
        targetLang: TARGET_LANG,
        manifest,
        runKey,
        glossary: await glossary.load(),
        translator,
        progress,
        dirty,
        fresh,
      });
      for (const outcome of result.outcomes) outcomes.set(outcome.slug, outcome);
      stopped = result.stopped;
      dryRows = result.dryRun;
      if (glossary.fingerprint) manifest.glossary = { fingerprint: glossary.fingerprint, version: glossary.version };
      if (!dryRun) await persistManifest(manifest);
    }

    let index: string | undefined;
    if (writeIndex) {
      const { writeCorpusIndex } = await import('./process-articles.js');
      index = await writeCorpusIndex(outDir, manifest, planned.map((item) => item.slug), options.uiLang);
    }

    const articles = planned.map((item) => outcomes.get(item.slug) ?? ({ kind: 'skipped', file: item.file, slug: item.slug } as const));
    const renamed = planned.flatMap((item) => (item.taken ? [{ file: item.file, slug: item.slug, taken: item.taken }] : []));
    return {
      ...(renamed.length > 0 ? { renamed } : {}),
      ...runReport(articles, progress.snapshot(), { ...(stopped !== undefined ? { stopped } : {}), ...(index ? { index } : {}) }),
      ...(dryRun ? { dryRun: dryRunSummary(dryRows ?? [], options.pricePerMillionCharacters ?? translator?.pricePerMillionCharacters) } : {}),
    };
  } finally {
    if (translator && !isTranslator(options.translator)) await translator.close?.();
    await release?.();
  }
}

/** A run's report from its articles' outcomes, in the plan's order (the embedded batch and the queue's). */
export function runReport(articles: ArticleOutcome[], totals: RunReport['totals'], extra: Pick<RunReport, 'stopped' | 'index'> = {}): RunReport {
  return {
    articles,
    written: articles.filter((outcome): outcome is WrittenArticle => outcome.kind === 'written'),
    failed: articles.flatMap((outcome) => (outcome.kind === 'failed' ? [{ file: outcome.file, error: outcome.error }] : [])),
    totals,
    ...extra,
  };
}

/** What a dry run would send, and its price when the engine (or the user) names one. */
function dryRunSummary(rows: DryRunArticle[], pricePerMillion: number | undefined): NonNullable<RunReport['dryRun']> {
  const characters = rows.reduce((sum, row) => sum + row.characters, 0);
  return {
    articles: rows,
    toSend: rows.reduce((sum, row) => sum + row.toSend, 0),
    characters,
    ...(pricePerMillion !== undefined ? { cost: (characters * pricePerMillion) / 1_000_000 } : {}),
  };
}

/** An identity as text, settings in a stable order: equal texts, equal output. */
export function identityKey(identity: TranslatorIdentity): string {
  return JSON.stringify(membersOf(identity).map((member) => [member.engine, member.model ?? '', Object.entries(member.settings).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]));
}

function isTranslator(value: Translator | TranslatorSource): value is Translator {
  return typeof (value as Translator).translate === 'function';
}

export interface GlossaryState {
  version: string;
  /** Hash of the glossary location's files, when it came from a location. */
  fingerprint?: string;
  load(): Promise<Glossary>;
}

async function resolveGlossary(source: Glossary | GlossarySource, manifest: RunManifest): Promise<GlossaryState> {
  if (!('location' in source)) return { version: source.version, load: async () => source };
  const fingerprint = await hashGlossaryLocation(source.location);
  const known = manifest.glossary;
  if (fingerprint && known?.fingerprint === fingerprint) {
    // The same bytes loaded without error last time: its version is known, loading waits until needed.
    let loading: Promise<Glossary> | undefined;
    return { version: known.version, fingerprint, load: () => (loading ??= source.load()) };
  }
  // Changed or new: load now, so a broken glossary stops the run before anything is written.
  const glossary = await source.load();
  return { version: glossary.version, ...(fingerprint ? { fingerprint } : {}), load: async () => glossary };
}

async function isUpToDate(item: PlannedArticle, manifest: RunManifest, runKey: string, outDir: string): Promise<boolean> {
  const entry = manifest.articles.get(item.slug);
  if (!entry || !item.sourceHash || entry.sourceHash !== item.sourceHash || entry.runKey !== runKey || entry.file !== item.file) return false;
  // The store as we wrote it (a hand edit means its approvals must be gathered), and both pages present.
  if (!sameStamp(entry.store, await stampOf(storeFile(outDir, item.slug)))) return false;
  const base = path.join(outDir, item.slug);
  return (await exists(`${base}.md`)) && (await exists(`${base}.html`));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** `--out` must be a folder (or not exist yet): a file there would fail only once everything is translated. */
async function checkOutputFolder(outDir: string): Promise<void> {
  const info = await stat(outDir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new InputError('is a file, not a folder', { file: outDir, hint: 'give --out a folder name (it is created when missing)' });
}

interface OutputName {
  slug: string;
  /** The store the article's own name would have replaced, and whose article it holds. */
  taken?: { store: string; owner: string };
}

/**
 * Output names from the jobs: unique within the run (two "index.md" in
 * different folders), and never the name of a store already in the folder
 * that holds another source file — it may carry approvals, history and
 * comments. Such an article takes the next free name (`-2`, `-3`…), as
 * within one run, and the report says so.
 */
async function outputNames(jobs: ArticleJob[], outDir: string, manifest: RunManifest): Promise<OutputName[]> {
  // The reader names articles; it is loaded only when a job comes without a name.
  const slugify = jobs.every((job) => job.slug !== undefined) ? undefined : (await import('../read/index.js')).slugify;
  const used = new Set<string>();
  const names: OutputName[] = [];
  // One listing of the folder rather than a look-up per article: a batch names thousands.
  const stores = new Set((await readdir(outDir).catch(() => [])).filter((name) => name.endsWith('.json')));
  for (const job of jobs) {
    const base = job.slug ?? slugify!(path.basename(job.file, path.extname(job.file)));
    let taken: OutputName['taken'];
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (used.has(slug)) continue;
      const owner = stores.has(`${slug}.json`) ? await otherOwner(slug, job, outDir, manifest) : undefined;
      if (owner !== undefined) {
        taken ??= { store: storeFile(outDir, slug), owner };
        continue;
      }
      used.add(slug);
      names.push({ slug, ...(taken ? { taken } : {}) });
      break;
    }
  }
  return names;
}

/** The source (file or address) of the existing store `slug` when it is another than the job's; undefined when it is the job's own. */
async function otherOwner(slug: string, job: ArticleJob, outDir: string, manifest: RunManifest): Promise<string | undefined> {
  const entry = manifest.articles.get(slug);
  // The manifest records the file each run was given (a web page's kept copy, for a fetched article).
  if (entry) return sourceKey(entry.file) === sourceKey(job.file) ? undefined : entry.file;
  // A store the manifest does not know (written elsewhere, copied in): it says where it came from itself.
  const owner = await new FolderStore(outDir).load(slug).then(
    (article) => article?.url ?? article?.sourcePath,
    // Damaged: the run reports it and never overwrites it (see harvestApprovals).
    () => undefined,
  );
  return owner === undefined || sourceKey(owner) === sourceKey(job.url ?? job.file) ? undefined : owner;
}

function sourceKey(source: string): string {
  return /^https?:\/\//i.test(source) ? source : path.resolve(source);
}

/**
 * `translate article.md page.html --out .` would write article.md and
 * page.html over the French originals: refused before anything is written.
 */
async function refuseOverwritingInputs(jobs: ArticleJob[], slugs: string[], outDir: string): Promise<void> {
  const real = (file: string) => realpath(file).catch(() => path.resolve(file));
  const inputs = new Map((await Promise.all(jobs.map(async (job) => [await real(job.file), job.file] as const))));
  const folder = await real(outDir);
  const outputs = [...slugs.flatMap((slug) => ['.json', '.md', '.html'].map((extension) => `${slug}${extension}`)), 'index.html'];
  for (const name of outputs) {
    const input = inputs.get(path.join(folder, name));
    if (input !== undefined) {
      throw new InputError(`would be overwritten by the output ${path.join(outDir, name)}`, { file: input, hint: 'give --out a folder other than the articles\' own (nothing was written)' });
    }
  }
}
