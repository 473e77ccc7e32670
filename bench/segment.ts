// Segmentation throughput on the 100 French Wikinews articles of
// ../shared/corpus-extra/frwikinews-2012/, French rules against plain
// parse-latin measured in the same run. Run: node dist/bench/segment.js
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ParseLatin } from 'parse-latin';
import { splitSentences } from '../src/segment/index.js';
import { median } from './median.js';
import { requireShared } from './shared-data.js';

export interface SegmentationBench {
  /** French segmentation (splitSentences), MB of UTF-8 text per second. */
  frenchMBps: number;
  /** Plain parse-latin paragraph parsing of the same text, MB/s. */
  parseLatinMBps: number;
  /** French time / parse-latin time (≤ 2 is the budget). */
  ratio: number;
}

const repetitions = 15;

function loadParagraphs(): string[] {
  const folder = requireShared('corpus-extra', 'frwikinews-2012');
  const files = readdirSync(folder).filter((name) => name.endsWith('.fr.txt'));
  // One block (title, lede, paragraph) per line.
  return files.flatMap((name) =>
    readFileSync(path.join(folder, name), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== ''),
  );
}

function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function benchSegmentation(): Promise<SegmentationBench> {
  const paragraphs = loadParagraphs();
  const megabytes = paragraphs.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0) / 1e6;
  const plain = new ParseLatin();
  let sink = 0;
  const runFrench = (): void => {
    for (const text of paragraphs) sink += splitSentences(text).length;
  };
  const runParseLatin = (): void => {
    for (const text of paragraphs) sink += plain.tokenizeParagraph(text).children.length;
  };
  // Warm up both, then alternate so drift in machine load hits both alike.
  runFrench();
  runParseLatin();
  const french: number[] = [];
  const parseLatin: number[] = [];
  for (let round = 0; round < repetitions; round++) {
    french.push(time(runFrench));
    parseLatin.push(time(runParseLatin));
  }
  if (sink === 0) throw new Error('benchmark produced no sentences');
  const frenchSeconds = median(french);
  const parseLatinSeconds = median(parseLatin);
  return {
    frenchMBps: megabytes / frenchSeconds,
    parseLatinMBps: megabytes / parseLatinSeconds,
    ratio: frenchSeconds / parseLatinSeconds,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchSegmentation().then(
    (result) => {
      console.log(
        `segmentation (frwikinews-2012, 100 articles, median of ${repetitions}): ` +
          `French rules ${result.frenchMBps.toFixed(2)} MB/s · parse-latin ${result.parseLatinMBps.toFixed(2)} MB/s · ` +
          `time ratio ${result.ratio.toFixed(2)}× (budget ≤ 2×)`,
      );
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
