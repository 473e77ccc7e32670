// `diptych worker`: take article jobs from the queue and run each through the
// same pipeline as `diptych batch` (runTranslation on one article), with the
// cache and memory in the database and the output folder shared with the
// other workers. pg-boss holds the jobs: a job is fetched with a lease (its
// expiry); a worker killed mid-article never completes it, pg-boss's
// maintenance puts it back once the lease has run out, and another worker
// redoes it — paying only for the sentences nobody stored (claims, see
// shared-stores.ts). A job that fails is retried by pg-boss up to its limit
// and then stays failed, with the error as its output.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigError, describeError } from '../../core/errors.js';
import type { Glossary } from '../../glossary/index.js';
import { runTranslation, type GlossarySource, type RunReport, type TranslatorSource } from '../index.js';
import { identityKey } from '../run.js';
import { membersOf, type Translator, type TranslatorIdentity } from '../../translate/index.js';
import { isUiLang } from '../../core/i18n.js';
import { openStoreOfRecord, type ArticleStore } from '../../store/index.js';
import { redact, withReconnect } from './connection.js';
import { resolveJobFile, type ArticleJobData, type ArticleJobResult, type RunSettings } from './jobs.js';
import { openQueue, type QueueClient } from './queue-client.js';
import { QUEUE_NAME } from './schema.js';
import { SharedStores } from './shared-stores.js';
import { sharedManifestWriter } from './shared-manifest.js';

export interface WorkerOptions {
  url: string;
  /** Articles worked on at once. */
  concurrency: number;
  /** Output folder as this machine sees it (default: the batch's). */
  outDir?: string;
  /** Input folder as this machine sees it (default: the batch's). */
  inputDir?: string;
  /** The store of record the articles are committed to: a PostgreSQL address; default the queue's own database. */
  db?: string;
  /** Seconds a sentence claim lasts without renewal (a killed worker's sentences wait this long). */
  leaseSeconds?: number;
  /** The translator a run asks for, made from this machine's environment (keys stay on the worker). */
  translatorFor(settings: RunSettings): TranslatorSource;
  glossaryFor(settings: RunSettings): Glossary | GlossarySource;
  /** One line per finished job, and database trouble (never with the password). */
  log?: (line: string) => void;
  /** Stop fetching when aborted; jobs in progress finish first. */
  signal?: AbortSignal;
}

const IDLE_POLL_MS = 500;

export async function runWorker(options: WorkerOptions): Promise<void> {
  const id = `${hostname()}-${process.pid}`;
  const log = options.log ?? (() => undefined);
  let lastTrouble = '';
  const trouble = (error: unknown) => {
    const line = `database: ${redact(describeError(error), options.url)}`;
    if (line !== lastTrouble) log(line);
    lastTrouble = line;
  };
  const client = await openQueue(options.url, { maintenanceSeconds: 1, onError: trouble, applicationName: `diptych worker ${id}` });
  const stores = new SharedStores(client.pool, { owner: id, leaseSeconds: options.leaseSeconds ?? 10, url: options.url });
  const runs = new Map<string, Promise<PreparedRun>>();
  const records = storesOfRecord(options);
  const manifests = new Map<string, ReturnType<typeof sharedManifestWriter>>();
  const translators: Array<Promise<Translator>> = [];

  const prepare = (runId: string): Promise<PreparedRun> => {
    let prepared = runs.get(runId);
    if (!prepared) {
      prepared = prepareRun(client, options, runId, translators);
      prepared.catch(() => runs.delete(runId));
      runs.set(runId, prepared);
    }
    return prepared;
  };

  const handle = async (job: { id: string; data: ArticleJobData }): Promise<void> => {
    const data = job.data;
    log(`→ ${data.file}`);
    try {
      const { settings, translator, glossary } = await prepare(data.run);
      const outDir = options.outDir ?? settings.out;
      const file = await resolveJobFile(options.inputDir ?? settings.input, data);
      let saveManifest = manifests.get(outDir);
      if (!saveManifest) manifests.set(outDir, (saveManifest = sharedManifestWriter(client.pool, outDir, options.url)));
      // Claims are per article in progress: two articles of this worker never both pay for a sentence.
      const shared = await stores.forArticle(`${id}/${job.id}/${randomUUID()}`);
      const report = await runTranslation([{ file, slug: data.slug }], {
        outDir,
        translator,
        glossary,
        ...(isUiLang(settings.uiLang) ? { uiLang: settings.uiLang } : {}),
        concurrency: 1,
        ...(settings.translator.fix !== undefined ? { fix: settings.translator.fix } : {}),
        shared: { stores: shared, saveManifest },
        openStore: () => records.open(outDir),
      });
      const result = jobResult(report, data, id);
      await withReconnect(() => client.boss.complete(QUEUE_NAME, job.id, result), { url: options.url });
      log(`${result.kind === 'written' ? '✓' : '='} ${data.file} (${result.kind === 'written' ? `${result.segments} segments` : 'up to date'})`);
    } catch (error) {
      const message = redact(describeError(error), options.url);
      log(`✗ ${data.file}: ${message}`);
      await withReconnect(() => client.boss.fail(QUEUE_NAME, job.id, { message }), { url: options.url }).catch(trouble);
    }
  };

  const loop = async (): Promise<void> => {
    while (!options.signal?.aborted) {
      let jobs: Array<{ id: string; data: ArticleJobData }> = [];
      try {
        jobs = await client.boss.fetch<ArticleJobData>(QUEUE_NAME, { batchSize: 1 });
      } catch (error) {
        trouble(error);
      }
      const job = jobs[0];
      if (job) {
        await handle(job);
        continue;
      }
      await idle(IDLE_POLL_MS, options.signal);
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, () => loop()));
  } finally {
    for (const translator of translators) await translator.then((made) => made.close?.()).catch(() => undefined);
    await records.close();
    await client.close();
  }
}

