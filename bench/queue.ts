// Batch over the PostgreSQL queue against one in-process batch, all in this
// one run: 100 generated French articles through the fake DeepL server (our
// own, on 127.0.0.1), which waits a fixed time before answering each request,
// so that the figures measure concurrency rather than this machine's CPU.
//   - baseline: `diptych batch` (no queue), one process;
//   - `diptych batch --queue … --wait` with 1, 2 and 4 `diptych worker`
//     processes already waiting (as a team runs them), each into a fresh
//     database and output folder; throughput = articles / wall time of the
//     batch command, as a ratio to the baseline's;
//   - two workers, one killed with kill -9 while its request for an article
//     is in flight: the characters DeepL billed, against the baseline's. The
//     kill lands where a real one mostly does, while the worker waits on
//     DeepL: the fake holds that request, stops answering any, and the kill
//     comes once every answer given so far is stored. (A kill in the few
//     milliseconds between an answer and its commit loses that answer, paid
//     for; no design can give it back — DeepL bills what it answered.)
// A throwaway PostgreSQL cluster (Debian's packages) is started and removed,
// also when the bench is interrupted (SIGINT, SIGTERM). Each phase prints its
// line on stderr as it ends.
// Run: npm run bench:queue (or as part of npm run bench). Knobs:
// BENCH_QUEUE_DELAY_MS (1000), BENCH_QUEUE_WORKERS (1,2,4), BENCH_QUEUE_DEBUG=1
// (workers' logs), BENCH_NODE_ARGS (e.g. --cpu-prof for every diptych process).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAKE_KEY, startFakeDeepL, type FakeDeepL } from '../test/fakes/deepl.js';
import { query, startPostgres, type TestPostgres } from '../test/support/postgres.js';

export interface QueueBench {
  articles: number;
  characters: number;
  delayMs: number;
  baselineSeconds: number;
  /** Workers → wall seconds and throughput relative to the baseline. */
  workers: Array<{ workers: number; seconds: number; ratio: number; started: number[] }>;
  billed: { clean: number; killed: number; killedArticle: string };
}

const here = path.dirname(fileURLToPath(import.meta.url));
function repoRoot(): string {
  let folder = here;
  while (!existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder);
  return folder;
}
const root = repoRoot();
const cli = path.join(root, 'dist/bundle/cli/main.js');

const ARTICLES = 100;
const DELAY_MS = Number(process.env['BENCH_QUEUE_DELAY_MS'] ?? 1000);
/** Worker counts measured (default 1, 2, 4). */
const COUNTS = (process.env['BENCH_QUEUE_WORKERS'] ?? '1,2,4').split(',').filter(Boolean).map(Number);
const WORDS = ['conseil', 'budget', 'marché', 'pont', 'école', 'hôpital', 'port', 'stade', 'musée', 'tribunal'];

/**
 * Article n: a title and seven paragraphs of seven short sentences, all its
 * own: 50 units, one full DeepL request (50 texts at most), so the in-process
 * batch, which packs units of several articles into each request, sends as
 * many requests as the workers do. Short, so that reading, segmenting and
 * rendering (CPU this shared machine is short of) stay small beside the delay.
 */
function article(n: number): string {
  const paragraphs = Array.from({ length: 7 }, (_, p) =>
    Array.from({ length: 7 }, (_, s) => `Dans la commune ${n}, le ${WORDS[(p + s) % WORDS.length]} ${p}-${s} a siégé.`).join(' '),
  );
  return [`Chronique municipale ${n}`, ...paragraphs].join('\n\n') + '\n';
}

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Every diptych process started, so that an interrupted bench stops them all. */
const children = new Set<ChildProcess>();

