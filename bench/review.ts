// Review server figures: save latency with 50 editors saving at once on
// loopback, and the time to open a 500-segment article (the API answer, and
// the page in Debian's Chromium until every row is on screen). The baseline is
// one atomic, fsynced write of the same store, measured in the same run. Save
// latency with accounts (each request checked against the account store) is
// set beside the same saves without, in the same server.
// Run: npm run bench (all figures) or npm run bench:review (these only).
// BENCH_NODE_ARGS (e.g. --cpu-prof) is given to the review server's node.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Article } from '../src/core/types.js';
import { makeGlossary } from '../src/glossary/index.js';
import { runTranslation } from '../src/batch/index.js';
import { loadArticle, openAccountStore, saveArticle, storeFile } from '../src/store/index.js';
import type { TranslateOptions, TranslatedUnit, TranslationUnit, Translator } from '../src/translate/index.js';
import { repoRoot } from './shared-data.js';

const SEGMENTS = 500;
const EDITORS = 50;
const SAVES_PER_EDITOR = 20;
const TOKEN = 'bench-token-0123456789abcdef';
const CHROMIUM = process.env.DIPTYCH_CHROMIUM ?? '/usr/bin/chromium';

const fakeEngine: Translator = {
  id: 'bench',
  capabilities: { nativeGlossary: false, context: false, maxItems: 10_000, maxBytes: 1 << 24 },
  identity: { engine: 'bench', settings: {} },
  placeholder: (n) => `Zqx${n}`,
  async translate(units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]> {
    const answer = units.map((unit) => ({ id: unit.id, text: `The ${unit.text}`, unknownWords: [] }));
    await options.onBatch?.(answer);
    return answer;
  },
};

