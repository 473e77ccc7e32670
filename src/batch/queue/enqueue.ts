// `diptych batch <dir> --queue …`: plan exactly as the embedded batch does
// (same manifest, up-to-date articles skipped), store the run's settings,
// enqueue one pg-boss job per article that needs work, and, when asked to
// wait, follow the jobs until each has completed or failed, showing the whole
// run's progress across workers, then write the corpus index and return the
// same report as the embedded batch.

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { UiLang } from '../../core/i18n.js';
import { allSegments } from '../../core/segments.js';
import type { Glossary } from '../../glossary/index.js';
import { planRun, type ArticleJob, type ArticleOutcome, type GlossarySource, type RunCounts, type RunProgress, type RunPlan, type RunReport, type TranslatorSource, type TranslatorSpec } from '../index.js';
import { FolderStore, loadManifest } from '../../store/index.js';
import { runReport } from '../run.js';
import { redactError, withReconnect } from './connection.js';
import { jobPath, type ArticleJobData, type ArticleJobResult, type RunSettings } from './jobs.js';
import { openQueue, type QueueClient } from './queue-client.js';
import { QUEUE_NAME } from './schema.js';

export interface QueuedBatchOptions {
  url: string;
  /** The folder the jobs' paths are relative to. */
  inputDir: string;
  outDir: string;
  translator: TranslatorSource;
  /** What `translator` was made from, for the workers to make the same translator. */
  spec: TranslatorSpec;
  glossary: Glossary | GlossarySource;
  uiLang: UiLang;
  force?: boolean;
  /** Follow the jobs until they are done. */
  wait: boolean;
  /** Seconds a worker has for one article before pg-boss gives the job to another (a killed worker's lease). */
  jobTimeoutSeconds: number;
  /** Attempts after the first for a failing article. */
  retries: number;
  corpusIndex: boolean;
  onQueued?: (info: { run: string; queued: number; upToDate: number }) => void;
  onProgress?: (progress: RunProgress) => void;
}

export interface QueuedBatchReport {
  run: string;
  queued: number;
  /** The run's report, when it was waited for. */
  report?: RunReport;
}

const WAIT_POLL_MS = 300;

const ZERO: RunCounts = { articles: 0, skipped: 0, written: 0, failed: 0, incomplete: 0, segments: 0, cached: 0, memory: 0, kept: 0, sent: 0, characters: 0, billed: 0 };

export async function runQueuedBatch(jobs: ArticleJob[], options: QueuedBatchOptions): Promise<QueuedBatchReport> {
  const started = performance.now();
  const plan = await planRun(jobs, {
    outDir: options.outDir,
    translator: options.translator,
    glossary: options.glossary,
    uiLang: options.uiLang,
    ...(options.force ? { force: true } : {}),
    ...(options.spec.fix !== undefined ? { fix: options.spec.fix } : {}),
  });
  // A broken glossary stops here, before anything is queued (the embedded batch does the same).
  if (plan.dirty.length > 0) await plan.glossary.load();
  const client = await openQueue(options.url, { applicationName: 'diptych batch' });
  try {
    const run = randomUUID();
    const settings: RunSettings = {
      input: path.resolve(options.inputDir),
      out: path.resolve(options.outDir),
      translator: options.spec,
      translatorIdentity: plan.identity,
      ...('location' in options.glossary ? { glossary: path.resolve(options.glossary.location) } : {}),
      uiLang: options.uiLang,
    };
    const ids = new Map<string, string>();
    await insertJobs(client, options, plan, run, settings, ids);
    options.onQueued?.({ run, queued: plan.dirty.length, upToDate: plan.fresh.length });
    if (!options.wait) return { run, queued: plan.dirty.length };

    const results = new Map<string, JobState>();
    const report = (done: boolean): RunProgress => {
      const counts: RunCounts = { ...ZERO, articles: plan.planned.length, skipped: plan.fresh.length };
      for (const state of results.values()) {
        if (state.state === 'completed' && state.output) {
          const result = state.output as ArticleJobResult;
          for (const key of ['segments', 'cached', 'memory', 'kept', 'sent', 'characters', 'billed'] as const) counts[key] += result.counts[key] ?? 0;
          // Planned as needing work: written in this run, whichever attempt did it.
          counts.written++;
        } else if (state.state === 'failed' || (done && state.state !== 'completed')) counts.failed++;
      }
      return { ...counts, elapsedMs: performance.now() - started };
    };
    let last = '';
    for (;;) {
      const states = await withReconnect(() => jobStates(client.pool, run), { url: options.url, patienceMs: 600_000 });
      for (const state of states) results.set(state.id, state);
      const progress = report(false);
      const signature = JSON.stringify(progress, (key, value: unknown) => (key === 'elapsedMs' ? undefined : value));
      if (signature !== last) {
        last = signature;
        options.onProgress?.(progress);
      }
      const finished = [...ids.values()].every((id) => FINAL.has(results.get(id)?.state ?? ''));
      if (finished) break;
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }

    const articles = await outcomesOf(plan, ids, results, options.outDir);
    let index: string | undefined;
    if (options.corpusIndex) {
      const { writeCorpusIndex } = await import('../process-articles.js');
      index = await writeCorpusIndex(options.outDir, await loadManifest(options.outDir), plan.planned.map((item) => item.slug), options.uiLang);
    }
    const totals = report(true);
    return {
      run,
      queued: plan.dirty.length,
      report: {
        ...runReport(articles, totals, index ? { index } : {}),
        ...renamedIn(plan.planned),
      },
    };
  } catch (error) {
    throw redactError(error, options.url);
  } finally {
    await client.close();
  }
}

