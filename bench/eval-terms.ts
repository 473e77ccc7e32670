// Terminology evaluation on the WMT21 "Machine Translation using Terminologies"
// dev set, used French → English: translate ../shared/eval/terminology/wmt21-dev.jsonl
// through Apertium (fr→es→en) twice in one run, both through the pipeline's
// translateArticle — with an empty glossary, and with wmt21-glossary.fr-en.tsv
// pinned — and print term accuracy and corpus chrF2 for both.
// Run: npm run eval:terms
//
// Term accuracy: an annotated term counts when one of its French forms occurs
// in the source; it is satisfied when its required English term occurs in the
// output (case-insensitive substring, as in the task's exact-match accuracy).

import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../src/core/types.js';
import { loadGlossary, makeGlossary, writeProjectTsv, type Glossary, type GlossaryEntry } from '../src/glossary/index.js';
import { translateArticle } from '../src/pipeline/index.js';
import { chrF } from '../src/review/index.js';
import { ApertiumTranslator } from '../src/translate/engines/apertium.js';
import type { Translator } from '../src/translate/translator.js';
import { requireShared } from './shared-data.js';

export interface TermSentence {
  id: string;
  /** French, detokenised. */
  source: string;
  reference: string;
  terms: Array<{ fr: string[]; en: string }>;
}

/** The dev set's French is tokenised ("l' un", "thoraciques ?"); give Apertium ordinary French typography. */
export function detokeniseFrench(text: string): string {
  return text
    .replace(/(\p{L}['’]) (?=\p{L})/gu, '$1')
    .replace(/ ([,.)\]…])/gu, '$1')
    .replace(/([(\[]) /gu, '$1')
    .replace(/\s+/gu, ' ')
    .trim();
}

export function loadTermSentences(file: string): TermSentence[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const row = JSON.parse(line) as { docid: string; segid: string; fr: string; en: string; terms: Array<{ fr: string[]; en: string }> };
      return {
        id: `${row.docid}:${row.segid}`,
        source: detokeniseFrench(row.fr),
        reference: row.en,
        terms: row.terms.map((t) => ({ fr: t.fr.map(detokeniseFrench), en: t.en })),
      };
    });
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The task glossary as project entries. It maps some French forms to two or
 * three English terms (infectées → infected / infection); a pinned glossary
 * needs one. Chosen from the glossary file alone: an English term with the
 * French form's grammatical number (symptômes → symptoms, not symptom); then
 * the one whose other French forms look most like this one (infectées sides
 * with infecté, infectée, infectés → infected, not with infection,
 * infections); then the English that keeps the glossary's own choice for a
 * shorter French form inside this one (grippe → influenza, so grippe
 * saisonnière → seasonal influenza, not seasonal flu: one glossary, one
 * English for one French word); then the pair more frequent in the task's
 * *test* split (not the dev split scored here). Before that third rule, a tie
 * left the glossary file's order (English in alphabetical order) to decide.
 * The others become accepted forms.
 */
export function loadTaskGlossary(file: string): { glossary: Glossary; conflicts: number } {
  const rows: Array<{ fr: string; key: string; en: string; nTest: number; line: number }> = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (i === 0 || !line.trim()) return;
      const [fr = '', en = '', , nTest = '0'] = line.split('\t');
      // The task's French is tokenised ("période d' incubation"), like its sentences: written as French is.
      const french = detokeniseFrench(fr);
      rows.push({ fr: french, key: french.toLowerCase(), en: en.trim(), nTest: Number(nTest), line: i + 1 });
    });
  const groups = new Map<string, typeof rows>();
  for (const row of rows) groups.set(row.key, [...(groups.get(row.key) ?? []), row]);
  const family = (key: string, en: string) =>
    Math.max(0, ...rows.filter((r) => r.en === en && r.key !== key).map((r) => commonPrefix(r.key, key)));
  // Shorter French forms first, so that a longer one can keep their English.
  const chosen = new Map<string, string>();
  const wordCount = (key: string) => key.split(/\s+/u).length;
  const ordered = [...groups.entries()].sort(([a], [b]) => wordCount(a) - wordCount(b));
  let conflicts = 0;
  const entries: GlossaryEntry[] = ordered.map(([key, group]) => {
    // Rank: same grammatical number as the French form, then family likeness, then the English
    // of the shorter forms it holds, then test-split frequency.
    const plural = /[sx]$/u.test(key);
    const rank = (row: (typeof rows)[number]) => [Number(/s$/u.test(row.en) === plural), family(key, row.en), keeps(chosen, key, row.en), row.nTest];
    const pinned = group.reduce((best, row) => {
      const [a, b] = [rank(row), rank(best)];
      const k = a.findIndex((v, i) => v !== b[i]);
      return k >= 0 && a[k]! > b[k]! ? row : best;
    });
    chosen.set(key, pinned.en);
    const others = [...new Set(group.map((r) => r.en))].filter((en) => en !== pinned.en);
    if (others.length > 0) conflicts++;
    const sources = [...new Set(group.map((r) => r.fr))];
    return {
      id: sources[0]!,
      sources,
      target: pinned.en,
      targetForms: others,
      type: 'other',
      caseSensitive: false,
      keep: false,
      note: '',
      file,
      line: group[0]!.line,
    };
  });
  // The file's order again: the order of entries is the last tie-break between equal matches.
  entries.sort((a, b) => a.line - b.line);
  return { glossary: makeGlossary(entries, [file]), conflicts };
}

