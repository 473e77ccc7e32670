// Score French sentence segmentation on the third-party cases in
// ../shared/eval/segmentation/fr-cases.json: a case passes when the whole
// sentence list matches exactly after collapsing white space.
// Run: npm run eval:segmentation
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { splitParagraphs } from '../src/segment/index.js';
import { sharedPath } from './segment-repo-root.js';

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

export function loadSegmentationCases(file = sharedPath('eval', 'segmentation', 'fr-cases.json')): SegmentationCase[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `${file}: cannot read the segmentation cases — they live in ../shared next to the repository; ` +
        'run from a checkout that has it',
      { cause: error },
    );
  }
  return JSON.parse(raw) as SegmentationCase[];
}

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
  const scores = scoreSegmentation(loadSegmentationCases());
  for (const score of scores) {
    for (const failure of score.failures) {
      console.log(`FAIL [${failure.case.lang}] ${failure.case.source}`);
      console.log(`  text:     ${JSON.stringify(failure.case.text)}`);
      console.log(`  expected: ${JSON.stringify(failure.case.sentences.map(collapse))}`);
      console.log(`  got:      ${JSON.stringify(failure.got)}`);
    }
  }
  for (const score of scores) console.log(`${score.group}: ${score.passed}/${score.total}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
