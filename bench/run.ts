// `npm run bench`: every benchmark of the project, printed as one table of
// measure, value and target. Speed is always a ratio against a baseline
// measured in the same run (the machine is shared; absolute times vary).

import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchAlign } from './align.js';
import { benchBatch } from './batch.js';
import { benchLargeArticle } from './large-article.js';
import { benchLemmas } from './lemmas.js';
import { benchQueue, queueRows } from './queue.js';
import { benchReview } from './review.js';
import { requireShared } from './shared-data.js';

interface Row {
  measure: string;
  value: string;
  target: string;
  pass?: boolean;
}

const seconds = (s: number): string => `${s.toFixed(2)} s`;
const mb = (n: number): string => `${n.toFixed(0)} MB`;

let coldBatchSeconds = NaN;

async function batchRows(): Promise<Row[]> {
  const b = await benchBatch();
  coldBatchSeconds = b.coldSeconds;
  const label = `${b.articles} Wikinews articles (${b.characters.toLocaleString('en')} characters), Apertium fr→es→en, median of ${b.repetitions}`;
  return [
    { measure: `batch — ${label}`, value: '', target: '' },
    { measure: 'raw `apertium fr-es | apertium spa-eng`, one pipe', value: seconds(b.rawSeconds), target: 'baseline' },
    { measure: 'cold `diptych batch` (empty output folder)', value: `${seconds(b.coldSeconds)} = ${b.coldRatio.toFixed(2)}× raw`, target: '≤ 1.25× raw', pass: b.coldRatio <= 1.25 },
    {
      measure: '  CPU time (user + system, with children): raw → cold',
      value: `${seconds(b.rawCpuSeconds)} → ${seconds(b.coldCpuSeconds)} = ${(b.coldCpuSeconds / b.rawCpuSeconds).toFixed(2)}×`,
      target: `${cpus().length} cores here`,
    },
    {
      measure: '  CPU of the cold run: Apertium processes | the Node.js process',
      value: `${seconds(b.coldCpuSeconds - b.coldNodeCpuSeconds)} (raw: ${seconds(b.rawCpuSeconds)}) | ${seconds(b.coldNodeCpuSeconds)}`,
      target: '',
    },
    {
      measure: '  CPU left to cut against raw: Apertium side | Node.js side',
      value: `${seconds(b.coldCpuSeconds - b.coldNodeCpuSeconds - b.rawCpuSeconds)} | ${seconds(b.coldNodeCpuSeconds)}`,
      target: `cold CPU ≤ 1.3× raw`,
      pass: b.coldCpuSeconds <= 1.3 * b.rawCpuSeconds,
    },
    {
      measure: 'warm re-run (nothing changed), whole command',
      value: `${seconds(b.warmSeconds)} = ${(b.warmRatio * 100).toFixed(1)}% of cold, ${b.warmSent} sent`,
      target: '≤ 5% of cold, 0 sent',
      pass: b.warmRatio <= 0.05 && b.warmSent === 0,
    },
    {
      measure: '  of which the run itself (after start-up)',
      value: `${seconds(b.warmRunSeconds)} = ${((b.warmRunSeconds / b.coldSeconds) * 100).toFixed(1)}% of cold`,
      target: '',
    },
    {
      measure: 'one paragraph of one article changed',
      value: `${seconds(b.changed.seconds)}, ${b.changed.sent} sent of the paragraph's ${b.changed.paragraphSegments} segments; ${b.changed.written} written, ${b.changed.skipped} skipped`,
      target: 'only that paragraph',
      pass: b.changed.sent >= 1 && b.changed.sent <= b.changed.paragraphSegments && b.changed.written === 1,
    },
    { measure: 'peak memory (RSS), 100 articles', value: mb(b.memory.rss100MB), target: '≤ 300 MB', pass: b.memory.rss100MB <= 300 },
    {
      measure: 'peak memory (RSS), 1,000 articles (100 × 10 variants)',
      value: `${mb(b.memory.rss1000MB)} = ${b.memory.ratio.toFixed(2)}× (in ${seconds(b.memory.seconds1000)})`,
      target: '< 1.5× the 100',
      pass: b.memory.ratio < 1.5,
    },
    {
      measure: '  live heap (survives a full GC), 100 → 1,000 articles',
      value: `${mb(b.memory.live100MB)} → ${mb(b.memory.live1000MB)} = ${(b.memory.live1000MB / b.memory.live100MB).toFixed(2)}×`,
      target: '',
    },
  ];
}