/**
 * The run and one job per article that needs work. Job ids are fixed before the first attempt,
 * so after a lost connection only what is not yet in is inserted again.
 */
async function insertJobs(client: QueueClient, options: QueuedBatchOptions, plan: RunPlan, run: string, settings: RunSettings, ids: Map<string, string>): Promise<void> {
  const inserted = new Set<string>();
  await withReconnect(
    async () => {
      await client.pool.query('INSERT INTO diptych_runs (id, settings) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [run, JSON.stringify(settings)]);
      const batch = plan.dirty.map((item) => {
        const id = ids.get(item.slug) ?? randomUUID();
        ids.set(item.slug, id);
        const data: ArticleJobData = { run, file: jobPath(settings.input, item.file), slug: item.slug };
        return { id, name: QUEUE_NAME, data, expireInSeconds: options.jobTimeoutSeconds, retryLimit: options.retries, retryDelay: 1 };
      });
      // Fixed ids, in slices: after a lost connection, only the slices not yet in are inserted again.
      for (let i = 0; i < batch.length; i += 500) {
        const slice = batch.slice(i, i + 500).filter((job) => !inserted.has(job.id));
        if (slice.length > 0) await client.boss.insert(slice);
        for (const job of slice) inserted.add(job.id);
      }
    },
    { url: options.url },
  );
}

/** Each planned article's outcome from its job's final state (no job: it was up to date). */
async function outcomesOf(plan: RunPlan, ids: Map<string, string>, results: Map<string, JobState>, outDir: string): Promise<ArticleOutcome[]> {
  const articles: ArticleOutcome[] = [];
  for (const item of plan.planned) {
    const id = ids.get(item.slug);
    const state = id ? results.get(id) : undefined;
    if (!state) {
      articles.push({ kind: 'skipped', file: item.file, slug: item.slug });
    } else if (state.state === 'completed') {
      // A job pg-boss handed out again (its first worker overran --job-timeout) may end "up to
      // date": the article was still written in this run, by that first attempt.
      articles.push(await writtenOutcome(item, outDir, state.output as ArticleJobResult | null));
    } else {
      const message = (state.output as { message?: string } | null)?.message ?? `job ended ${state.state}`;
      articles.push({ kind: 'failed', file: item.file, slug: item.slug, error: new Error(message) });
    }
  }
  return articles;
}

const FINAL = new Set(['completed', 'failed', 'cancelled']);

interface JobState {
  id: string;
  state: string;
  output: unknown;
}

/** The run's jobs as pg-boss holds them, finished ones included (they may have been archived). */
async function jobStates(pool: import('pg').Pool, run: string): Promise<JobState[]> {
  const { rows } = await pool.query<JobState>(
    `SELECT id::text AS id, state::text AS state, output FROM pgboss.job WHERE name = $1 AND data->>'run' = $2
     UNION ALL
     SELECT id::text AS id, state::text AS state, output FROM pgboss.archive WHERE name = $1 AND data->>'run' = $2`,
    [QUEUE_NAME, run],
  );
  return rows;
}

/** The outcome of an article a worker wrote, as the embedded batch reports it (counts from its store). */
async function writtenOutcome(item: { file: string; slug: string }, outDir: string, result: ArticleJobResult | null): Promise<ArticleOutcome> {
  const base = path.join(outDir, item.slug);
  const article = await new FolderStore(outDir).load(item.slug).catch(() => undefined);
  const segments = article ? allSegments(article) : [];
  const terms = segments.flatMap((segment) => segment.terms);
  return {
    kind: 'written',
    file: item.file,
    slug: item.slug,
    outputs: { json: `${base}.json`, md: `${base}.md`, html: `${base}.html` },
    segments: segments.length,
    terms: { found: terms.length, satisfied: terms.filter((term) => term.satisfied).length },
    findings: segments.flatMap((segment) => segment.findings),
    skipped: result?.skipped ?? article?.skipped ?? [],
  };
}

/** Articles named otherwise than their own name because its store holds another article: the report says so. */
function renamedIn(planned: RunPlan['planned']): Pick<RunReport, 'renamed'> {
  const renamed = planned.flatMap((item) => (item.taken ? [{ file: item.file, slug: item.slug, taken: item.taken }] : []));
  return renamed.length > 0 ? { renamed } : {};
}