/** Whole words of `phrase` as a padded, lower-case string, for whole-word containment. */
const padded = (phrase: string) => ` ${phrase.toLowerCase().split(/\s+/u).join(' ')} `;

/**
 * How many shorter French forms of the glossary, held whole-word in `key`,
 * have their chosen English held whole-word in `en`.
 */
function keeps(chosen: ReadonlyMap<string, string>, key: string, en: string): number {
  let kept = 0;
  for (const [shorter, english] of chosen) {
    if (shorter !== key && padded(key).includes(padded(shorter)) && padded(en).includes(padded(english))) kept++;
  }
  return kept;
}

// chrF2 is the review's own (src/review/effort.ts): the figure published here and the
// post-editing effort a reviewer sees are computed by one implementation.
export { chrF };

export interface TermAccuracy {
  /** Annotated terms whose French form occurs in the source. */
  eligible: number;
  satisfied: number;
  /** All annotated terms, and those satisfied, whether or not the French form occurs. */
  annotated: number;
  satisfiedAll: number;
}

export function termAccuracy(sentences: TermSentence[], outputs: string[]): TermAccuracy {
  const result: TermAccuracy = { eligible: 0, satisfied: 0, annotated: 0, satisfiedAll: 0 };
  sentences.forEach((sentence, i) => {
    const source = sentence.source.toLowerCase();
    const output = outputs[i]!.toLowerCase();
    for (const term of sentence.terms) {
      const ok = output.includes(term.en.toLowerCase());
      result.annotated++;
      if (ok) result.satisfiedAll++;
      if (term.fr.some((form) => source.includes(form.toLowerCase()))) {
        result.eligible++;
        if (ok) result.satisfied++;
      }
    }
  });
  return result;
}

/**
 * Translate every sentence through the production path (translateArticle: term
 * protection and restoring, markup handling, term repair, checks), as one
 * article of one-sentence paragraphs so that the sentences stay aligned with
 * their references. Without a glossary, an empty one: the same path, no terms.
 */
export async function translateAll(translator: Translator, sources: string[], glossary: Glossary = makeGlossary([])): Promise<string[]> {
  const done = await translateArticle(evalArticle(sources), { glossary, translator });
  if (done.untranslated > 0) throw done.error;
  return done.article.blocks.map((block) => block.segments[0]!.target ?? '');
}