function start(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, [...(process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean), cli, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  children.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { process: child, output: () => output, exited };
}

async function until(condition: () => boolean | Promise<boolean>, what: () => string, limitMs = 120_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startWorkers(count: number, url: string, env: NodeJS.ProcessEnv): Promise<Child[]> {
  const workers = Array.from({ length: count }, () => start(['worker', '--queue', url, '--concurrency', '4', '--lease', '3'], env));
  for (const worker of workers) await until(() => worker.output().includes('waiting for articles'), () => `worker did not start: ${worker.output()}`);
  return workers;
}

/** Articles each worker started (a job that came back after a lease is started again elsewhere). */
function startedPerWorker(workers: Child[]): number[] {
  return workers.map((worker) => worker.output().split('\n').filter((line) => line.startsWith('→ ')).length);
}

async function stopWorkers(workers: Child[]): Promise<void> {
  for (const worker of workers) if (worker.process.exitCode === null && worker.process.signalCode === null) worker.process.kill('SIGTERM');
  await Promise.all(workers.map((worker) => worker.exited));
}

/** Wall seconds of a command that must succeed. */
async function timedRun(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = start(args, env);
  const code = await child.exited;
  if (code !== 0) throw new Error(`diptych ${args.join(' ')} exited with ${code}: ${child.output().slice(-2000)}`);
  return (performance.now() - started) / 1000;
}

/** Characters the workers recorded as paid, in one run's database. */
async function paidInDatabase(url: string): Promise<number> {
  const [row] = await query<{ sum: string | null }>(url, 'SELECT sum(billed_characters) AS sum FROM diptych_translations');
  return Number(row?.sum ?? 0);
}

export async function benchQueue(progress: (line: string) => void = () => undefined): Promise<QueueBench> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'diptych-bench-queue-'));
  let server: TestPostgres | undefined;
  let deepl: FakeDeepL | undefined;
  const cleanUp = async () => {
    for (const child of children) child.kill('SIGKILL');
    await deepl?.close();
    await server?.stop();
    await rm(scratch, { recursive: true, force: true });
  };
  // Interrupted: leave no cluster, worker or scratch folder behind. The phase in progress then
  // fails (its processes are killed); it waits for this clean-up, which ends the process.
  let interruption: Promise<void> | undefined;
  const interrupted = (signal: NodeJS.Signals) => {
    process.stderr.write(`bench:queue: ${signal}, stopping PostgreSQL and the workers\n`);
    interruption = cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    server = await startPostgres();
    deepl = await startFakeDeepL({ delayMs: DELAY_MS });
    const input = path.join(scratch, 'in');
    await mkdir(input);
    let characters = 0;
    for (let n = 1; n <= ARTICLES; n++) {
      const text = article(n);
      characters += text.length;
      await writeFile(path.join(input, `a${String(n).padStart(3, '0')}.txt`), text);
    }
    const env = { ...process.env, DEEPL_AUTH_KEY: FAKE_KEY, DEEPL_SERVER_URL: deepl.url, DIPTYCH_QUEUE_URL: '' };
    const common = ['--translator', 'deepl', '--glossary', path.join(root, 'glossary')];
    let databases = 0;

    const billedBefore = deepl.billed;
    const baselineSeconds = await timedRun(['batch', input, '--out', path.join(scratch, 'baseline'), ...common, '--quiet'], env);
    const cleanBilled = deepl.billed - billedBefore;
    progress(`baseline, one in-process batch: ${baselineSeconds.toFixed(2)} s, ${cleanBilled.toLocaleString('en')} characters billed`);

    const workers: QueueBench['workers'] = [];
    for (const count of COUNTS) {
      const url = await server.createDatabase(`bench${++databases}`);
      const team = await startWorkers(count, url, env);
      try {
        const seconds = await timedRun(['batch', input, '--out', path.join(scratch, `team-${count}`), ...common, '--queue', url, '--wait', '--quiet'], env);
        workers.push({ workers: count, seconds, ratio: baselineSeconds / seconds, started: startedPerWorker(team) });
        progress(`${count} worker${count === 1 ? '' : 's'}: ${seconds.toFixed(2)} s, ${(baselineSeconds / seconds).toFixed(2)}× the baseline`);
        if (process.env['BENCH_QUEUE_DEBUG']) for (const worker of team) console.error(worker.output());
      } finally {
        await stopWorkers(team);
      }
    }

    // Two workers, one killed in the middle of an article (its request held at the fake until the kill).
    const url = await server.createDatabase(`bench${++databases}`);
    const killedArticle = 'a050.txt';
    const hold = deepl.hold('Dans la commune 50,');
    const team = await startWorkers(2, url, env);
    const before = deepl.billed;
    const sentBefore = deepl.translated.length;
    try {
      const batch = start(['batch', input, '--out', path.join(scratch, 'killed'), ...common, '--queue', url, '--wait', '--quiet', '--job-timeout', '5'], env);
      await hold.arrived;
      const holder = team.find((worker) => worker.output().includes(`→ ${killedArticle}`));
      if (!holder) throw new Error('no worker says it took the held article');
      // Answer nothing more, and kill once every answer given is in the database:
      // the worker dies waiting on DeepL, not in the middle of storing an answer.
      const paused = deepl.pause();
      await until(async () => (await paidInDatabase(url)) === deepl!.billed - before, () => 'the workers did not store what DeepL answered');
      holder.process.kill('SIGKILL');
      await holder.exited;
      paused.resume();
      hold.release();
      const code = await batch.exited;
      if (code !== 0) throw new Error(`batch with a killed worker exited with ${code}: ${batch.output().slice(-2000)}\n${team.map((worker) => `worker (exit ${worker.process.exitCode ?? worker.process.signalCode}): ${worker.output().slice(-2000)}`).join('\n')}`);
      if (process.env['BENCH_QUEUE_DEBUG']) {
        const seen = new Map<string, number>();
        for (const text of deepl.translated.slice(sentBefore)) seen.set(text, (seen.get(text) ?? 0) + 1);
        console.error('sent twice:', [...seen].filter(([, count]) => count > 1).map(([text]) => text).slice(0, 10));
        for (const worker of team) console.error(worker.output());
      }
    } finally {
      hold.release();
      await stopWorkers(team);
    }
    progress(`2 workers, one killed: ${(deepl.billed - before).toLocaleString('en')} characters billed, against ${cleanBilled.toLocaleString('en')} for the clean run`);
    return {
      articles: ARTICLES,
      characters,
      delayMs: DELAY_MS,
      baselineSeconds,
      workers,
      billed: { clean: cleanBilled, killed: deepl.billed - before, killedArticle },
    };
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await (interruption ?? cleanUp());
  }
}