export interface ReviewBench {
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
  baselineWriteMs: number;
  baselineWriteP95Ms: number;
  /** 1-minute load average while it ran (the machine may be shared). */
  load: number;
  apiOpenMs: number;
  pageOpenMs?: number;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export async function benchReview(): Promise<ReviewBench> {
  const dir = await mkdtemp(path.join(tmpdir(), 'diptych-bench-review-'));
  try {
    const input = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    await mkdir(input);
    const sentences = Array.from({ length: SEGMENTS - 1 }, (_, i) => `La phrase numéro ${i + 1} de cet article parle de la situation à Idlib.`);
    const paragraphs: string[] = [];
    for (let i = 0; i < sentences.length; i += 6) paragraphs.push(sentences.slice(i, i + 6).join(' '));
    const file = path.join(input, 'long.txt');
    await writeFile(file, `Un article de ${SEGMENTS} segments\n\n${paragraphs.join('\n\n')}\n`);
    await runTranslation([{ file, slug: 'long' }], { outDir: out, translator: fakeEngine, glossary: makeGlossary([]) });

    // Baseline: one atomic, fsynced write of the store, as a save does at least once.
    const article = (await loadArticle(storeFile(out, 'long'))) as Article;
    const writes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      await saveArticle(out, article);
      writes.push(performance.now() - start);
    }

    // The server as a user runs it, in its own process, so the 50 clients here do not share its thread.
    const server = spawn(process.execPath, [...(process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean), path.join(repoRoot(), 'dist/src/cli/main.js'), 'review', out, '--port', '0', '--token', TOKEN], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
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
    const session = {
      close: async () => {
        server.kill('SIGTERM');
        await exited;
      },
    };
    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    try {
      const opens: number[] = [];
      let ids: Array<{ id: string; revision: number }> = [];
      for (let i = 0; i < 20; i++) {
        const start = performance.now();
        const response = await fetch(`${base}/api/articles/long`, { headers });
        const body = (await response.json()) as { article: Article };
        opens.push(performance.now() - start);
        ids = body.article.blocks.flatMap((block) => block.segments).map((segment) => ({ id: segment.id, revision: segment.revision ?? 0 }));
      }
      if (ids.length !== SEGMENTS) throw new Error(`expected ${SEGMENTS} segments, got ${ids.length}`);

      // One editor alone first: the floor a save costs (store, folder and memory flushed).
      const alone: number[] = [];
      {
        let { id, revision: current } = ids[EDITORS + 1]!;
        for (let save = 0; save < SAVES_PER_EDITOR; save++) {
          const start = performance.now();
          const response = await fetch(`${base}/api/articles/long/segments/${id}`, { method: 'PATCH', headers, body: JSON.stringify({ revision: current, target: `Alone, save ${save}.` }) });
          const body = (await response.json()) as { segment: { revision: number; id: string } };
          alone.push(performance.now() - start);
          current = body.segment.revision;
          id = body.segment.id;
        }
      }

      // Accounts on: a reviewer's API token, checked against the store on every request.
      const accounts = await openAccountStore({ outDir: out });
      await accounts.add('bench', 'reviewer');
      const { token } = await accounts.createApiToken('bench', 'bench');
      await accounts.close();
      const asAccount = { ...headers, authorization: `Bearer ${token}` };
      const signedIn: number[] = [];
      {
        let { id, revision: current } = ids[EDITORS + 2]!;
        for (let save = 0; save < SAVES_PER_EDITOR; save++) {
          const start = performance.now();
          const response = await fetch(`${base}/api/articles/long/segments/${id}`, { method: 'PATCH', headers: asAccount, body: JSON.stringify({ revision: current, target: `Signed in, save ${save}.` }) });
          const body = (await response.json()) as { segment: { revision: number; id: string } };
          if (response.status !== 200) throw new Error(`a signed-in save answered ${response.status}`);
          signedIn.push(performance.now() - start);
          current = body.segment.revision;
          id = body.segment.id;
        }
      }

      // 50 editors at once, each saving its own segment again and again.
      const latencies: number[] = [];
      await Promise.all(
        ids.slice(1, EDITORS + 1).map(async ({ id, revision }, editor) => {
          let current = revision;
          for (let save = 0; save < SAVES_PER_EDITOR; save++) {
            const start = performance.now();
            const response = await fetch(`${base}/api/articles/long/segments/${id}`, { method: 'PATCH', headers, body: JSON.stringify({ revision: current, target: `Editor ${editor}, save ${save}.` }) });
            const body = (await response.json()) as { segment: { revision: number } };
            latencies.push(performance.now() - start);
            if (response.status !== 200) throw new Error(`save answered ${response.status}`);
            current = body.segment.revision;
          }
        }),
      );

      let pageOpenMs: number | undefined;
      if (existsSync(CHROMIUM)) {
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
            await page.evaluate(() => {
              (globalThis as unknown as typeof web).location.hash = '#/a/long';
            });
            await page.waitForFunction((n) => (globalThis as unknown as typeof web).document.querySelectorAll('#rows .row').length === n, SEGMENTS);
            times.push(performance.now() - start);
          }
          pageOpenMs = percentile(times, 50);
        } finally {
          await browser.close();
        }
      }
      return {
        segments: SEGMENTS,
        editors: EDITORS,
        saves: latencies.length,
        aloneP50Ms: percentile(alone, 50),
        aloneP95Ms: percentile(alone, 95),
        accountsP50Ms: percentile(signedIn, 50),
        accountsP95Ms: percentile(signedIn, 95),
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        baselineWriteMs: percentile(writes, 50),
        baselineWriteP95Ms: percentile(writes, 95),
        load: loadavg()[0]!,
        apiOpenMs: percentile(opens, 50),
        ...(pageOpenMs !== undefined ? { pageOpenMs } : {}),
      };
    } finally {
      await session.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const b = await benchReview();
  console.log(`review — ${b.segments}-segment article, ${b.editors} editors saving at once on loopback, ${b.saves} saves`);
  console.log(`  one editor alone: save p50 ${b.aloneP50Ms.toFixed(1)} ms, p95 ${b.aloneP95Ms.toFixed(1)} ms`);
  console.log(`  one editor alone with accounts (an account's API token, checked on every request): save p50 ${b.accountsP50Ms.toFixed(1)} ms, p95 ${b.accountsP95Ms.toFixed(1)} ms; p50 = ${(b.accountsP50Ms / b.aloneP50Ms).toFixed(2)}× without`);
  console.log(`  save latency p50 ${b.p50Ms.toFixed(1)} ms, p95 ${b.p95Ms.toFixed(1)} ms (target p95 < 50 ms)`);
  console.log(`  baseline, one fsynced write of the same store alone: p50 ${b.baselineWriteMs.toFixed(1)} ms, p95 ${b.baselineWriteP95Ms.toFixed(1)} ms; save p95 = ${(b.p95Ms / b.baselineWriteP95Ms).toFixed(1)}× its p95; load average ${b.load.toFixed(1)}`);
  console.log(`  open: API ${b.apiOpenMs.toFixed(1)} ms${b.pageOpenMs !== undefined ? `, page until all ${b.segments} rows shown ${b.pageOpenMs.toFixed(0)} ms` : ' (no Chromium)'} (target < 500 ms)`);
}
