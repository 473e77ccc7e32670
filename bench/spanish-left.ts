// Spanish words left in Apertium's English (the `pivot-language-word` check),
// through the product path, on three sets: the FLORES-200 Wikinews sentences,
// the 100 Wikinews 2012 articles of ../shared/corpus-extra, and corpus/.
// Part of `npm run eval` (eval-checks); alone, `node dist/bench/spanish-left.js`
// also lists every word left, for whoever works on the pivot repair.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkSegment } from '../src/check/index.js';
import type { Segment } from '../src/core/types.js';
import { loadGlossary } from '../src/glossary/index.js';
import { translateArticle } from '../src/pipeline/index.js';
import { readArticle } from '../src/read/index.js';
import { segmentArticle } from '../src/segment/index.js';
import { ApertiumTranslator } from '../src/translate/engines/apertium.js';
import { evalArticle } from './eval-terms.js';
import { repoRoot, requireShared } from './shared-data.js';

export interface SpanishLeft {
  set: string;
  segments: number;
  words: string[];
  /** Each segment with a word left: French, English and the words. */
  where: Array<{ source: string; target: string; words: string[] }>;
}

/** The Spanish words the check stage reports on translated segments. */
export function spanishWords(segments: Segment[]): string[] {
  return segments.flatMap((segment) =>
    checkSegment(segment)
      .filter((finding) => finding.rule === 'pivot-language-word')
      .map((finding) => /"([^"]+)"/u.exec(finding.message)![1]!),
  );
}

async function articleSources(folder: string, suffix: string): Promise<string[]> {
  const files = readdirSync(folder).filter((name) => name.endsWith(suffix)).sort();
  const sources: string[] = [];
  for (const name of files) {
    const article = segmentArticle(await readArticle(path.join(folder, name), { slug: name, sourceLang: 'fr', targetLang: 'en' }));
    sources.push(...article.blocks.flatMap((block) => block.segments.map((segment) => segment.source)));
  }
  return sources;
}

async function translated(sources: string[]): Promise<Segment[]> {
  const glossary = await loadGlossary(path.join(repoRoot(), 'glossary'));
  const translator = new ApertiumTranslator();
  const done = await translateArticle(evalArticle(sources), { glossary, translator });
  if (done.untranslated > 0) throw done.error;
  return done.article.blocks.map((block) => block.segments[0]!);
}

export async function spanishLeft(): Promise<SpanishLeft[]> {
  const flores = readFileSync(path.join(requireShared('eval', 'quality'), 'flores200-wikinews.fr'), 'utf8').split('\n').filter(Boolean);
  const sets: Array<[string, string[]]> = [
    ['FLORES-200 Wikinews devtest', flores],
    ['Wikinews 2012, 100 articles', await articleSources(requireShared('corpus-extra', 'frwikinews-2012'), '.fr.txt')],
    ['corpus/', await articleSources(path.join(repoRoot(), 'corpus'), '.txt')],
  ];
  const results: SpanishLeft[] = [];
  for (const [set, sources] of sets) {
    const segments = await translated(sources);
    const where = segments.map((segment) => ({ source: segment.source, target: segment.target ?? '', words: spanishWords([segment]) })).filter((w) => w.words.length > 0);
    results.push({ set, segments: sources.length, words: where.flatMap((w) => w.words), where });
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await spanishLeft()) {
    console.log(`${result.set} (${result.segments} segments): ${result.words.length} Spanish words left`);
    if (result.words.length > 0) console.log(`  ${result.words.join(', ')}`);
    if (process.argv.includes('--where')) for (const w of result.where) console.log(`  ${w.words.join(', ')}\n    fr: ${w.source}\n    en: ${w.target}`);
  }
}
