// `diptych batch --queue` and `diptych worker` as a team runs them: a
// throwaway PostgreSQL cluster (test/support/postgres.ts), worker processes,
// and the fake DeepL server, which can hold a request so that a kill -9 or a
// database restart lands in the middle of an article deterministically.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import { FAKE_KEY, startFakeDeepL, type FakeDeepL } from './fakes/deepl.js';
import { startFakeLibreTranslate } from './fakes/libretranslate.js';
import { cliPath, repoRoot, tempDir } from './support/cli.js';
import { openQueue } from '../src/batch/queue/queue-client.js';
import { QUEUE_NAME } from '../src/batch/queue/schema.js';
import { query, startPostgres, type TestPostgres } from './support/postgres.js';

let server: TestPostgres;
let databases = 0;
/** Everything any child process printed, to check that no password was ever shown. */
const printed: string[] = [];

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const PARTS = ['conseil', 'budget', 'marché', 'pont', 'école', 'hôpital', 'port', 'stade', 'musée', 'tribunal'];
/** The same paragraph in every article: workers race for its sentences. */
const COMMON = 'Le préfet a rappelé les règles du stationnement. Les commerçants ont demandé un délai. La mairie répondra la semaine prochaine.';

/** Article n: a title, three paragraphs of its own and the common one (13 sentences). */
function article(n: number): string {
  const own = Array.from({ length: 3 }, (_, p) =>
    Array.from({ length: 3 }, (_, s) => `Dans la commune ${n}, le ${PARTS[(p + s) % PARTS.length]} a examiné le dossier ${p}-${s} devant les habitants.`).join(' '),
  );
  return [`Chronique municipale numéro ${n}`, ...own, COMMON].join('\n\n') + '\n';
}

const name = (n: number) => `a${String(n).padStart(2, '0')}`;

async function writeArticles(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let n = 1; n <= count; n++) await writeFile(path.join(dir, `${name(n)}.txt`), article(n));
}

interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<Finished>;
}

/** Processes a test started and has not seen end: a test that fails half-way leaves none running. */
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
});

function start(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Finished>((resolve) =>
    child.on('close', (status) => {
      running.delete(child);
      printed.push(stdout, stderr);
      resolve({ status, stdout, stderr });
    }),
  );
  return { process: child, output: () => stdout + stderr, exited };
}

/**
 * A worker, once it is waiting for jobs. Its sentence claims last `lease`
 * seconds without renewal (renewed every second): long by default, so that a
 * live worker starved of CPU, or a database restart, never lets a claim lapse
 * and another worker pay for the same sentence; short only where a killed
 * worker's claims must lapse.
 */
async function startWorker(url: string, env: NodeJS.ProcessEnv, options: { concurrency?: number; lease?: number } = {}): Promise<Child> {
  const worker = start(['worker', '--queue', url, '--concurrency', String(options.concurrency ?? 1), '--lease', String(options.lease ?? 120)], env);
  await until(() => worker.output().includes('waiting for articles') || worker.process.exitCode !== null, () => `worker never started: ${worker.output()}`);
  if (worker.process.exitCode !== null) throw new Error(`worker exited with ${worker.process.exitCode}: ${worker.output()}`);
  return worker;
}

async function stopWorker(worker: Child): Promise<Finished> {
  worker.process.kill('SIGTERM');
  return worker.exited;
}

