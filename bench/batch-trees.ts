// Two builds of diptych against each other and against the raw Apertium pipe,
// in one run, alternating: the cold batch of the 100 Wikinews articles (wall,
// CPU of every process, the split between Apertium's processes and Node.js,
// peak memory), the warm re-run, and the 1,000-article peak memory. On a
// machine shared with other work, only figures taken side by side like this
// can be compared; the load average at the start and end is printed with them.
// Run: node dist/bench/batch-trees.js <before-checkout> <after-checkout> [repetitions]
// (each checkout built with `npm run build`; DIPTYCH_SHARED as for `npm run bench`).

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './median.js';
import { requireShared } from './shared-data.js';

interface Run {
  seconds: number;
  /** User + system time of the command and every process it waited for. */
  cpuSeconds: number;
  /** The Node.js process's own CPU time and peak memory (when it is diptych). */
  nodeCpuSeconds?: number;
  peakMB?: number;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const cpuFile = path.join(tmpdir(), `diptych-trees-cpu-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${errors}`));
      const [user, system] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
      rmSync(cpuFile, { force: true });
      resolve({ seconds: (performance.now() - started) / 1000, cpuSeconds: user! + system! });
    });
  });
}

async function batch(tree: string, dir: string, out: string): Promise<Run> {
  const memoryFile = path.join(tmpdir(), `diptych-trees-memory-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const hook = pathToFileURL(path.join(tree, 'dist/bench/report-peak-memory.js')).href;
  // The command as the tree ships it: the bundle, or, in a tree older than the bundle, the compiled CLI.
  const bundled = path.join(tree, 'dist/bundle/cli/main.js');
  const cli = existsSync(bundled) ? bundled : path.join(tree, 'dist/src/cli/main.js');
  const run = await timed(process.execPath, ['--import', hook, cli, 'batch', dir, '--out', out, '--glossary', path.join(tree, 'glossary'), '--json'], {
    ...process.env,
    BENCH_PEAK_MEMORY_FILE: memoryFile,
  });
  const memory = JSON.parse(await readFile(memoryFile, 'utf8')) as { peakRssKB: number; nodeCpuSeconds: number };
  await rm(memoryFile, { force: true });
  return { ...run, nodeCpuSeconds: memory.nodeCpuSeconds, peakMB: memory.peakRssKB / 1024 };
}


/** Variant k of an article, as bench/batch.ts makes the 1,000: numbers shifted, paragraphs rotated, title marked. */
function variant(text: string, k: number): string {
  if (k === 0) return text;
  const [title, ...rest] = text.split('\n').filter((line) => line.trim() !== '');
  const shift = (line: string) => line.replace(/\d+/g, (digits) => String(Number(digits) + k));
  return [`${shift(title!)} (${k})`, ...rest.map((_, i) => shift(rest[(i + k) % rest.length]!))].join('\n') + '\n';
}

async function main(): Promise<void> {
  const [before, after, times] = process.argv.slice(2);
  if (!before || !after) {
    console.error('usage: node dist/bench/batch-trees.js <before-checkout> <after-checkout> [repetitions]');
    process.exit(2);
  }
  const trees = { before: path.resolve(before), after: path.resolve(after) };
  const repetitions = Number(times ?? 3);
  const corpusDir = requireShared('corpus-extra', 'frwikinews-2012');
  const scratch = await mkdtemp(path.join(tmpdir(), 'diptych-trees-'));
  try {
    const names = (await readdir(corpusDir)).filter((name) => name.endsWith('.fr.txt')).sort();
    const texts = await Promise.all(names.map((name) => readFile(path.join(corpusDir, name), 'utf8')));
    const corpus = path.join(scratch, 'corpus');
    const corpus1000 = path.join(scratch, 'corpus-1000');
    await mkdir(corpus);
    await mkdir(corpus1000);
    await Promise.all(names.map((name, i) => writeFile(path.join(corpus, name), texts[i]!)));
    for (let k = 0; k < 10; k++) await Promise.all(names.map((name, i) => writeFile(path.join(corpus1000, name.replace(/\.fr\.txt$/, `-v${k}.fr.txt`)), variant(texts[i]!, k))));
    const allText = path.join(scratch, 'all.txt');
    await writeFile(allText, texts.join(''));
    const raw = () => timed('sh', ['-c', 'apertium fr-es < "$1" | apertium spa-eng > /dev/null', 'sh', allText]);

    const loadBefore = loadavg()[0]!;
    await raw(); // Apertium's data into the page cache
    const cold: Record<'raw' | 'before' | 'after', Run[]> = { raw: [], before: [], after: [] };
    const warm: Record<'before' | 'after', Run[]> = { before: [], after: [] };
    for (let i = 0; i < repetitions; i++) {
      cold.raw.push(await raw());
      // Alternating which goes first, so that neither always follows raw Apertium.
      for (const name of i % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const)) {
        await rm(path.join(scratch, `out-${name}`), { recursive: true, force: true });
        cold[name].push(await batch(trees[name], corpus, path.join(scratch, `out-${name}`)));
      }
    }
    for (let i = 0; i < repetitions; i++) for (const name of ['before', 'after'] as const) warm[name].push(await batch(trees[name], corpus, path.join(scratch, `out-${name}`)));
    const big = {
      before: await batch(trees.before, corpus1000, path.join(scratch, 'out-1000-before')),
      after: await batch(trees.after, corpus1000, path.join(scratch, 'out-1000-after')),
    };
    const loadAfter = loadavg()[0]!;

    const rawSeconds = median(cold.raw.map((run) => run.seconds));
    const rawCpu = median(cold.raw.map((run) => run.cpuSeconds));
    console.log(`load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}; ${repetitions} runs each, medians`);
    console.log(`raw pipe: ${rawSeconds.toFixed(2)} s (${rawCpu.toFixed(2)} CPU-s)`);
    for (const name of ['before', 'after'] as const) {
      const seconds = median(cold[name].map((run) => run.seconds));
      const cpu = median(cold[name].map((run) => run.cpuSeconds));
      const node = median(cold[name].map((run) => run.nodeCpuSeconds!));
      const warmSeconds = median(warm[name].map((run) => run.seconds));
      console.log(
        `${name} (${trees[name]}): cold ${seconds.toFixed(2)} s (${cpu.toFixed(2)} CPU-s) = ${(seconds / rawSeconds).toFixed(2)}× raw (${(cpu / rawCpu).toFixed(2)}× CPU); ` +
          `CPU Apertium ${(cpu - node).toFixed(2)} s | Node.js ${node.toFixed(2)} s; warm ${warmSeconds.toFixed(3)} s = ${((warmSeconds / seconds) * 100).toFixed(1)}% of cold; ` +
          `peak RSS ${median(cold[name].map((run) => run.peakMB!)).toFixed(0)} MB (100) / ${big[name].peakMB!.toFixed(0)} MB (1,000, ${big[name].seconds.toFixed(1)} s)`,
      );
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