export function queueRows(b: QueueBench): Array<{ measure: string; value: string; target: string; pass?: boolean }> {
  const aims = new Map([
    [2, 1.8],
    [4, 3.2],
  ]);
  return [
    { measure: `queue — ${b.articles} articles (${b.characters.toLocaleString('en')} characters), fake DeepL answering after ${b.delayMs} ms`, value: '', target: '' },
    { measure: 'one in-process `diptych batch`', value: `${b.baselineSeconds.toFixed(2)} s`, target: 'baseline' },
    ...b.workers.map(({ workers, seconds, ratio, started }) => {
      const aim = aims.get(workers);
      return {
        measure: `\`batch --queue --wait\`, ${workers} worker process${workers === 1 ? '' : 'es'} (--concurrency 4)`,
        value: `${seconds.toFixed(2)} s = ${ratio.toFixed(2)}× throughput (articles per worker: ${started.join(', ')})`,
        target: aim ? `≥ ${aim}×` : '',
        ...(aim ? { pass: ratio >= aim } : {}),
      };
    }),
    {
      measure: `characters billed: 2 workers, one killed -9 mid-${b.billed.killedArticle} vs clean single run`,
      value: `${b.billed.killed.toLocaleString('en')} vs ${b.billed.clean.toLocaleString('en')}`,
      target: 'equal',
      pass: b.billed.killed === b.billed.clean,
    },
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = queueRows(await benchQueue((line) => process.stderr.write(`bench:queue: ${line}\n`)));
  for (const row of rows) console.log(`${row.measure}${row.value ? `: ${row.value}` : ''}${row.target ? ` (target ${row.target}${row.pass === undefined ? '' : row.pass ? ', pass' : ', FAIL'})` : ''}`);
}