async function lemmaRows(coldSeconds: number): Promise<Row[]> {
  const b = await benchLemmas();
  return [
    { measure: `glossary lemmas — Apertium's French analyser (one lt-proc), ${b.articles} articles, ${b.sentences.toLocaleString('en')} sentences`, value: '', target: '' },
    {
      measure: 'analysing every sentence, one request per article (start-up included)',
      value: `${seconds(b.analyseSeconds)} = ${((100 * b.analyseSeconds) / coldSeconds).toFixed(1)}% of the cold batch`,
      target: '',
    },
    { measure: '  lt-proc peak memory (RSS)', value: mb(b.analyserPeakMB), target: '' },
    { measure: `a ${b.entries.toLocaleString('en')}-entry glossary: forms analysed and indexed`, value: seconds(b.indexSeconds), target: '' },
    { measure: '  every sentence matched, first pass (patterns compiled)', value: seconds(b.firstPassSeconds), target: '' },
    {
      measure: '  every sentence matched again, with lemmas vs listed forms only',
      value: `${seconds(b.matchSeconds)} vs ${seconds(b.matchListedSeconds)} = ${(b.matchSeconds / b.matchListedSeconds).toFixed(2)}×`,
      target: '',
    },
  ];
}

async function largeArticleRows(): Promise<Row[]> {
  const b = await benchLargeArticle();
  const label = `${(b.bytes / 1e6).toFixed(1)} MB, ${b.sentences.toLocaleString('en')} sentences in ${b.paragraphs.toLocaleString('en')} paragraphs from corpus/ sentences`;
  return [
    { measure: `large input — one article of ${label}, \`diptych translate\`, Apertium`, value: '', target: '' },
    { measure: 'the founding article, same command', value: `${seconds(b.baseline.seconds)}, peak ${mb(b.baseline.peakMB)}`, target: 'baseline' },
    {
      measure: 'the 2.5 MB article: time',
      value: `${seconds(b.large.seconds)} = ${(b.large.seconds / b.baseline.seconds).toFixed(1)}× the founding article`,
      target: '',
    },
    {
      measure: '  peak memory (RSS)',
      value: `${mb(b.large.peakMB)} = ${(b.large.peakMB / b.baseline.peakMB).toFixed(2)}× the founding article`,
      target: '≤ 300 MB',
      pass: b.large.peakMB <= 300,
    },
    { measure: `the same article as a ${(b.page.bytes / 1e6).toFixed(1)} MB news page: time`, value: seconds(b.page.seconds), target: '' },
    { measure: '  peak memory (RSS)', value: mb(b.page.peakMB), target: '≤ 300 MB', pass: b.page.peakMB <= 300 },
  ];
}

/** bench/segment.ts belongs to the segmentation work; run it when it is there. */
async function segmentationRows(): Promise<Row[]> {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'segment.js');
  if (!existsSync(file)) return [];
  const { benchSegmentation } = (await import(pathToFileURL(file).href)) as {
    benchSegmentation: () => Promise<{ frenchMBps: number; parseLatinMBps: number; ratio: number }>;
  };
  const s = await benchSegmentation();
  return [
    { measure: 'segmentation — 100 Wikinews articles', value: '', target: '' },
    { measure: 'French rules (splitSentences)', value: `${s.frenchMBps.toFixed(2)} MB/s`, target: '' },
    { measure: 'plain parse-latin, same text', value: `${s.parseLatinMBps.toFixed(2)} MB/s`, target: 'baseline' },
    { measure: 'French time / parse-latin time', value: `${s.ratio.toFixed(2)}×`, target: '≤ 2×', pass: s.ratio <= 2 },
  ];
}

