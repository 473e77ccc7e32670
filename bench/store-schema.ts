// What checking a store against its schema costs when it is read: a
// 40,000-segment store (made in memory, never written) is parsed as JSON (the
// baseline, in the same run) and the parsed store checked by the ajv schema;
// the figure is the check's time as a share of the parse's.
// Run: npm run build --silent && node dist/bench/store-schema.js

import { serializeArticle } from '../src/store/index.js';
import { storeProblem } from '../src/store/store-schema.js';
import type { Article, Segment } from '../src/core/types.js';

const SEGMENTS = 40_000;
const RUNS = 7;

function segment(i: number): Segment {
  return {
    id: `s${i.toString(16)}-0-${i % 5}`,
    source: `La phrase numéro ${i} parle de la ville et de ses habitants.`,
    target: `Sentence number ${i} speaks of the city and its inhabitants.`,
    sourceMarks: [],
    targetMarks: [],
    state: 'translated',
    provenance: { translator: 'apertium', model: 'fr-es-en', glossaryVersion: 'g', edited: false, at: '2026-12-06T00:00:00.000Z' },
    terms: [{ entry: 'ville', source: 'ville', target: 'city', satisfied: true }],
    unknownWords: [],
    findings: [{ rule: 'length-ratio', source: 'check', severity: 'info', message: 'longer than usual' }],
  };
}

const article: Article = {
  slug: 'large',
  sourcePath: 'large.txt',
  format: 'txt',
  sourceLang: 'fr',
  targetLang: 'en',
  title: 'Large',
  blocks: Array.from({ length: SEGMENTS / 5 }, (_, b) => ({ kind: 'paragraph' as const, text: '', marks: [], segments: Array.from({ length: 5 }, (_, i) => segment(b * 5 + i)) })),
};
const json = serializeArticle(article);

function median(work: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const parsed: unknown = JSON.parse(json);
if (storeProblem(parsed) !== undefined) throw new Error('the generated store does not match the schema');
const parse = median(() => JSON.parse(json));
const check = median(() => storeProblem(parsed));
console.log(`store of ${SEGMENTS.toLocaleString('en')} segments (${(json.length / 1e6).toFixed(1)} MB): JSON.parse ${parse.toFixed(0)} ms, schema check ${check.toFixed(0)} ms (${((100 * check) / parse).toFixed(0)}% of the parse)`);
