// Batch processing against raw Apertium, on the 100 French Wikinews articles
// of ../shared/corpus-extra/frwikinews-2012/, all measured in this one run:
//   - raw: all the text through `apertium fr-es | apertium spa-eng` in one pipe;
//   - cold: `diptych batch` into an empty output folder (same text, default glossary);
//   - warm: the same command again (nothing changed);
//   - one paragraph of one article changed, then the command again;
//   - peak memory of the diptych process for the 100 articles and for 1,000
//     (the 100 repeated with variations), each in its own child process.
// Every timing is wall time of a child process, as a user runs it, median of
// a few alternating repetitions (the machine is shared, so single runs vary).
// Run: npm run bench (or node dist/bench/batch.js after a build).

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './median.js';
import { repoRoot, requireShared } from './shared-data.js';

export interface BatchBench {
  articles: number;
  characters: number;
  repetitions: number;
  rawSeconds: number;
  /** CPU time (user + system, all processes) of raw Apertium and of the cold run. */
  rawCpuSeconds: number;
  coldCpuSeconds: number;
  /** CPU time of the cold run's Node.js process alone (its Apertium children excluded): what diptych itself adds. */
  coldNodeCpuSeconds: number;
  coldSeconds: number;
  /** cold / raw (target ≤ 1.25). */
  coldRatio: number;
  warmSeconds: number;
  /** warm / cold (target ≤ 0.05). */
  warmRatio: number;
  /** Time the warm run spent after start-up (its own report), seconds. */
  warmRunSeconds: number;
  warmSent: number;
  changed: {
    seconds: number;
    /** Segments of the changed paragraph (in the new store). */
    paragraphSegments: number;
    /** Units sent to the translator by that run. */
    sent: number;
    written: number;
    skipped: number;
  };
  memory: {
    rss100MB: number;
    rss1000MB: number;
    /** rss1000 / rss100 (target < 1.5). */
    ratio: number;
    seconds1000: number;
    /** Largest heap surviving a full collection, 100 and 1,000 articles (re-runs with --force, translations cached). */
    live100MB: number;
    live1000MB: number;
  };
}

interface Timed {
  seconds: number;
  /** CPU time of the process and its children (user + system), seconds. */
  cpuSeconds: number;
  stdout: string;
  /** Peak resident memory of the measured node process, kB (when measured). */
  peakKB?: number;
  nodeCpuSeconds?: number;
  /** Largest heap surviving a full collection, MB (when measured with --expose-gc). */
  liveHeapMB?: number;
}

const root = repoRoot();
const cli = path.join(root, 'dist/bundle/cli/main.js');
const peakMemoryHook = pathToFileURL(path.join(root, 'dist/bench/report-peak-memory.js')).href;
const glossaryDir = path.join(root, 'glossary');
/** GNU time (Debian package `time`) reports CPU time; without it CPU figures are left out. */
const hasGnuTime = existsSync('/usr/bin/time');

/**
 * Run a command; wall time measured here, CPU time (the process and every child
 * it waited for) reported by GNU time on its own file descriptor.
 */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  const cpuFile = path.join(tmpdir(), `diptych-bench-cpu-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = hasGnuTime
      ? spawn('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env })
      : spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString('utf8')}`));
      else {
        const [user, system] = hasGnuTime ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number) : [];
        if (hasGnuTime) rmSync(cpuFile, { force: true });
        resolve({ seconds, cpuSeconds: (user ?? NaN) + (system ?? NaN), stdout: Buffer.concat(out).toString('utf8') });
      }
    });
  });
}

/** `diptych batch <dir> --out <out> --json`, with its memory; `live` samples the live heap (forcing collections). */
async function batch(dir: string, out: string, scratch: string, options: { live?: boolean; force?: boolean } = {}): Promise<Timed & { report: BatchReport }> {
  const memoryFile = path.join(scratch, `memory-${Math.random().toString(36).slice(2)}.json`);
  const node = [...(options.live ? ['--expose-gc'] : []), '--import', peakMemoryHook];
  const args = [...node, cli, 'batch', dir, '--out', out, '--glossary', glossaryDir, '--json', ...(options.force ? ['--force'] : [])];
  const result = await timed(process.execPath, args, { ...process.env, BENCH_PEAK_MEMORY_FILE: memoryFile });
  const memory = JSON.parse(await readFile(memoryFile, 'utf8')) as { peakRssKB: number; nodeCpuSeconds: number; liveHeapMB?: number };
  return {
    ...result,
    peakKB: memory.peakRssKB,
    nodeCpuSeconds: memory.nodeCpuSeconds,
    ...(memory.liveHeapMB !== undefined ? { liveHeapMB: memory.liveHeapMB } : {}),
    report: JSON.parse(result.stdout) as BatchReport,
  };
}

interface BatchReport {
  articles: Array<{ kind: string; slug: string }>;
  totals: { sent: number; written: number; skipped: number; segments: number; elapsedMs: number };
}

