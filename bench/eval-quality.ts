// Translation quality on real news: chrF2 on the FLORES-200 Wikinews sentences
// (../shared/eval/quality), raw Apertium fr→es→en as a shell pipe against the
// same engine through diptych (HTML fragments, the project glossary protected
// and restored, English spacing), in one run. The glossary was written for the
// project's corpus, not for FLORES: this shows it does no harm elsewhere.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadGlossary } from '../src/glossary/index.js';
import { ApertiumTranslator } from '../src/translate/engines/apertium.js';
import { chrF, translateAll } from './eval-terms.js';
import { repoRoot, requireShared } from './shared-data.js';

export interface QualityScore {
  sentences: number;
  rawChrF: number;
  diptychChrF: number;
}

export async function evalQuality(): Promise<QualityScore> {
  const data = requireShared('eval', 'quality');
  const sourceFile = path.join(data, 'flores200-wikinews.fr');
  const sources = readFileSync(sourceFile, 'utf8').split('\n').filter(Boolean);
  const references = readFileSync(path.join(data, 'flores200-wikinews.en'), 'utf8').split('\n').filter(Boolean);
  // What a user of plain Apertium gets: the file through the two language pairs, a line per sentence.
  const raw = execFileSync('bash', ['-o', 'pipefail', '-c', 'apertium -u fr-es "$0" | apertium -u spa-eng', sourceFile], { encoding: 'utf8' })
    .split('\n')
    .slice(0, sources.length);
  const glossary = await loadGlossary(path.join(repoRoot(), 'glossary'));
  const translator = new ApertiumTranslator();
  const ours = await translateAll(translator, sources, glossary);
  return { sentences: sources.length, rawChrF: chrF(raw, references), diptychChrF: chrF(ours, references) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const score = await evalQuality();
  console.log(`FLORES-200 Wikinews devtest, ${score.sentences} sentences, fr→en through Apertium fr→es→en`);
  console.log(`chrF2 raw Apertium pipe: ${score.rawChrF.toFixed(2)}   through diptych: ${score.diptychChrF.toFixed(2)}`);
}