/** Wait for a condition another process brings about (no fixed sleeps); fails, saying what it waited for, well within the tests' budget. */
async function until(condition: () => boolean | Promise<boolean>, describe: () => string, limitMs = 180_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function deeplEnv(deepl: FakeDeepL): NodeJS.ProcessEnv {
  return { ...process.env, DEEPL_AUTH_KEY: FAKE_KEY, DEEPL_SERVER_URL: deepl.url, DIPTYCH_QUEUE_URL: '' };
}

async function freshDatabase(): Promise<string> {
  return server.createDatabase(`t${++databases}`);
}

async function stores(out: string): Promise<Map<string, Article>> {
  const files = (await readdir(out)).filter((file) => file.endsWith('.json')).sort();
  return new Map(await Promise.all(files.map(async (file) => [file.replace(/\.json$/, ''), (JSON.parse(await readFile(path.join(out, file), 'utf8')) as { article: Article }).article] as const)));
}

const segmentsOf = (article: Article) => article.blocks.flatMap((block) => block.segments);

function expectBilledOnce(deepl: FakeDeepL): void {
  const seen = new Map<string, number>();
  for (const text of deepl.translated) seen.set(text, (seen.get(text) ?? 0) + 1);
  expect([...seen].filter(([, count]) => count > 1)).toEqual([]);
}

/** Sentences of articles 1..count, each once (the common paragraph's three once for all). */
const uniqueSentences = (count: number) => count * 10 + 3;

// Worker processes, a batch, PostgreSQL and a fake DeepL per test: on a loaded
// 2-core machine a test can take several times what it takes alone; the budget
// catches a hang, it is not a speed check.
describe('batch over a PostgreSQL queue with worker processes', { timeout: 240_000 }, () => {
  it('two workers share 20 articles; DeepL is billed once per sentence, even for sentences both need at once', async () => {
    const url = await freshDatabase();
    const deepl = await startFakeDeepL();
    const dir = await tempDir('queue-share');
    const input = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    await writeArticles(input, 20);
    const env = deeplEnv(deepl);
    // The first request holding the common paragraph is held while two more
    // articles start, on the other worker and on the same one: both must wait
    // for those sentences, not pay for them again.
    const hold = deepl.hold(COMMON.split('. ')[0]!);
    const workers = [await startWorker(url, env, { concurrency: 2 }), await startWorker(url, env, { concurrency: 2 })];
    try {
      const batch = start(['batch', input, '--out', out, '--translator', 'deepl', '--queue', url, '--wait'], env);
      await hold.arrived;
      const active = async () => (await query(url, `SELECT 1 FROM pgboss.job WHERE state = 'active'`)).length === 4;
      await until(active, () => `the other worker took no article: ${workers.map((w) => w.output()).join('\n')}`);
      hold.release();
      const result = await batch.exited;
      expect(result.stderr).not.toContain('✗');
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('20 written, 0 failed');

      const written = await stores(out);
      expect([...written.keys()]).toEqual(Array.from({ length: 20 }, (_, i) => name(i + 1)));
      for (const article of written.values()) {
        for (const segment of segmentsOf(article)) {
          expect(segment.target).toBe(`[en] ${segment.source}`);
          expect(segment.provenance?.translator).toBe('deepl');
        }
      }
      expectBilledOnce(deepl);
      expect(deepl.translated).toHaveLength(uniqueSentences(20));
      // What the database recorded as paid is what DeepL billed.
      const [paid] = await query<{ sum: string }>(url, 'SELECT sum(billed_characters) AS sum FROM diptych_translations');
      expect(Number(paid!.sum)).toBe(deepl.billed);
      // Both workers took articles (each had two in progress at the hold).
      for (const worker of workers) expect(worker.output()).toContain('✓ a');

      // Same manifest as the embedded batch: a second run finds everything up to date and queues nothing.
      const again = start(['batch', input, '--out', out, '--translator', 'deepl', '--queue', url, '--wait'], env);
      const second = await again.exited;
      expect(second.status, second.stderr).toBe(0);
      expect(second.stderr).toContain('queued 0 articles (20 up to date)');
      expect(await readFile(path.join(out, 'index.html'), 'utf8')).toContain('a20');
    } finally {
      hold.release();
      for (const worker of workers) await stopWorker(worker);
      await deepl.close();
    }
  });

  it('processes connecting at the same moment to an empty database all get a working queue', async () => {
    // What a team's workers do when started together; in one process, so that they collide for sure.
    const url = await freshDatabase();
    const clients = await Promise.all([1, 2, 3].map(() => openQueue(url)));
    try {
      for (const client of clients) expect(await client.boss.getQueue(QUEUE_NAME)).toMatchObject({ name: QUEUE_NAME });
    } finally {
      for (const client of clients) await client.close();
    }
  });

  it('a worker killed with kill -9 mid-article: the job comes back after its lease, another worker finishes, nothing is billed twice', async () => {
    const url = await freshDatabase();
    const deepl = await startFakeDeepL();
    const dir = await tempDir('queue-kill');
    const input = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    await writeArticles(input, 3);
    const env = deeplEnv(deepl);
    const hold = deepl.hold('Dans la commune 1,');
    // The killed worker's claims on article 1's sentences lapse after 2 s.
    const first = await startWorker(url, env, { lease: 2 });
    let second: Child | undefined;
    try {
      const batch = start(['batch', input, '--out', out, '--translator', 'deepl', '--queue', url, '--wait', '--job-timeout', '5'], env);
      await hold.arrived;
      first.process.kill('SIGKILL');
      await first.exited;
      // Killed in the middle of article 1: nothing of it was written, not even a temporary file.
      expect((await readdir(out).catch(() => [] as string[])).filter((file) => file.startsWith('a01'))).toEqual([]);

      second = await startWorker(url, env);
      const result = await batch.exited;
      expect(result.status, result.stderr + second.output()).toBe(0);
      expect(result.stdout).toContain('3 written, 0 failed');
      const written = await stores(out);
      expect(written.size).toBe(3);
      for (const article of written.values()) for (const segment of segmentsOf(article)) expect(segment.target).toBe(`[en] ${segment.source}`);
      expect((await readdir(out)).filter((file) => !/^(a0[1-3]\.(json|md|html)|index\.html|\.diptych)$/.test(file))).toEqual([]);
      // The held request was never answered, so never billed; article 1 was paid for once, by the second worker.
      expectBilledOnce(deepl);
      expect(deepl.translated).toHaveLength(uniqueSentences(3));

      // Against a clean single run of the same articles: the same characters billed.
      const clean = await startFakeDeepL();
      const single = start(['batch', input, '--out', path.join(dir, 'clean'), '--translator', 'deepl'], deeplEnv(clean));
      expect((await single.exited).status).toBe(0);
      expect(deepl.billed).toBe(clean.billed);
      await clean.close();
    } finally {
      hold.release();
      if (second) await stopWorker(second);
      await deepl.close();
    }
  });

  it('PostgreSQL restarted in the middle of a run: workers reconnect and the run completes', async () => {
    const url = await freshDatabase();
    const deepl = await startFakeDeepL();
    const dir = await tempDir('queue-restart');
    const input = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    await writeArticles(input, 6);
    const env = deeplEnv(deepl);
    const hold = deepl.hold('Dans la commune 3,');
    const workers = [await startWorker(url, env), await startWorker(url, env)];
    try {
      const batch = start(['batch', input, '--out', out, '--translator', 'deepl', '--queue', url, '--wait'], env);
      await hold.arrived;
      await server.restart();
      hold.release();
      // Should the run not end, say what each process last printed rather than time out in silence.
      const report = () => [`batch:\n${batch.output()}`, ...workers.map((worker, i) => `worker ${i + 1}:\n${worker.output()}`)].join('\n');
      await until(() => batch.process.exitCode !== null || batch.process.signalCode !== null, () => `the run did not end after the restart\n${report()}`);
      const result = await batch.exited;
      expect(result.status, result.stderr + workers.map((w) => w.output()).join('\n')).toBe(0);
      expect(result.stdout).toContain('6 written, 0 failed');
      expect((await stores(out)).size).toBe(6);
      expectBilledOnce(deepl);
    } finally {
      hold.release();
      for (const worker of workers) await stopWorker(worker);
      await deepl.close();
    }
  });

  it('a worker set up with another model than the batch refuses its jobs, saying which, and translates nothing', async () => {
    const url = await freshDatabase();
    const libre = await startFakeLibreTranslate();
    const dir = await tempDir('queue-identity');
    const input = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    await writeArticles(input, 2);
    const batchEnv = { ...process.env, LIBRETRANSLATE_URL: libre.url, DIPTYCH_QUEUE_URL: '' };
    // The same engine on another server: another model behind the same name.
    const worker = await startWorker(url, { ...batchEnv, LIBRETRANSLATE_URL: `${libre.url}/other` });
    try {
      const result = await start(['batch', input, '--out', out, '--translator', 'libretranslate', '--queue', url, '--wait', '--retries', '0'], batchEnv).exited;
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('2 failed');
      expect(result.stderr).toContain(`this worker would translate with libretranslate (server=${libre.url}/other), but the batch asked for libretranslate (server=${libre.url})`);
      expect(libre.requests.filter((request) => request.path.startsWith('/translate'))).toEqual([]);
      expect(await stores(out)).toEqual(new Map());
    } finally {
      await stopWorker(worker);
      await libre.close();
    }
  });

  it('an article that keeps failing ends failed with its error in the summary; the others complete', async () => {
    const url = await freshDatabase();
    const deepl = await startFakeDeepL();
    const dir = await tempDir('queue-fail');
    const input = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    await writeArticles(input, 4);
    // Not UTF-8: the reader refuses it, on every attempt.
    await writeFile(path.join(input, 'broken.txt'), Buffer.from([0x4c, 0x65, 0x20, 0xff, 0xfe, 0x0a]));
    const env = deeplEnv(deepl);
    const worker = await startWorker(url, env);
    try {
      const result = await start(['batch', input, '--out', out, '--translator', 'deepl', '--queue', url, '--wait', '--retries', '1'], env).exited;
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('4 written, 1 failed');
      expect(result.stderr).toMatch(/✗ .*broken\.txt.*UTF-8/);
      expect((await stores(out)).size).toBe(4);
      const [job] = await query<{ state: string; retry_count: number }>(url, `SELECT state, retry_count FROM pgboss.job WHERE data->>'file' = 'broken.txt'`);
      expect(job).toEqual({ state: 'failed', retry_count: 1 });
    } finally {
      await stopWorker(worker);
      await deepl.close();
    }
  });

  it('cache export and import: a single machine history moves into the database and back, and the team pays nothing for it', async () => {
    const url = await freshDatabase();
    const deepl = await startFakeDeepL();
    const dir = await tempDir('queue-cache');
    const input = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    await writeArticles(input, 3);
    const env = deeplEnv(deepl);
    expect((await start(['batch', input, '--out', out, '--translator', 'deepl'], env).exited).status).toBe(0);
    // A reviewer approves one sentence with their own English; the next run takes it into the memory.
    const storeFile = path.join(out, 'a02.json');
    const stored = JSON.parse(await readFile(storeFile, 'utf8')) as { article: Article };
    const approved = segmentsOf(stored.article)[1]!;
    approved.target = 'In municipality 2, the budget reviewed file 0-1 before the residents.';
    approved.state = 'reviewed';
    approved.provenance = { ...approved.provenance!, edited: true, at: '2026-11-30T10:00:00.000Z' };
    await writeFile(storeFile, JSON.stringify(stored));
    expect((await start(['batch', input, '--out', out, '--translator', 'deepl'], env).exited).status).toBe(0);
    const billedAlone = deepl.billed;

    const imported = await start(['cache', 'import', '--out', out, '--queue', url], env).exited;
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`^${uniqueSentences(3)} translations and 1 approval moved`));
    // Importing twice adds nothing.
    expect((await start(['cache', 'import', '--out', out, '--queue', url], env).exited).stdout).toMatch(/^0 translations and 0 approvals moved/);

    const back = path.join(dir, 'back');
    const exported = await start(['cache', 'export', '--cache', back, '--queue', url], env).exited;
    expect(exported.status, exported.stderr).toBe(0);
    const lines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const byKey = (records: Array<Record<string, unknown>>) => new Map(records.map((record) => [record['key'], record]));
    expect(byKey(await lines(path.join(back, 'translations.jsonl')))).toEqual(byKey(await lines(path.join(out, '.diptych', 'translations.jsonl'))));
    const memoryBack = await lines(path.join(back, 'memory.jsonl'));
    expect(memoryBack).toHaveLength(1);
    expect(memoryBack[0]).toMatchObject({ target: approved.target, origin: { article: path.resolve(storeFile), segment: approved.id } });

    // A team run of the same articles into a new folder: everything from the database, nothing billed.
    const worker = await startWorker(url, env);
    try {
      const teamOut = path.join(dir, 'team');
      const team = await start(['batch', input, '--out', teamOut, '--translator', 'deepl', '--queue', url, '--wait'], env).exited;
      expect(team.status, team.stderr).toBe(0);
      expect(deepl.billed).toBe(billedAlone);
      const teamStore = (await stores(teamOut)).get('a02')!;
      expect(segmentsOf(teamStore).find((segment) => segment.source === approved.source)).toMatchObject({ target: approved.target, provenance: { translator: 'memory' } });
    } finally {
      await stopWorker(worker);
      await deepl.close();
    }
  });

  it('a job naming a file outside the input folder is refused by the worker', async () => {
    const url = await freshDatabase();
    const deepl = await startFakeDeepL();
    const dir = await tempDir('queue-outside');
    const input = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    await writeArticles(input, 1);
    await writeFile(path.join(dir, 'secret.txt'), 'Un texte confidentiel hors du dossier.\n');
    const env = deeplEnv(deepl);
    // Enqueue a real run, then a forged job for the same run pointing outside.
    expect((await start(['batch', input, '--out', out, '--translator', 'deepl', '--queue', url, '--no-wait'], env).exited).status).toBe(0);
    const [run] = await query<{ id: string }>(url, 'SELECT id FROM diptych_runs');
    await query(url, `INSERT INTO pgboss.job (name, data, retry_limit) VALUES ('diptych-articles', $1, 0)`, [JSON.stringify({ run: run!.id, file: '../secret.txt', slug: 'secret' })]);
    const worker = await startWorker(url, env);
    try {
      await until(async () => (await query(url, `SELECT 1 FROM pgboss.job WHERE data->>'file' = '../secret.txt' AND state = 'failed'`)).length === 1, () => worker.output());
      expect(worker.output()).toContain("job for '../secret.txt' refused: it points outside the input folder");
      expect(deepl.translated.some((text) => text.includes('confidentiel'))).toBe(false);
      expect(await readdir(out).catch(() => [])).not.toContain('secret.json');
    } finally {
      await stopWorker(worker);
      await deepl.close();
    }
  });

  it('the connection string is never printed with its password, even when the database refuses it', async () => {
    const wrong = server.url.replace(server.password, 'WRONG-secret-42');
    const dir = await tempDir('queue-secret');
    await writeArticles(path.join(dir, 'in'), 1);
    const env = { ...process.env, DIPTYCH_QUEUE_URL: wrong };
    const refused = await start(['batch', path.join(dir, 'in'), '--out', path.join(dir, 'out'), '--queue', '--wait'], env).exited;
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/password authentication failed/);
    expect(refused.stderr + refused.stdout).not.toContain('WRONG-secret-42');
    const unreachable = `postgres://diptych:Other-secret-7@127.0.0.1:1/postgres`;
    const down = await start(['worker', '--queue', unreachable], env).exited;
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('postgres://diptych:***@127.0.0.1:1/postgres');
    expect(down.stderr).not.toContain('Other-secret-7');
    // And no other command of this file ever printed the real one.
    expect(printed.filter((text) => text.includes(server.password))).toEqual([]);
  });
});