/** Variant k of an article: numbers shifted by k, paragraphs after the title rotated by k, the title marked. */
function variant(text: string, k: number): string {
  if (k === 0) return text;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const [title, ...rest] = lines;
  const shift = (line: string) => line.replace(/\d+/g, (digits) => String(Number(digits) + k));
  const rotated = rest.map((_, i) => rest[(i + k) % rest.length]!);
  return [`${shift(title!)} (${k})`, ...rotated.map(shift)].join('\n') + '\n';
}

export async function benchBatch(repetitions = 3): Promise<BatchBench> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing — run npm run build first`);
  const corpusDir = requireShared('corpus-extra', 'frwikinews-2012');
  const scratch = await mkdtemp(path.join(tmpdir(), 'diptych-bench-batch-'));
  try {
    const names = (await readdir(corpusDir)).filter((name) => name.endsWith('.fr.txt')).sort();
    const corpus = path.join(scratch, 'corpus');
    await mkdir(corpus);
    const texts = await Promise.all(names.map((name) => readFile(path.join(corpusDir, name), 'utf8')));
    await Promise.all(names.map((name, i) => writeFile(path.join(corpus, name), texts[i]!)));
    const allText = path.join(scratch, 'all.txt');
    await writeFile(allText, texts.join(''));

    const raw = () => timed('sh', ['-c', 'apertium fr-es < "$1" | apertium spa-eng > /dev/null', 'sh', allText]);
    await raw(); // warm the page cache for Apertium's data, as a user's second run would find it
    const rawRuns: Timed[] = [];
    const coldRuns: Array<Timed & { report: BatchReport }> = [];
    let out = '';
    for (let i = 0; i < repetitions; i++) {
      rawRuns.push(await raw());
      out = path.join(scratch, `out-${i}`);
      coldRuns.push(await batch(corpus, out, scratch));
    }
    const rawSeconds = median(rawRuns.map((run) => run.seconds));
    const coldSeconds = median(coldRuns.map((run) => run.seconds));

    const warmRuns: Array<Timed & { report: BatchReport }> = [];
    for (let i = 0; i < repetitions; i++) warmRuns.push(await batch(corpus, out, scratch));
    const warmSeconds = median(warmRuns.map((run) => run.seconds));

    // One paragraph of one article: the middle article's first paragraph after the title gains a sentence.
    const changedName = names[Math.floor(names.length / 2)]!;
    const lines = texts[names.indexOf(changedName)]!.split('\n');
    const paragraph = lines.findIndex((line, i) => i > 0 && line.trim() !== '');
    lines[paragraph] = `${lines[paragraph]!.trimEnd()} Cette information n'a pas été confirmée de source indépendante.`;
    await writeFile(path.join(corpus, changedName), lines.join('\n'));
    const changed = await batch(corpus, out, scratch);
    const slug = changedName.replace(/\.txt$/, '').replace(/[^a-z0-9._-]+/gi, '-').toLowerCase();
    const store = JSON.parse(await readFile(path.join(out, `${slug}.json`), 'utf8')) as { article: { blocks: Array<{ text: string; segments: unknown[] }> } };
    const block = store.article.blocks.find((b) => b.text === lines[paragraph]!.trim());

    // 1,000 articles: the 100, ten variants each.
    const corpus1000 = path.join(scratch, 'corpus-1000');
    await mkdir(corpus1000);
    for (let k = 0; k < 10; k++) {
      await Promise.all(names.map((name, i) => writeFile(path.join(corpus1000, name.replace(/\.fr\.txt$/, `-v${k}.fr.txt`)), variant(texts[i]!, k))));
    }
    const big = await batch(corpus1000, path.join(scratch, 'out-1000'), scratch);
    const rss100 = median(coldRuns.map((run) => run.peakKB!)) / 1024;
    const rss1000 = big.peakKB! / 1024;
    const live100 = await batch(corpus, out, scratch, { live: true, force: true });
    const live1000 = await batch(corpus1000, path.join(scratch, 'out-1000'), scratch, { live: true, force: true });

    return {
      articles: names.length,
      characters: [...texts.join('')].length,
      repetitions,
      rawSeconds,
      rawCpuSeconds: median(rawRuns.map((run) => run.cpuSeconds)),
      coldCpuSeconds: median(coldRuns.map((run) => run.cpuSeconds)),
      coldNodeCpuSeconds: median(coldRuns.map((run) => run.nodeCpuSeconds!)),
      coldSeconds,
      coldRatio: coldSeconds / rawSeconds,
      warmSeconds,
      warmRatio: warmSeconds / coldSeconds,
      warmRunSeconds: median(warmRuns.map((run) => run.report.totals.elapsedMs)) / 1000,
      warmSent: Math.max(...warmRuns.map((run) => run.report.totals.sent)),
      changed: {
        seconds: changed.seconds,
        paragraphSegments: block?.segments.length ?? -1,
        sent: changed.report.totals.sent,
        written: changed.report.totals.written,
        skipped: changed.report.totals.skipped,
      },
      memory: {
        rss100MB: rss100,
        rss1000MB: rss1000,
        ratio: rss1000 / rss100,
        seconds1000: big.seconds,
        live100MB: live100.liveHeapMB!,
        live1000MB: live1000.liveHeapMB!,
      },
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchBatch(), null, 2));
}
