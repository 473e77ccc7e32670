// `npm run bench:align` (also part of `npm run bench`): time and peak memory of
// `diptych align --presegmented` on the largest book of the alignment gold and
// on a 5,000-sentence pair made of the gold books one after another (the same
// human translations, so the aligner works as on a real book). Each run starts
// with an empty output folder: the French is translated in the run.

import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, requireShared } from './shared-data.js';

export interface AlignBench {
  label: string;
  french: number;
  english: number;
  seconds: number;
  /** CPU time of the Node.js process alone (Apertium's processes apart): what the machine's load does not change. */
  nodeCpuSeconds: number;
  peakRssMB: number;
}

const BOOKS = ['Candide', 'VingtMilleLieuesSousLesMers', 'LesConfessions', 'TheLastOfTheMohicans', 'JaneEyre'];

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
}

async function measure(label: string, french: string[], english: string[], work: string): Promise<AlignBench> {
  const fr = path.join(work, `${label}.fr.txt`);
  const en = path.join(work, `${label}.en.txt`);
  await writeFile(fr, french.join('\n') + '\n');
  await writeFile(en, english.join('\n') + '\n');
  const peakFile = path.join(work, `${label}.peak.json`);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const cli = path.join(repoRoot(), 'dist/bundle/cli/main.js');
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', path.join(here, 'report-peak-memory.js'), cli, 'align', fr, en, '--presegmented', '--out', path.join(work, `${label}-out`), '--glossary', path.join(repoRoot(), 'glossary'), '-q'], {
    env: { ...process.env, BENCH_PEAK_MEMORY_FILE: peakFile },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`diptych align failed on ${label}: ${result.stderr}`);
  const peak = JSON.parse(await readFile(peakFile, 'utf8')) as { peakRssKB: number; nodeCpuSeconds: number };
  return { label, french: french.length, english: english.length, seconds, nodeCpuSeconds: peak.nodeCpuSeconds, peakRssMB: peak.peakRssKB / 1024 };
}

export async function benchAlign(): Promise<AlignBench[]> {
  const gold = requireShared('eval', 'alignment');
  const work = await mkdtemp(path.join(tmpdir(), 'diptych-bench-align-'));
  try {
    const books = await Promise.all(BOOKS.map(async (book) => ({ fr: await lines(path.join(gold, `${book}.fr.txt`)), en: await lines(path.join(gold, `${book}.en.txt`)) })));
    const largest = await measure('largest-book', books[0]!.fr, books[0]!.en, work);
    // The books in turn until the French reaches 5,000 sentences.
    const fr: string[] = [];
    const en: string[] = [];
    for (let k = 0; fr.length < 5000; k++) {
      const book = books[k % books.length]!;
      const take = Math.min(book.fr.length, 5000 - fr.length);
      // A partial book keeps the same share of its English.
      fr.push(...book.fr.slice(0, take));
      en.push(...book.en.slice(0, Math.round((take * book.en.length) / book.fr.length)));
    }
    const large = await measure('5000-sentences', fr, en, work);
    return [largest, large];
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const row of await benchAlign()) {
    console.log(`${row.label}: ${row.french} French / ${row.english} English sentences — ${row.seconds.toFixed(1)} s (Node.js CPU ${row.nodeCpuSeconds.toFixed(1)} s), peak ${row.peakRssMB.toFixed(0)} MB (Node.js process; Apertium's processes apart); load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
  }
}