function printTable(rows: Row[]): void {
  const cells = rows.map((row) => [row.measure, row.value, row.target, row.pass === undefined ? '' : row.pass ? 'pass' : 'FAIL']);
  const header = ['measure', 'value', 'target', ''];
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((cell) => cell[i]!.length)));
  const line = (cell: string[]) => `| ${cell.map((text, i) => text.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const cell of cells) console.log(line(cell));
}

async function alignRows(): Promise<Row[]> {
  const rows: Row[] = [{ measure: '`diptych align --presegmented`, empty output folder (French translated by Apertium in the run)', value: '', target: '' }];
  for (const b of await benchAlign()) {
    const label = `${b.label === 'largest-book' ? 'largest gold book (Candide)' : 'the gold books in turn'}: ${b.french.toLocaleString('en')} FR / ${b.english.toLocaleString('en')} EN sentences`;
    rows.push({ measure: `  ${label}, time`, value: `${seconds(b.seconds)} (Node.js CPU ${seconds(b.nodeCpuSeconds)})`, target: b.french >= 5000 ? '< 60 s' : '', ...(b.french >= 5000 ? { pass: b.seconds < 60 } : {}) });
    rows.push({ measure: `  ${label}, peak memory (Node.js process)`, value: mb(b.peakRssMB), target: b.french >= 5000 ? '< 300 MB' : '', ...(b.french >= 5000 ? { pass: b.peakRssMB < 300 } : {}) });
  }
  return rows;
}

async function reviewRows(): Promise<Row[]> {
  const b = await benchReview();
  const rows: Row[] = [{ measure: 'review — one fsynced write of a 500-segment store, alone (p50 / p95)', value: `${b.baselineWriteMs.toFixed(1)} / ${b.baselineWriteP95Ms.toFixed(1)} ms`, target: 'baseline' }];
  for (const e of b.engines) {
    rows.push(
      { measure: `review on ${e.engine}${e.engine === 'postgres' ? ' (cluster with fsync off)' : ''} — ${e.articles.toLocaleString('en')} articles, ${e.storeSegments.toLocaleString('en')} segments; ${e.editors} editors on a ${e.segments}-segment article (${e.saves} saves)`, value: '', target: '' },
      { measure: '  article list, a page of 50 (p50 / p95)', value: `${e.listP50Ms.toFixed(1)} / ${e.listP95Ms.toFixed(1)} ms`, target: '< 300 ms', pass: e.listP95Ms < 300 },
      { measure: `  open the ${e.segments}-segment article: API answer, first / median`, value: `${e.apiFirstOpenMs.toFixed(1)} / ${e.apiOpenMs.toFixed(1)} ms`, target: '< 500 ms', pass: e.apiFirstOpenMs < 500 },
      ...(e.pageOpenMs !== undefined ? [{ measure: `  open the article: page until all ${e.segments} rows shown (median of 5)`, value: `${e.pageOpenMs.toFixed(0)} ms`, target: '< 500 ms', pass: e.pageOpenMs < 500 }] : []),
      { measure: '  concordance search (p50 / p95)', value: `${e.searchP50Ms.toFixed(1)} / ${e.searchP95Ms.toFixed(1)} ms (slowest: ${e.searchSlowest.q})`, target: '< 300 ms', pass: e.searchP95Ms < 300 },
      { measure: '  one editor saving alone, p50 / p95', value: `${e.aloneP50Ms.toFixed(1)} / ${e.aloneP95Ms.toFixed(1)} ms`, target: '' },
      { measure: "  the same with accounts (an account's API token), p50 / p95", value: `${e.accountsP50Ms.toFixed(1)} / ${e.accountsP95Ms.toFixed(1)} ms = ${(e.accountsP50Ms / e.aloneP50Ms).toFixed(2)}× without`, target: 'within 10%' },
      { measure: `  save latency (${e.engine}) p50 / p95`, value: `${e.p50Ms.toFixed(1)} / ${e.p95Ms.toFixed(1)} ms = ${(e.p95Ms / b.baselineWriteP95Ms).toFixed(1)}× baseline p95`, target: 'p95 < 50 ms', pass: e.p95Ms < 50 },
    );
  }
  return rows;
}

requireShared('corpus-extra', 'frwikinews-2012');
// Every figure depends on what else the machine does: the table says how busy it was.
const loadBefore = loadavg();
const rows = [...(await segmentationRows()), ...(await batchRows()), ...(await lemmaRows(coldBatchSeconds)), ...(await reviewRows()), ...queueRows(await benchQueue((line) => process.stderr.write(`bench:queue: ${line}\n`))), ...(await largeArticleRows()), ...(await alignRows())];
printTable(rows);
const loadAfter = loadavg();
console.log(`\nload average (1 min) at start ${loadBefore[0]!.toFixed(2)}, at end ${loadAfter[0]!.toFixed(2)}, on ${cpus().length} cores`);
