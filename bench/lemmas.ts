// What lemma matching costs: the French analyser (one lt-proc process) on the
// 100 Wikinews articles as a batch sends them (one request per article), the
// peak memory of that process, and a 20,000-entry glossary — its index built
// in one request, then every sentence of the 100 articles matched against it —
// beside the same glossary matched without lemmas. Part of `npm run bench`.

import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GlossaryEntry } from '../src/glossary/index.js';
import { findTerms, makeGlossary, termLemmas } from '../src/glossary/index.js';
import { readArticle } from '../src/read/index.js';
import { segmentArticle } from '../src/segment/index.js';
import { ApertiumAnalyser } from '../src/translate/engines/apertium-analyser.js';
import { requireShared } from './shared-data.js';

export interface LemmaBench {
  articles: number;
  sentences: number;
  /** Analysing every article's sentences, one request per article, fresh process (start-up included). */
  analyseSeconds: number;
  /** Peak resident memory of the lt-proc process, MB. */
  analyserPeakMB: number;
  entries: number;
  /** Analysing the 20,000 entries' forms and building the index. */
  indexSeconds: number;
  /** The first pass over every sentence, listed forms only: the patterns of the entries met are compiled. */
  firstPassSeconds: number;
  /** Matching every sentence against the large glossary again: with lemmas, and listed forms only. */
  matchSeconds: number;
  matchListedSeconds: number;
}

/** The high-water mark of a process's resident memory, kB (Linux). */
function peakKB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  return Number(/VmHWM:\s+(\d+)/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
}

/** Entries made of the articles' own word pairs (capitalised, as names are), so a glossary that large meets the text. */
function largeGlossary(sentences: string[], size: number): GlossaryEntry[] {
  const pairs = new Set<string>();
  for (const sentence of sentences) {
    const words = sentence.match(/\p{L}{4,}/gu) ?? [];
    for (let i = 0; i + 1 < words.length && pairs.size < size; i++) pairs.add(`${words[i]} ${words[i + 1]}`);
    if (pairs.size >= size) break;
  }
  let n = 0;
  while (pairs.size < size) pairs.add(`Nom${n++} Propre`);
  return [...pairs].map((form, line) => ({ id: form, sources: [form], target: `English ${line}`, targetForms: [], type: 'other', caseSensitive: false, keep: false, note: '', file: 'large.tsv', line: line + 2 }));
}

export async function benchLemmas(): Promise<LemmaBench> {
  const folder = requireShared('corpus-extra', 'frwikinews-2012');
  const names = (await readdir(folder)).filter((name) => name.endsWith('.fr.txt')).sort();
  const articles: string[][] = [];
  for (const name of names) {
    const article = segmentArticle(await readArticle(path.join(folder, name), { slug: name, sourceLang: 'fr', targetLang: 'en' }));
    articles.push(article.blocks.flatMap((block) => block.segments.map((segment) => segment.source)));
  }
  const sentences = articles.flat();

  const analyser = new ApertiumAnalyser();
  let started = performance.now();
  for (const texts of articles) await analyser.analyse(texts);
  const analyseSeconds = (performance.now() - started) / 1000;
  const analyserPeakMB = peakKB(analyser.pid) / 1024;

  const glossary = makeGlossary(largeGlossary(sentences, 20_000));
  started = performance.now();
  await termLemmas(glossary, analyser, []);
  const indexSeconds = (performance.now() - started) / 1000;
  const lemmas = await termLemmas(glossary, analyser, sentences);
  // A first pass compiles the patterns (V8 compiles a regular expression on its first run): timed apart.
  started = performance.now();
  for (const sentence of sentences) findTerms(glossary, sentence);
  const firstPassSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for (const sentence of sentences) findTerms(glossary, sentence);
  const matchListedSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for (const sentence of sentences) findTerms(glossary, sentence, lemmas);
  const matchSeconds = (performance.now() - started) / 1000;
  analyser.close();
  return { articles: names.length, sentences: sentences.length, analyseSeconds, analyserPeakMB, entries: glossary.entries.length, indexSeconds, firstPassSeconds, matchSeconds, matchListedSeconds };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchLemmas(), null, 2));
}
