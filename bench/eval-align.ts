// `npm run eval:align`: sentence alignment of a French text with its human
// English, scored against the gold of ../shared/eval/alignment (five books) by
// the scorer there, with the Gale–Church baseline run on the same sentences in
// the same run. Each book goes through the pipeline's alignArticles exactly as
// `diptych align --presegmented` does (the gold is one sentence per line).

import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatLinks, LOW_CONFIDENCE } from '../src/align/index.js';
import { alignArticles, prepareAlignSide } from '../src/pipeline/index.js';
import { TranslationCache } from '../src/store/index.js';
import { createTranslator } from '../src/translate/index.js';
import { requireShared } from './shared-data.js';

const gold = requireShared('eval', 'alignment');
const books = (await readdir(gold)).filter((name) => name.endsWith('.gold.tsv')).map((name) => name.replace(/\.gold\.tsv$/, '')).sort();
const work = await mkdtemp(path.join(tmpdir(), 'diptych-eval-align-'));
const ours = path.join(work, 'diptych');
const baseline = path.join(work, 'galechurch');
await Promise.all([ours, baseline].map((dir) => import('node:fs/promises').then((fs) => fs.mkdir(dir))));

const translator = createTranslator('apertium');
// A cache of its own per run: the French is translated in the run, as the command does on a first run.
const cache = await TranslationCache.open(path.join(work, 'cache'));
const context = { glossary: { entries: [], version: 'none', files: [] }, translator, cache };
let alignMs = 0;
// Whether low confidence points a reviewer at the wrong links: links with both sides, by confidence, against the gold.
const flagged = { low: 0, lowWrong: 0, high: 0, highWrong: 0 };
try {
  for (const book of books) {
    const french = await prepareAlignSide(path.join(gold, `${book}.fr.txt`), { presegmented: true });
    const english = await prepareAlignSide(path.join(gold, `${book}.en.txt`), { presegmented: true });
    const started = performance.now();
    const aligned = await alignArticles(french, english, context, { presegmented: true });
    alignMs += performance.now() - started;
    await writeFile(path.join(ours, `${book}.hyp.tsv`), formatLinks(aligned.links));
    const goldLinks = new Set((await readFile(path.join(gold, `${book}.gold.tsv`), 'utf8')).split('\n'));
    for (const link of aligned.links) {
      if (link.fr.length === 0 || link.en.length === 0) continue;
      const wrong = !goldLinks.has(`${link.fr.join(',')}\t${link.en.join(',')}`);
      if (link.confidence < LOW_CONFIDENCE) {
        flagged.low++;
        if (wrong) flagged.lowWrong++;
      } else {
        flagged.high++;
        if (wrong) flagged.highWrong++;
      }
    }
    const gc = spawnSync('python3', [path.join(gold, 'align_galechurch.py'), path.join(gold, `${book}.fr.txt`), path.join(gold, `${book}.en.txt`)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (gc.status !== 0) throw new Error(`align_galechurch.py failed on ${book}: ${gc.stderr}`);
    await writeFile(path.join(baseline, `${book}.hyp.tsv`), gc.stdout);
  }
} finally {
  await translator.close?.();
  await cache.close();
}

interface Scores {
  name: string;
  precision_strict: number;
  recall_strict: number;
  f1_strict: number;
  precision_lax: number;
  recall_lax: number;
  f1_lax: number;
}

function score(hypDir: string): { documents: Scores[]; corpus: Scores } {
  const result = spawnSync('python3', [path.join(gold, 'align_score.py'), '--gold-dir', gold, '--hyp-dir', hypDir, '--json'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`align_score.py failed: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as { documents: Scores[]; corpus?: Scores; total?: Scores };
  return { documents: parsed.documents, corpus: { ...(parsed.corpus ?? parsed.total)!, name: 'all books' } };
}

const mine = score(ours);
const theirs = score(baseline);
const f = (n: number) => n.toFixed(3);
console.log(`Sentence alignment, ${books.length} books of ../shared/eval/alignment (Apertium's English of the French; French translated in this run; aligning ${(alignMs / 1000).toFixed(1)} s in all)\n`);
console.log('| book | strict P | strict R | strict F1 | lax P | lax R | lax F1 | Gale–Church strict F1 | Gale–Church lax F1 |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
[...mine.documents, mine.corpus].forEach((row, i) => {
  const gc = [...theirs.documents, theirs.corpus][i]!;
  const name = i === mine.documents.length ? '**all books**' : row.name;
  console.log(`| ${name} | ${f(row.precision_strict)} | ${f(row.recall_strict)} | ${f(row.f1_strict)} | ${f(row.precision_lax)} | ${f(row.recall_lax)} | ${f(row.f1_lax)} | ${f(gc.f1_strict)} | ${f(gc.f1_lax)} |`);
});
const percent = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
console.log(`\nLinks below ${LOW_CONFIDENCE} confidence (findings for review): ${flagged.low} of ${flagged.low + flagged.high}, of which ${percent(flagged.lowWrong, flagged.low)} wrong (strict); the others ${percent(flagged.highWrong, flagged.high)} wrong. They hold ${flagged.lowWrong} of the ${flagged.lowWrong + flagged.highWrong} wrong links.`);
await rm(work, { recursive: true, force: true });
