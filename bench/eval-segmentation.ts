// Score French sentence segmentation on the third-party cases in
// ../shared/eval/segmentation/fr-cases.json: a case passes when the whole
// sentence list matches exactly after collapsing white space. Exits 1 below
// the bar (68/70 French, 24/25 multilingual).
// Run: npm run eval:segmentation
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { splitParagraphs } from '../src/segment/index.js';
import { requireShared } from './shared-data.js';

interface SegmentationCase {
  source: string;
  text: string;
  sentences: string[];
  lang: string;
}

export interface SegmentationScore {
  group: 'French' | 'multilingual';
  passed: number;
  total: number;
  failures: { case: SegmentationCase; got: string[] }[];
}

const collapse = (text: string): string => text.replace(/\s+/gu, ' ').trim();

export function loadSegmentationCases(file: string): SegmentationCase[] {
  return JSON.parse(readFileSync(file, 'utf8')) as SegmentationCase[];
}

/** Cases each group must pass (of 70 French and 25 multilingual). */
const bar = { French: 68, multilingual: 24 } as const;

export function scoreSegmentation(cases: readonly SegmentationCase[]): SegmentationScore[] {
  const groups: SegmentationScore[] = [
    { group: 'French', passed: 0, total: 0, failures: [] },
    { group: 'multilingual', passed: 0, total: 0, failures: [] },
  ];
  for (const item of cases) {
    const score = groups[item.lang === 'fr' ? 0 : 1]!;
    const got = splitParagraphs(item.text).flat().map(collapse);
    const expected = item.sentences.map(collapse);
    score.total++;
    if (got.length === expected.length && got.every((sentence, index) => sentence === expected[index])) {
      score.passed++;
    } else {
      score.failures.push({ case: item, got });
    }
  }
  return groups;
}

function main(): void {
  const scores = scoreSegmentation(loadSegmentationCases(path.join(requireShared('eval', 'segmentation'), 'fr-cases.json')));
  for (const score of scores) {
    for (const failure of score.failures) {
      console.log(`FAIL [${failure.case.lang}] ${failure.case.source}`);
      console.log(`  text:     ${JSON.stringify(failure.case.text)}`);
      console.log(`  expected: ${JSON.stringify(failure.case.sentences.map(collapse))}`);
      console.log(`  got:      ${JSON.stringify(failure.got)}`);
    }
  }
  for (const score of scores) {
    const pass = score.passed >= bar[score.group];
    console.log(`${score.group}: ${score.passed}/${score.total} (bar ≥ ${bar[score.group]}: ${pass ? 'pass' : 'FAIL'})`);
    if (!pass) process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
