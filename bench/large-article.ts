// `npm run bench`, large input: one 2.5 MB article, generated from corpus/
// sentences (cut at commas into short sentences, shuffled with a fixed seed,
// eight to a paragraph), as plain text and as a news page (the same
// paragraphs in <p> elements, with a title, navigation and a footer), through
// `diptych translate` with Apertium, measured
// for time and peak memory (RSS of the node process; Apertium's own processes
// are not counted). The baseline, in the same run, is the same command on the
// founding article: its time and memory are what any run costs.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist/bundle/cli/main.js');
const peakMemoryHook = pathToFileURL(path.join(root, 'dist/bench/report-peak-memory.js')).href;
const TARGET_BYTES = 2.5e6;

export interface LargeArticleBench {
  bytes: number;
  sentences: number;
  paragraphs: number;
  large: { seconds: number; peakMB: number };
  /** The same article as an HTML page. */
  page: { bytes: number; seconds: number; peakMB: number };
  baseline: { seconds: number; peakMB: number };
}

/** Short sentences from the corpus: each sentence cut at its commas, capitalised, closed with a full stop. */
function corpusClauses(): string[] {
  const clauses: string[] = [];
  const dir = path.join(root, 'corpus');
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.txt')).sort()) {
    for (const line of readFileSync(path.join(dir, name), 'utf8').split(/\n+/)) {
      for (const sentence of line.split(/(?<=[.!?])\s+(?=[A-ZÀ-Ý«])/)) {
        for (const piece of sentence.split(/,\s+|;\s+/)) {
          const clause = piece.replace(/[.!?:]+$/, '').trim();
          if (clause.split(' ').length >= 3 && !/[«»()"]/.test(clause)) clauses.push(`${clause[0]!.toUpperCase()}${clause.slice(1)}.`);
        }
      }
    }
  }
  return clauses;
}

export function largeArticleText(): { text: string; sentences: number; paragraphs: number } {
  const clauses = corpusClauses();
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const paragraphs = ['Un très long article'];
  let bytes = 0;
  let sentences = 0;
  while (bytes < TARGET_BYTES) {
    const paragraph = Array.from({ length: 8 }, () => clauses[Math.floor(random() * clauses.length)]!).join(' ');
    paragraphs.push(paragraph);
    sentences += 8;
    bytes += Buffer.byteLength(paragraph) + 2;
  }
  return { text: `${paragraphs.join('\n\n')}\n`, sentences, paragraphs: paragraphs.length - 1 };
}

/** The article as a saved news page: what reader mode has to find it in. */
export function largeArticlePage(text: string): string {
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const [title, ...paragraphs] = text.trim().split(/\n\n/);
  return [
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escape(title!)} — Le Quotidien</title></head><body>`,
    '<header><nav><a href="/">Accueil</a> <a href="/international">International</a></nav></header>',
    `<main><article><h1>${escape(title!)}</h1>`,
    ...paragraphs.map((paragraph) => `<p>${escape(paragraph)}</p>`),
    '</article></main><footer>Mentions légales du Quotidien</footer></body></html>',
  ].join('\n');
}

function translate(file: string, out: string, scratch: string): Promise<{ seconds: number; peakMB: number }> {
  const memoryFile = path.join(scratch, `memory-${Math.random().toString(36).slice(2)}.json`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', peakMemoryHook, cli, 'translate', file, '--out', out, '--glossary', path.join(root, 'glossary'), '--quiet'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, BENCH_PEAK_MEMORY_FILE: memoryFile },
    });
    const err: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`diptych translate ${file} exited with ${code}: ${Buffer.concat(err).toString('utf8')}`));
      const memory = JSON.parse(readFileSync(memoryFile, 'utf8')) as { peakRssKB: number };
      resolve({ seconds, peakMB: memory.peakRssKB / 1024 });
    });
  });
}

export async function benchLargeArticle(): Promise<LargeArticleBench> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'diptych-bench-large-'));
  try {
    const { text, sentences, paragraphs } = largeArticleText();
    const file = path.join(scratch, 'large.fr.txt');
    writeFileSync(file, text);
    const baseline = await translate(path.join(root, 'corpus/idlib-casques-blancs-2018-09-08.fr.txt'), path.join(scratch, 'out-small'), scratch);
    const large = await translate(file, path.join(scratch, 'out-large'), scratch);
    const html = largeArticlePage(text);
    const pageFile = path.join(scratch, 'large.fr.html');
    writeFileSync(pageFile, html);
    const page = { bytes: Buffer.byteLength(html), ...(await translate(pageFile, path.join(scratch, 'out-page'), scratch)) };
    return { bytes: Buffer.byteLength(text), sentences, paragraphs, large, page, baseline };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// Run on its own: `node dist/bench/large-article.js`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const b = await benchLargeArticle();
  console.log(JSON.stringify(b, null, 2));
}
