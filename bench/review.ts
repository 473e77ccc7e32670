// Review server figures on a store of record the size of a newsroom's:
// ten thousand articles (about half a million segments, bench/large-store.ts),
// served by `diptych review` in its own process, on the embedded engine and
// on PostgreSQL — a page of the article list, a 500-segment article opened
// (the API answer, and the page in Debian's Chromium until every row is on
// screen), concordance searches (naming those answered as the best of the
// first matches only, see store.search), and save latency with 50 editors saving at
// once on loopback. The baseline is one atomic, fsynced write of the same
// 500-segment article's store file, measured in the same run on the same
// disk. Save latency with accounts (each request checked against the account
// store) is set beside the same saves without, in the same server. The
// PostgreSQL cluster is the tests' throwaway one (test/support/postgres.ts),
// started with fsync off: its figures show the engine's cost, not a disk's.
// Run: npm run bench (all figures) or npm run bench:review (these only).
// BENCH_NODE_ARGS (e.g. --cpu-prof) is given to the review server's node;
// BENCH_ARTICLES makes a smaller store (a quick try); BENCH_SEARCH_ONLY=1
// measures the list, the open and the concordance only (no saves, no
// Chromium: a few minutes less when only the reads are being worked on).

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { chromium } from 'playwright-core';
import type { Article } from '../src/core/types.js';
import { openAccountStore, openStoreOfRecord, saveArticle } from '../src/store/index.js';
import { postgresBinaries, startPostgres } from '../test/support/postgres.js';
import { fillStore, LONG_SLUG, longArticle } from './large-store.js';
import { repoRoot } from './shared-data.js';

const SEGMENTS = 500;
/** Articles in the store (BENCH_ARTICLES to try fewer), and their size about this many segments. */
const ARTICLES = 10_000;
const STORE_SEGMENTS = 50;
const LIST_PAGE = 50;
const EDITORS = 50;
const SAVES_PER_EDITOR = 20;
const TOKEN = 'bench-token-0123456789abcdef';
const CHROMIUM = process.env.DIPTYCH_CHROMIUM ?? '/usr/bin/chromium';
const SEARCH_ONLY = process.env['BENCH_SEARCH_ONLY'] === '1';

export interface ReviewBench {
  /** The store of record the review server ran on. */
  engine: 'sqlite' | 'postgres';
  /** Articles and segments in the store. */
  articles: number;
  storeSegments: number;
  /** Seconds to fill the store through the bulk save. */
  fillSeconds: number;
  segments: number;
  editors: number;
  saves: number;
  /** One editor saving alone. */
  aloneP50Ms: number;
  aloneP95Ms: number;
  /** One editor alone again, signed in with an account's API token once accounts exist. */
  accountsP50Ms: number;
  accountsP95Ms: number;
  p50Ms: number;
  p95Ms: number;
  /** Each editor's first save of the 50 (all sent at the same instant, on a server that has not run this many at once): median and slowest. */
  firstSaveP50Ms: number;
  firstSaveMaxMs: number;
  /** CPU time per save of the 50 editors' run: the bench's client, and the review server's process (Linux). */
  clientCpuPerSaveMs: number;
  serverCpuPerSaveMs?: number;
  /** …and the PostgreSQL cluster's processes (PostgreSQL only, Linux). */
  postgresCpuPerSaveMs?: number;
  /** GET /api/articles?offset&limit=50 over pages spread across the store, each page asked once (its articles read for their effort). */
  listP50Ms: number;
  listP95Ms: number;
  /** GET /api/articles/long: the first (read from the store) and the median of the next ones. */
  apiFirstOpenMs: number;
  apiOpenMs: number;
  /** GET /api/search over a set of queries, words and phrases. */
  searchP50Ms: number;
  searchP95Ms: number;
  /** The slowest query of the set and its time. */
  searchSlowest: { q: string; ms: number };
  /** The queries of the set answered as the best of the first matches only (more matched than the engine ranks). */
  searchBounded: string[];
  pageOpenMs?: number;
  /** GET /api/activity?limit=20 after the saves (the editor's home page asks it on every visit): p95 of ten. */
  activityP95Ms?: number;
}

