// `npm run bench:hostile`: the extreme inputs that once took the pipeline down
// or made it quadratic (a long line without punctuation, deep nesting, a large
// glossary, many tiny paragraphs, oversized XLIFF files), generated here and
// run through the command line, each measured for time, peak memory (RSS of
// the node process; Apertium's own processes are not counted) and exit code.
// The baseline, in the same run, is the founding article with the shipped
// glossary: its time is what any run costs. Cases that run past the time
// limit are stopped and reported as such (the quadratic ones did).
//
//   node dist/bench/hostile-input.js [case…] [--timeout <s>]
//
// Without case names, every case runs.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist/bundle/cli/main.js');
const peakMemoryHook = pathToFileURL(path.join(root, 'dist/bench/report-peak-memory.js')).href;
const founding = path.join(root, 'corpus/idlib-casques-blancs-2018-09-08.fr.txt');
const shippedGlossary = path.join(root, 'glossary');

export interface Measure {
  case: string;
  input: string;
  seconds: number;
  peakMB?: number;
  /** CPU time of the node process alone (user + system): steadier than wall time on a busy machine. */
  nodeCpuSeconds?: number;
  exit: number | 'timeout';
  /** The first line of the command's error output, when it failed. */
  error?: string;
}

interface Run {
  args: string[];
  cwd?: string;
  /** Run this instead of diptych (the raw Apertium pipe the long line is compared with). */
  command?: string;
}

function diptych({ args, cwd, command }: Run, scratch: string, timeoutSeconds: number): Promise<Omit<Measure, 'case' | 'input'>> {
  const memoryFile = path.join(scratch, `memory-${Math.random().toString(36).slice(2)}.json`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command ?? process.execPath, command ? args : ['--import', peakMemoryHook, cli, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      cwd: cwd ?? scratch,
      env: { ...process.env, BENCH_PEAK_MEMORY_FILE: memoryFile },
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    const err: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      const stderr = Buffer.concat(err).toString('utf8');
      let peakMB: number | undefined;
      let nodeCpuSeconds: number | undefined;
      try {
        const report = JSON.parse(readFileSync(memoryFile, 'utf8')) as { peakRssKB: number; nodeCpuSeconds: number };
        peakMB = Math.round(report.peakRssKB / 1024);
        nodeCpuSeconds = Math.round(report.nodeCpuSeconds * 100) / 100;
      } catch {
        // killed before its exit hook ran, or not a node process
      }
      const error = code === 0 ? undefined : stderr.split('\n').find((line) => line.trim() !== '')?.slice(0, 300);
      resolve({ seconds, ...(peakMB !== undefined ? { peakMB } : {}), ...(nodeCpuSeconds !== undefined ? { nodeCpuSeconds } : {}), exit: timedOut ? 'timeout' : (code ?? -1), ...(error ? { error } : {}) });
    });
  });
}

const WORDS = ['le', 'chat', 'de', 'la', 'voisine', 'mange', 'une', 'souris', 'grise', 'dans', 'jardin', 'du', 'village', 'près', 'rivière'];

/** `bytes` of French words on one line, with no punctuation at all. */
function longLine(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const word = WORDS[i % WORDS.length]!;
    parts.push(word);
    size += Buffer.byteLength(word) + 1;
  }
  return `${parts.join(' ')}\n`;
}