/** Sentences as one article of one-sentence paragraphs, so each stays aligned with its reference. */
export function evalArticle(sources: string[]): Article {
  return {
    slug: 'eval',
    sourcePath: 'eval',
    format: 'txt',
    sourceLang: 'fr',
    targetLang: 'en',
    title: '',
    blocks: sources.map((text, i) => ({
      kind: 'paragraph',
      text,
      marks: [],
      segments: [{ id: `e${i}`, source: text, sourceMarks: [], state: 'new', terms: [], unknownWords: [], findings: [] }],
    })),
  };
}

/** Each eligible term the glossary run missed, for whoever works on matching. */
function printMisses(sentences: TermSentence[], outputs: string[]): void {
  sentences.forEach((sentence, i) => {
    for (const term of sentence.terms) {
      if (!term.fr.some((form) => sentence.source.toLowerCase().includes(form.toLowerCase()))) continue;
      if (outputs[i]!.toLowerCase().includes(term.en.toLowerCase())) continue;
      console.log(`missed ${term.fr.join('|')} → ${term.en}\n  fr: ${sentence.source}\n  en: ${outputs[i]}`);
    }
  });
}

const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);

/**
 * The task glossary as a user gets it into diptych: written as a project
 * glossary file (one English form pinned per French form, no option on any
 * entry) and read back by loadGlossary, as `--glossary` reads it.
 */
async function userGlossary(file: string): Promise<{ glossary: Glossary; conflicts: number }> {
  const { glossary: task, conflicts } = loadTaskGlossary(file);
  const folder = await mkdtemp(path.join(tmpdir(), 'diptych-eval-terms-'));
  try {
    const written = path.join(folder, 'wmt21.tsv');
    await writeFile(written, writeProjectTsv(task.entries), 'utf8');
    return { glossary: await loadGlossary(written), conflicts };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const data = requireShared('eval', 'terminology');
  const sentences = loadTermSentences(path.join(data, 'wmt21-dev.jsonl'));
  const { glossary, conflicts } = await userGlossary(path.join(data, 'wmt21-glossary.fr-en.tsv'));
  const translator = new ApertiumTranslator();
  const sources = sentences.map((s) => s.source);
  const references = sentences.map((s) => s.reference);
  try {
    const runs: Array<{ name: string; output: string[]; ms: number }> = [];
    for (const [name, withGlossary] of [
      ['raw Apertium', false],
      ['with glossary', true],
    ] as const) {
      const started = Date.now();
      const output = await translateAll(translator, sources, withGlossary ? glossary : undefined);
      runs.push({ name, output, ms: Date.now() - started });
    }
    console.log(
      `WMT21 terminology dev, fr→en through Apertium ${translator.model}: ${sentences.length} sentences; glossary ${glossary.entries.length} entries ` +
        `(${conflicts} French forms with two or more English terms: one pinned, the others accepted)`,
    );
    console.log(`${'run'.padEnd(16)}${'term accuracy (FR form in source)'.padEnd(36)}${'all annotated terms'.padEnd(22)}${'chrF2'.padEnd(8)}time vs raw`);
    const rawMs = runs[0]!.ms;
    if (process.argv.includes('--misses')) printMisses(sentences, runs[1]!.output);
    for (const run of runs) {
      const acc = termAccuracy(sentences, run.output);
      const leaks = run.output.filter((text) => /zqx\d/iu.test(text)).length;
      console.log(
        `${run.name.padEnd(16)}${`${acc.satisfied}/${acc.eligible} = ${pct(acc.satisfied, acc.eligible)}`.padEnd(36)}` +
          `${`${acc.satisfiedAll}/${acc.annotated} = ${pct(acc.satisfiedAll, acc.annotated)}`.padEnd(22)}` +
          `${chrF(run.output, references).toFixed(2).padEnd(8)}${(run.ms / rawMs).toFixed(2)}×${leaks ? `  (${leaks} tokens leaked!)` : ''}`,
      );
    }
  } finally {
    await (translator as Translator).close?.();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