interface PreparedRun {
  settings: RunSettings;
  translator: TranslatorSource;
  glossary: Glossary | GlossarySource;
}

/** What a finished job hands back to pg-boss; an article that failed or stopped throws, failing its job. */
function jobResult(report: RunReport, data: ArticleJobData, worker: string): ArticleJobResult {
  const outcome = report.articles[0]!;
  if (outcome.kind === 'failed') throw outcome.error;
  if (report.stopped !== undefined) throw report.stopped;
  if (outcome.kind === 'incomplete') throw outcome.error;
  const { elapsedMs: _elapsed, ...counts } = report.totals;
  return {
    kind: outcome.kind,
    file: data.file,
    slug: data.slug,
    counts,
    worker,
    ...(outcome.kind === 'written' ? { segments: outcome.segments, terms: outcome.terms, findings: outcome.findings.length, skipped: outcome.skipped } : {}),
  };
}

/**
 * A run's settings from the database and the translator this worker makes for it, refused when
 * that translator is not the one the batch asked for.
 */
async function prepareRun(client: QueueClient, options: WorkerOptions, runId: string, translators: Array<Promise<Translator>>): Promise<PreparedRun> {
  const { rows } = await withReconnect(() => client.pool.query<{ settings: RunSettings }>('SELECT settings FROM diptych_runs WHERE id = $1', [runId]), { url: options.url });
  const settings = rows[0]?.settings;
  if (!settings) throw new Error(`run ${runId} is not in the database (its batch was removed)`);
  const source = options.translatorFor(settings);
  // Keys come from each worker's environment, and so may the model or server (OPENAI_MODEL,
  // LIBRETRANSLATE_URL): a worker set up otherwise would store another engine's English
  // under this run's cache keys and provenance.
  if (identityKey(source.identity) !== identityKey(settings.translatorIdentity)) {
    throw new ConfigError(`this worker would translate with ${identityLabel(source.identity)}, but the batch asked for ${identityLabel(settings.translatorIdentity)}`, {
      hint: 'start the worker with the same translator settings as the batch (OPENAI_MODEL, OPENAI_BASE_URL, LIBRETRANSLATE_URL)',
    });
  }
  let instance: Promise<Translator> | undefined;
  // One translator per run for all its articles; the pipeline must not close it after each one.
  const translator: TranslatorSource = {
    identity: source.identity,
    create: () => {
      if (!instance) {
        instance = Promise.resolve(source.create());
        translators.push(instance);
      }
      return instance.then((made) => Object.create(made, { close: { value: undefined } }) as Translator);
    },
  };
  return { settings, translator, glossary: options.glossaryFor(settings) };
}

/** "openai (gpt-4o-mini; server=…, temperature=0)", members of a chain joined by " then ". */
function identityLabel(identity: TranslatorIdentity): string {
  return membersOf(identity)
    .map((member) => {
      const details = [member.model, ...Object.entries(member.settings).map(([key, value]) => `${key}=${value}`)].filter(Boolean);
      return details.length > 0 ? `${member.engine} (${details.join('; ')})` : member.engine;
    })
    .join(' then ');
}

function idle(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export type { QueueClient };

/**
 * One store of record per output folder, opened once for the worker's life:
 * the queue's database by default, so workers on other machines need no
 * shared volume to keep the record.
 */
function storesOfRecord(options: Pick<WorkerOptions, 'db' | 'url'>) {
  const opened = new Map<string, Promise<ArticleStore & { close(): Promise<void> }>>();
  return {
    open(outDir: string) {
      let record = opened.get(outDir);
      if (!record) {
        record = openStoreOfRecord({ outDir, db: options.db ?? options.url });
        record.catch(() => opened.delete(outDir));
        opened.set(outDir, record);
      }
      return record;
    },
    async close() {
      for (const record of opened.values()) await record.then((store) => store.close()).catch(() => undefined);
    },
  };
}