function nestedDivs(depth: number): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Profond</title></head><body>${'<div>'.repeat(depth)}<p>Le chat de la voisine mange une souris grise dans le jardin.</p>${'</div>'.repeat(depth)}</body></html>\n`;
}

/** A made-up French word per number: letters only, so every entry is a distinct term. */
function pseudoWord(n: number): string {
  const syllables = ['ba', 'ce', 'di', 'fo', 'gu', 'la', 'me', 'ni', 'po', 'ru', 'sa', 'te', 'vi', 'zo', 'cha', 'lou'];
  let word = '';
  do {
    word += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  } while (n > 0);
  return word;
}

function largeGlossary(entries: number): string {
  const rows = ['french\tenglish\tenglish_forms\ttype\toptions\tnote'];
  for (let i = 0; i < entries; i++) rows.push(`${pseudoWord(i)}ette ${pseudoWord(i + 7)}\t${pseudoWord(i)}et ${pseudoWord(i + 7)}\t\tother\t\t`);
  return `${rows.join('\n')}\n`;
}

function tinyParagraphs(count: number): string {
  return Array.from({ length: count }, (_, i) => WORDS[i % WORDS.length]!.replace(/^./, (c) => c.toUpperCase())).join('\n\n') + '\n';
}

type Case = (scratch: string) => Promise<{ input: string; run: Run }>;

/** The founding article translated and exported to XLIFF, in its own folder: what `import` cases start from. */
async function exported(scratch: string, name: string, timeoutSeconds: number): Promise<{ out: string; xlf: string }> {
  const out = path.join(scratch, name);
  mkdirSync(out, { recursive: true });
  for (const args of [['translate', founding, '--out', out, '--glossary', shippedGlossary, '--quiet'], ['export', path.join(out, 'idlib-casques-blancs-2018-09-08.fr.json')]]) {
    const done = await diptych({ args }, scratch, timeoutSeconds);
    if (done.exit !== 0) throw new Error(`${args[0]} for the import case failed: ${done.error}`);
  }
  return { out, xlf: path.join(out, 'idlib-casques-blancs-2018-09-08.fr.xlf') };
}

function cases(timeoutSeconds: number): Map<string, Case> {
  const importLongTarget = (characters: number, label: string): Case => async (scratch) => {
    const { out, xlf } = await exported(scratch, 'import-target', timeoutSeconds);
    const xml = readFileSync(xlf, 'utf8');
    const at = xml.indexOf('<target');
    const close = xml.indexOf('</target>', at);
    const open = xml.indexOf('>', at) + 1;
    writeFileSync(xlf, xml.slice(0, open) + 'un mot '.repeat(characters / 7) + xml.slice(close));
    return { input: `\`import\` of an XLIFF whose first target is ${label}`, run: { args: ['import', xlf, '--out', out, '--glossary', shippedGlossary] } };
  };
  const file = (scratch: string, name: string, text: string) => {
    const at = path.join(scratch, name);
    writeFileSync(at, text);
    return at;
  };
  const translate = (input: string, out: string, glossary = shippedGlossary): Run => ({ args: ['translate', input, '--out', out, '--glossary', glossary, '--quiet'] });
  const longLineCase = (bytes: number, label: string): Case => async (scratch) => ({
    input: `one line of ${label} without punctuation`,
    run: translate(file(scratch, `line-${label}.txt`, longLine(bytes)), path.join(scratch, `out-line-${label}`)),
  });
  const glossaryDir = (scratch: string, entries: number) => {
    const dir = path.join(scratch, `glossary-${entries}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'founding.tsv'), readFileSync(path.join(shippedGlossary, 'founding.tsv')));
    writeFileSync(path.join(dir, 'large.tsv'), largeGlossary(entries));
    return dir;
  };
  return new Map<string, Case>([
    ['baseline', async (scratch) => ({ input: 'the founding article (3.3 KB), shipped glossary', run: translate(founding, path.join(scratch, 'out-baseline')) })],
    ['line-200k', longLineCase(200_000, '200 KB')],
    ['line-400k', longLineCase(400_000, '400 KB')],
    ['line-2m', longLineCase(2_000_000, '2 MB')],
    [
      'line-2m-raw-apertium',
      async (scratch) => ({
        input: 'the 2 MB line through `apertium fr-es | apertium spa-eng` alone',
        run: { command: 'bash', args: ['-o', 'pipefail', '-c', 'apertium fr-es "$0" | apertium spa-eng > /dev/null', file(scratch, 'line-2m.txt', longLine(2_000_000))] },
      }),
    ],
    ['divs-1000', async (scratch) => ({ input: '1,000 nested <div>s around one paragraph', run: translate(file(scratch, 'divs-1000.html', nestedDivs(1000)), path.join(scratch, 'out-divs-1000')) })],
    ['divs-5000', async (scratch) => ({ input: '5,000 nested <div>s around one paragraph', run: translate(file(scratch, 'divs-5000.html', nestedDivs(5000)), path.join(scratch, 'out-divs-5000')) })],
    ['quotes-5000', async (scratch) => ({ input: "Markdown: 5,000 '>' before one sentence", run: translate(file(scratch, 'quotes-5000.md', `${'>'.repeat(5000)} Le chat de la voisine mange une souris.\n`), path.join(scratch, 'out-quotes')) })],
    ['glossary-20000', async (scratch) => ({ input: 'the founding article, shipped glossary + 20,000 entries', run: translate(founding, path.join(scratch, 'out-glossary-20000'), glossaryDir(scratch, 20_000)) })],
    ['glossary-40000', async (scratch) => ({ input: 'the founding article, shipped glossary + 40,000 entries', run: translate(founding, path.join(scratch, 'out-glossary-40000'), glossaryDir(scratch, 40_000)) })],
    ['lint-20000', async (scratch) => ({ input: '`glossary lint` of the shipped glossary + 20,000 entries', run: { args: ['glossary', 'lint', glossaryDir(scratch, 20_000)] } })],
    ['paragraphs-100000', async (scratch) => ({ input: '100,000 one-word paragraphs', run: translate(file(scratch, 'paragraphs.txt', tinyParagraphs(100_000)), path.join(scratch, 'out-paragraphs')) })],
    ['import-40mb-target', importLongTarget(40_000_000, '40 MB')],
    ['import-10mb-target', importLongTarget(10_000_000, '10 MB')],
    [
      'import-unknown-ids',
      async (scratch) => {
        const { out, xlf } = await exported(scratch, 'import-unknown', timeoutSeconds);
        const xml = readFileSync(xlf, 'utf8');
        const sentence = 'Le chat de la voisine mange une souris grise dans le jardin du village, près de la rivière. '.repeat(3);
        const units = Array.from(
          { length: 79_842 },
          (_, i) => `<trans-unit id="inconnu-${i}"><source>${sentence}</source><target state="translated">${sentence}</target></trans-unit>`,
        ).join('\n');
        const end = xml.lastIndexOf('</body>');
        writeFileSync(xlf, xml.slice(0, end) + units + xml.slice(end));
        return { input: '`import` of a 50 MB XLIFF with 79,842 unknown ids', run: { args: ['import', xlf, '--out', out, '--glossary', shippedGlossary] } };
      },
    ],
  ]);
}

export async function benchHostileInput(names: string[], timeoutSeconds: number): Promise<Measure[]> {
  const all = cases(timeoutSeconds);
  const unknown = names.filter((name) => !all.has(name));
  if (unknown.length > 0) throw new Error(`unknown case ${unknown.join(', ')}; cases: ${[...all.keys()].join(', ')}`);
  const results: Measure[] = [];
  for (const name of names.length > 0 ? names : [...all.keys()]) {
    const scratch = mkdtempSync(path.join(tmpdir(), 'diptych-bench-hostile-'));
    try {
      const { input, run } = await all.get(name)!(scratch);
      const measure: Measure = { case: name, input, ...(await diptych(run, scratch, timeoutSeconds)) };
      console.log(JSON.stringify(measure));
      results.push(measure);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--timeout');
  const timeoutSeconds = at >= 0 ? Number(args.splice(at, 2)[1]) : 600;
  await benchHostileInput(args, timeoutSeconds);
}