export interface ReviewBenches {
  baselineWriteMs: number;
  baselineWriteP95Ms: number;
  /** 1-minute load average at the end (the machine may be shared). */
  load: number;
  engines: ReviewBench[];
}

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

/** A process's CPU time so far (user and system, from /proc), in ms; undefined where there is no /proc. */
function processCpuMs(pid: number | undefined): number | undefined {
  try {
    // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th, in clock ticks (100 a second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** The CPU time so far of every process named `postgres` (the bench's throwaway cluster is the only one it starts), in ms. */
function postgresCpuMs(): number | undefined {
  try {
    let total = 0;
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (stat.includes(' (postgres) ')) total += processCpuMs(Number(pid)) ?? 0;
      } catch {
        // gone meanwhile
      }
    }
    return total;
  } catch {
    return undefined;
  }
}

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** Concordance queries as people type them: a place, words, a phrase, a common English pair. */
const QUERIES: Array<{ q: string; phrase?: boolean }> = [{ q: 'Kaboul' }, { q: 'attaque hôtel' }, { q: 'forces internationales', phrase: true }, { q: 'the police' }, { q: 'Talibans' }, { q: 'selon des témoins', phrase: true }, { q: 'Idlib casques blancs' }, { q: 'civils' }];

export async function benchReview(options: { articles?: number } = {}): Promise<ReviewBenches> {
  const articles = options.articles ?? Number(process.env['BENCH_ARTICLES'] ?? ARTICLES);
  const dir = await mkdtemp(path.join(tmpdir(), 'diptych-bench-review-'));
  const postgres = postgresBinaries() ? await startPostgres() : undefined;
  try {
    // Baseline: one atomic, fsynced write of the long article's store file, as the folder store did for every save.
    const baselineDir = path.join(dir, 'baseline');
    await mkdir(baselineDir);
    const article = longArticle(SEGMENTS);
    const writes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      await saveArticle(baselineDir, article);
      writes.push(performance.now() - start);
    }
    const engines = [await benchEngine(path.join(dir, 'sqlite'), undefined, articles)];
    if (postgres) engines.push(await benchEngine(path.join(dir, 'postgres'), await postgres.createDatabase('bench_review'), articles));
    return { baselineWriteMs: percentile(writes, 50), baselineWriteP95Ms: percentile(writes, 95), load: loadavg()[0]!, engines };
  } finally {
    await postgres?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Fill a store of `articles` articles, then serve it with `diptych review` and measure. */
async function benchEngine(out: string, db: string | undefined, articles: number): Promise<ReviewBench> {
  await mkdir(out, { recursive: true });
  const where = { outDir: out, ...(db !== undefined ? { db } : {}) };
  const store = await openStoreOfRecord(where);
  const filling = performance.now();
  let storeSegments: number;
  try {
    storeSegments = await fillStore(store, { count: articles, segments: STORE_SEGMENTS, long: SEGMENTS });
    // What autovacuum does within a minute of a load this size (without statistics the planner guesses row
    // counts), done now rather than in the middle of the measures: a newsroom's store is not one fresh load.
    if (store.engine === 'postgres') await sql`VACUUM (ANALYZE)`.execute(store.backend.db);
  } finally {
    await store.close();
  }
  const fillSeconds = (performance.now() - filling) / 1000;

  // The server as a user runs it, in its own process, so the 50 clients here do not share its thread, and with
  // the project's glossary: every save re-checks the segment's pinned terms.
  const server = spawn(
    process.execPath,
    [...(process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean), path.join(repoRoot(), 'dist/bundle/cli/main.js'), 'review', out, ...(db !== undefined ? ['--db', db] : []), '--glossary', path.join(repoRoot(), 'glossary'), '--port', '0', '--token', TOKEN],
    { cwd: out, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    let printed = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /127\.0\.0\.1:(\d+)\//.exec(printed);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error('diptych review exited before listening')));
  });
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const timed = async (url: string): Promise<{ ms: number; body: unknown }> => {
    const start = performance.now();
    const response = await fetch(`${base}${url}`, { headers });
    const body = await response.json();
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${JSON.stringify(body)}`);
    return { ms: performance.now() - start, body };
  };
  try {
    // The article list: pages spread over the whole store, each asked once (none served from an earlier read).
    const lists: number[] = [];
    for (let i = 0; i < 20; i++) {
      const { ms, body } = await timed(`/api/articles?offset=${Math.floor((i * articles) / 20)}&limit=${LIST_PAGE}`);
      if ((body as { total: number }).total !== articles) throw new Error(`the list counts ${(body as { total: number }).total} articles, not ${articles}`);
      lists.push(ms);
    }

    const opens: number[] = [];
    let ids: Array<{ id: string; revision: number }> = [];
    for (let i = 0; i < 20; i++) {
      const { ms, body } = await timed(`/api/articles/${LONG_SLUG}`);
      opens.push(ms);
      ids = (body as { article: Article }).article.blocks.flatMap((block) => block.segments).map((segment) => ({ id: segment.id, revision: segment.revision ?? 0 }));
    }
    if (ids.length !== SEGMENTS) throw new Error(`expected ${SEGMENTS} segments, got ${ids.length}`);

    const searches: number[] = [];
    let searchSlowest = { q: '', ms: 0 };
    const searchBounded = new Set<string>();
    for (let round = 0; round < 2; round++) {
      for (const { q, phrase } of QUERIES) {
        const { ms, body } = await timed(`/api/search?q=${encodeURIComponent(q)}&limit=20${phrase ? '&phrase=1' : ''}`);
        searches.push(ms);
        const shown = phrase ? `"${q}"` : q;
        if (ms > searchSlowest.ms) searchSlowest = { q: shown, ms };
        if ((body as { bestOfFirst?: number }).bestOfFirst !== undefined) searchBounded.add(shown);
      }
    }

    if (SEARCH_ONLY) return { engine: db !== undefined ? 'postgres' : 'sqlite', articles, storeSegments, fillSeconds, segments: SEGMENTS, editors: 0, saves: 0, aloneP50Ms: NaN, aloneP95Ms: NaN, accountsP50Ms: NaN, accountsP95Ms: NaN, p50Ms: NaN, p95Ms: NaN, firstSaveP50Ms: NaN, firstSaveMaxMs: NaN, clientCpuPerSaveMs: NaN, listP50Ms: percentile(lists, 50), listP95Ms: percentile(lists, 95), apiFirstOpenMs: opens[0]!, apiOpenMs: percentile(opens.slice(1), 50), searchP50Ms: percentile(searches, 50), searchP95Ms: percentile(searches, 95), searchSlowest, searchBounded: [...searchBounded] };

    // One editor alone first: the floor a save costs (record, published files and memory).
    const alone = await saveRun(base, headers, ids[EDITORS + 1]!, 'Alone');

    // Accounts on: a reviewer's API token, checked against the store on every request.
    const accounts = await openAccountStore(where);
    await accounts.add('bench', 'reviewer');
    const { token } = await accounts.createApiToken('bench', 'bench');
    await accounts.close();
    const signedIn = await saveRun(base, { ...headers, authorization: `Bearer ${token}` }, ids[EDITORS + 2]!, 'Signed in');

    // 50 editors at once, each saving its own segment again and again; the CPU each side took meanwhile
    // says whether the client, on the same two cores, held the server up. Each editor's connection is
    // made first, as an editor's page has it (a small request: the article itself, fifty times, would
    // leave the server megabytes of garbage to collect during the saves), so the saves measure saving,
    // not fifty TCP handshakes at the same instant.
    await Promise.all(ids.slice(1, EDITORS + 1).map(() => requestJson(`${base}/api/articles?offset=0&limit=1`, 'GET', headers)));
    const serverCpu = processCpuMs(server.pid);
    const postgresCpu = db !== undefined ? postgresCpuMs() : undefined;
    const clientCpu = process.cpuUsage();
    const runs = await Promise.all(ids.slice(1, EDITORS + 1).map((segment, editor) => saveRun(base, headers, segment, `Editor ${editor}`)));
    const latencies = runs.flat();
    const clientCpuMs = cpuMs(process.cpuUsage(clientCpu));
    const serverCpuMs = serverCpu === undefined ? undefined : processCpuMs(server.pid)! - serverCpu;
    const postgresCpuMsDuring = postgresCpu === undefined ? undefined : postgresCpuMs()! - postgresCpu;

    // The home page's recent changes, with the editors' thousand saves in the history.
    const activity: number[] = [];
    for (let i = 0; i < 10; i++) activity.push((await timed('/api/activity?limit=20')).ms);

    const pageOpenMs = await pageOpen(base);
    return {
      engine: db !== undefined ? 'postgres' : 'sqlite',
      articles,
      storeSegments,
      fillSeconds,
      segments: SEGMENTS,
      editors: EDITORS,
      saves: latencies.length,
      aloneP50Ms: percentile(alone, 50),
      aloneP95Ms: percentile(alone, 95),
      accountsP50Ms: percentile(signedIn, 50),
      accountsP95Ms: percentile(signedIn, 95),
      clientCpuPerSaveMs: clientCpuMs / latencies.length,
      ...(serverCpuMs !== undefined ? { serverCpuPerSaveMs: serverCpuMs / latencies.length } : {}),
      ...(postgresCpuMsDuring !== undefined ? { postgresCpuPerSaveMs: postgresCpuMsDuring / latencies.length } : {}),
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      firstSaveP50Ms: percentile(runs.map((run) => run[0]!), 50),
      firstSaveMaxMs: Math.max(...runs.map((run) => run[0]!)),
      listP50Ms: percentile(lists, 50),
      listP95Ms: percentile(lists, 95),
      apiFirstOpenMs: opens[0]!,
      apiOpenMs: percentile(opens.slice(1), 50),
      searchP50Ms: percentile(searches, 50),
      searchP95Ms: percentile(searches, 95),
      searchSlowest,
      searchBounded: [...searchBounded],
      ...(pageOpenMs !== undefined ? { pageOpenMs } : {}),
      activityP95Ms: percentile(activity, 95),
    };
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
}

// The editors' saves go through node:http on kept-alive connections, not fetch: on this machine's two
// cores the client shares the CPU with the server, and fetch costs about five times node:http's CPU per
// request (measured: 0.3 ms against 0.07 ms, warm), time the server's saves would wait for.
const editorAgent = new Agent({ keepAlive: true, maxSockets: EDITORS + 2 });

/** A request on the editors' kept-alive connections: the status and the JSON answer. */
function requestJson(url: string, method: 'GET' | 'PATCH', headers: Record<string, string>, body = ''): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, agent: editorAgent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** One editor's saves of one segment, one after another, each at the revision the last answer gave. */
async function saveRun(base: string, headers: Record<string, string>, segment: { id: string; revision: number }, who: string): Promise<number[]> {
  const times: number[] = [];
  let { id, revision } = segment;
  for (let save = 0; save < SAVES_PER_EDITOR; save++) {
    const start = performance.now();
    const response = await requestJson(`${base}/api/articles/${LONG_SLUG}/segments/${id}`, 'PATCH', headers, JSON.stringify({ revision, target: `${who}, save ${save}.` }));
    times.push(performance.now() - start);
    if (response.status !== 200) throw new Error(`${who}'s save answered ${response.status}`);
    const body = response.body as { segment: { revision: number; id: string } };
    revision = body.segment.revision;
    id = body.segment.id;
  }
  return times;
}

/** The long article's page in Debian's Chromium until every row is on screen (median of 5); undefined without Chromium. */
async function pageOpen(base: string): Promise<number | undefined> {
  if (!existsSync(CHROMIUM)) return undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/?token=${TOKEN}`);
    await page.waitForSelector('body[data-ready="true"]');
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${base}/`);
      await page.waitForSelector('body[data-ready="true"]');
      const start = performance.now();
      // Functions, not strings (the page's CSP forbids eval); this file is compiled without the DOM's types.
      const web = globalThis as unknown as { location: { hash: string }; document: { querySelectorAll(selector: string): { length: number } } };
      await page.evaluate((slug) => {
        (globalThis as unknown as typeof web).location.hash = `#/a/${slug}`;
      }, LONG_SLUG);
      await page.waitForFunction((n) => (globalThis as unknown as typeof web).document.querySelectorAll('#rows .row').length === n, SEGMENTS);
      times.push(performance.now() - start);
    }
    return percentile(times, 50);
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const b = await benchReview();
  console.log(`review — ${b.engines[0]?.articles.toLocaleString('en')} articles in the store; ${SEARCH_ONLY ? 'reads only (BENCH_SEARCH_ONLY)' : `a ${SEGMENTS}-segment article, ${EDITORS} editors saving at once on loopback`}`);
  console.log(`baseline, one fsynced write of the ${SEGMENTS}-segment store alone: p50 ${b.baselineWriteMs.toFixed(1)} ms, p95 ${b.baselineWriteP95Ms.toFixed(1)} ms`);
  for (const e of b.engines) {
    const note = e.engine === 'postgres' ? ' (a throwaway cluster with fsync off)' : ' (WAL, each commit synced before it is answered)';
    console.log(`${e.engine}${note}: ${e.articles.toLocaleString('en')} articles, ${e.storeSegments.toLocaleString('en')} segments, filled in ${e.fillSeconds.toFixed(0)} s`);
    console.log(`  article list, a page of ${LIST_PAGE} (${e.engine}): p50 ${e.listP50Ms.toFixed(1)} ms, p95 ${e.listP95Ms.toFixed(1)} ms (target < 300 ms)`);
    console.log(`  open the ${SEGMENTS}-segment article (${e.engine}): API first ${e.apiFirstOpenMs.toFixed(1)} ms, then p50 ${e.apiOpenMs.toFixed(1)} ms${e.pageOpenMs !== undefined ? `; page until all ${SEGMENTS} rows shown ${e.pageOpenMs.toFixed(0)} ms` : SEARCH_ONLY ? '' : ' (no Chromium)'} (target < 500 ms)`);
    console.log(`  concordance (${e.engine}), ${QUERIES.length} queries twice: p50 ${e.searchP50Ms.toFixed(1)} ms, p95 ${e.searchP95Ms.toFixed(1)} ms, slowest ${e.searchSlowest.q} ${e.searchSlowest.ms.toFixed(1)} ms (target < 300 ms)${e.searchBounded.length > 0 ? `; the best of the first matches only for ${e.searchBounded.join(', ')}` : '; every match ranked'}`);
    if (e.saves === 0) continue;
    console.log(`  one editor alone (${e.engine}): save p50 ${e.aloneP50Ms.toFixed(1)} ms, p95 ${e.aloneP95Ms.toFixed(1)} ms; with accounts p50 ${e.accountsP50Ms.toFixed(1)} ms, p95 ${e.accountsP95Ms.toFixed(1)} ms`);
    console.log(`save latency (${e.engine}) p50 ${e.p50Ms.toFixed(1)} ms, p95 ${e.p95Ms.toFixed(1)} ms (${e.saves} saves; target p95 < 50 ms; p95 = ${(e.p95Ms / b.baselineWriteP95Ms).toFixed(1)}× the baseline's p95)`);
    console.log(`  of which each editor's first save (all 50 sent at once) (${e.engine}): p50 ${e.firstSaveP50Ms.toFixed(1)} ms, slowest ${e.firstSaveMaxMs.toFixed(1)} ms`);
    console.log(`  recent changes on the home page (${e.engine}), after the saves: p95 ${e.activityP95Ms?.toFixed(1) ?? '?'} ms`);
    console.log(`  CPU per save of the ${EDITORS} editors (${e.engine}): server ${e.serverCpuPerSaveMs?.toFixed(2) ?? '?'} ms, ${e.postgresCpuPerSaveMs !== undefined ? `PostgreSQL ${e.postgresCpuPerSaveMs.toFixed(2)} ms, ` : ''}bench client ${e.clientCpuPerSaveMs.toFixed(2)} ms`);
  }
  console.log(`load average ${b.load.toFixed(1)}`);
}
