// How often the check rules are right, and what the safe fixes do to the
// offline output. On FLORES-200 Wikinews devtest (../shared/eval/quality,
// CC BY-SA 4.0; the derived sets below are built in memory at each run and
// never written):
// 1. false alarms: every rule on the human translations (French source,
//    English reference as target), findings per 100 segments;
// 2. recall and precision on seeded errors made from those correct pairs
//    (a number or a date changed, a clause dropped, a French or Spanish word
//    left, French quotes or number formats kept, a word doubled), a fixed
//    pseudo-random seed so each run seeds the same errors;
// 3. Apertium's output with and without the fixes: chrF2 against the
//    references, and how many Spanish words are left in the English;
// 4. the founding article: the Spanish words left, with and without;
// 5. the Spanish words left on FLORES, the 100 Wikinews 2012 articles and corpus/.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHECK_RULES, checkSegment, checkSegments } from '../src/check/index.js';
import type { Segment } from '../src/core/types.js';
import { isWord } from '../src/core/word-lists.js';
import { loadGlossary } from '../src/glossary/index.js';
import { translateArticle } from '../src/pipeline/index.js';
import { readArticle } from '../src/read/index.js';
import { segmentArticle } from '../src/segment/index.js';
import { ApertiumTranslator } from '../src/translate/engines/apertium.js';
import { chrF, evalArticle } from './eval-terms.js';
import { repoRoot, requireShared } from './shared-data.js';
import { spanishLeft, spanishWords } from './spanish-left.js';
import { seededRandom } from '../test/support/random.js';

interface Pair {
  fr: string;
  en: string;
}

function loadFlores(): Pair[] {
  const folder = requireShared('eval', 'quality');
  const fr = readFileSync(path.join(folder, 'flores200-wikinews.fr'), 'utf8').split('\n').filter(Boolean);
  const en = readFileSync(path.join(folder, 'flores200-wikinews.en'), 'utf8').split('\n').filter(Boolean);
  return fr.map((text, i) => ({ fr: text, en: en[i]! }));
}

function humanSegment(id: string, fr: string, en: string): Segment {
  // A human reference: no engine, so no pivot is assumed.
  return { id, source: fr, target: en, sourceMarks: [], state: 'translated', terms: [], unknownWords: [], findings: [] };
}


type SeedKind = 'number' | 'date' | 'omission' | 'french-word' | 'spanish-word' | 'french-quotes' | 'french-number-format' | 'doubled-word';

/** The rules that count as catching each kind of seeded error. */
const EXPECTED: Record<SeedKind, string[]> = {
  number: ['number-mismatch'],
  date: ['number-mismatch'],
  omission: ['length-ratio', 'content-missing'],
  'french-word': ['french-word-left'],
  'spanish-word': ['pivot-language-word'],
  'french-quotes': ['french-typography'],
  'french-number-format': ['french-number-format'],
  'doubled-word': ['doubled-word'],
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// Common Spanish words, what a pivot step leaves behind; those an English dictionary also lists
// ("hombre") cannot be told apart by word lists and are left out (see spanishOnly).
const SPANISH = ['gobierno', 'también', 'después', 'según', 'ciudad', 'todavía', 'siempre', 'mientras', 'hacia', 'entonces', 'millardos', 'declarado', 'ayer', 'elecciones', 'hombre', 'mujer', 'niños', 'fuerzas', 'ejército', 'muertos'];
const spanishOnly = () => SPANISH.filter((word) => !isWord(word, 'en') && !isWord(word, 'fr'));

interface Seeded {
  kind: SeedKind;
  pair: Pair;
  seeded: string;
}

function seedErrors(pairs: Pair[], next: () => number): Seeded[] {
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
  const seeded: Seeded[] = [];
  const englishWords = (text: string) => [...text.matchAll(/(?<![\p{L}'’-])\p{Ll}{4,}(?![\p{L}'’-])/gu)];
  for (const pair of pairs) {
    const { en, fr } = pair;
    // A number of the English that the French has too, changed.
    const numbers = [...en.matchAll(/(?<![\d.,])\d+(?![\d.,]\d)/gu)];
    if (numbers.length > 0) {
      const m = pick(numbers);
      const changed = String(Number(m[0]) + 1 + Math.floor(next() * 8));
      seeded.push({ kind: 'number', pair, seeded: en.slice(0, m.index) + changed + en.slice(m.index! + m[0].length) });
    }
    const month = MONTHS.find((name) => new RegExp(`\\b${name}\\b`, 'u').test(en) && name !== 'May');
    if (month) {
      const other = pick(MONTHS.filter((name) => name !== month && name !== 'May'));
      seeded.push({ kind: 'date', pair, seeded: en.replace(new RegExp(`\\b${month}\\b`, 'u'), other) });
    }
    // Drop the longest clause between commas (at least a third of the sentence).
    const clauses = en.split(/(?<=,)\s+/u);
    if (clauses.length >= 2) {
      const longest = clauses.reduce((a, b) => (b.length > a.length ? b : a));
      if (longest.length >= en.length / 3 && longest.length < en.length * 0.8) {
        const kept = clauses.filter((clause) => clause !== longest).join(' ').replace(/,\s*$/u, '.');
        seeded.push({ kind: 'omission', pair, seeded: kept });
      }
    }
    const words = englishWords(en);
    if (words.length > 0) {
      // A French word of the source left in place of an English word.
      const frenchWords = [...fr.matchAll(/(?<![\p{L}'’-])\p{Ll}{5,}(?![\p{L}'’-])/gu)].map((m) => m[0]).filter((word) => !isWord(word, 'en') && isWord(word, 'fr'));
      if (frenchWords.length > 0) {
        const m = pick(words);
        seeded.push({ kind: 'french-word', pair, seeded: en.slice(0, m.index) + pick(frenchWords) + en.slice(m.index! + m[0].length) });
      }
      const m = pick(words);
      seeded.push({ kind: 'spanish-word', pair, seeded: en.slice(0, m.index) + pick(spanishOnly()) + en.slice(m.index! + m[0].length) });
      const d = pick(words);
      seeded.push({ kind: 'doubled-word', pair, seeded: en.slice(0, d.index! + d[0].length) + ' ' + d[0] + en.slice(d.index! + d[0].length) });
    }
    if (/["“”]/u.test(en)) {
      let open = true;
      const quoted = en.replace(/["“”]/gu, () => {
        const mark = open ? '« ' : ' »';
        open = !open;
        return mark;
      });
      seeded.push({ kind: 'french-quotes', pair, seeded: quoted });
    } else if (/\w[?:;!](?=\s|$)/u.test(en)) {
      // The space French puts before : ; ! ? (not inside a time, "10:00").
      seeded.push({ kind: 'french-quotes', pair, seeded: en.replace(/(\w)([?:;!])(?=\s|$)/u, '$1 $2') });
    }
    const decimal = /(?<![\d,])(\d+)\.(\d+)(?![\d.])/u.exec(en) ?? /(?<![\d.])(\d{1,3}),(\d{3})(?![\d,])/u.exec(en);
    if (decimal) {
      const french = decimal[0].includes('.') ? `${decimal[1]},${decimal[2]}` : `${decimal[1]} ${decimal[2]}`;
      seeded.push({ kind: 'french-number-format', pair, seeded: en.slice(0, decimal.index) + french + en.slice(decimal.index + decimal[0].length) });
    }
  }
  return seeded;
}

/** Each rule that fires, with its messages (a rule catches a seeded error when it says something new). */
function rulesOn(segment: Segment): Map<string, Set<string>> {
  const rules = new Map<string, Set<string>>();
  for (const finding of checkSegment(segment)) rules.set(finding.rule, (rules.get(finding.rule) ?? new Set()).add(finding.message));
  return rules;
}

function saysMore(after: Map<string, Set<string>>, before: Map<string, Set<string>>, rule: string): boolean {
  return [...(after.get(rule) ?? [])].some((message) => !before.get(rule)?.has(message));
}

function falseAlarms(pairs: Pair[]): Map<string, number> {
  const segments = pairs.map((pair, i) => humanSegment(`f${i}`, pair.fr, pair.en));
  const counts = new Map<string, number>(CHECK_RULES.map((rule) => [rule.id, 0]));
  for (const findings of checkSegments(segments).values()) {
    for (const rule of new Set(findings.map((finding) => finding.rule))) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  return counts;
}

interface SeedScore {
  kind: SeedKind;
  seeded: number;
  caught: number;
}

function seededScores(pairs: Pair[], seeded: Seeded[]): { kinds: SeedScore[]; precision: Map<string, { tp: number; fired: number }> } {
  const clean = new Map(pairs.map((pair, i) => [pair, rulesOn(humanSegment(`c${i}`, pair.fr, pair.en))]));
  const kinds = new Map<SeedKind, SeedScore>();
  const precision = new Map<string, { tp: number; fired: number }>();
  const count = (rule: string, tp: boolean) => {
    const row = precision.get(rule) ?? { tp: 0, fired: 0 };
    row.fired++;
    if (tp) row.tp++;
    precision.set(rule, row);
  };
  // Clean pairs are part of the pool: a rule firing there is a false positive.
  for (const rules of clean.values()) for (const rule of rules.keys()) count(rule, false);
  seeded.forEach((item, i) => {
    const before = clean.get(item.pair)!;
    const after = rulesOn(humanSegment(`s${i}`, item.pair.fr, item.seeded));
    const expected = EXPECTED[item.kind];
    // Caught: an expected rule says something on the seeded pair that it did not say on the correct one.
    const caught = expected.some((rule) => saysMore(after, before, rule));
    if (!caught && process.argv.includes('--misses')) console.log(`  missed ${item.kind}: ${item.seeded}\n      (was: ${item.pair.en})`);
    const score = kinds.get(item.kind) ?? { kind: item.kind, seeded: 0, caught: 0 };
    score.seeded++;
    if (caught) score.caught++;
    kinds.set(item.kind, score);
    for (const rule of after.keys()) count(rule, expected.includes(rule) && saysMore(after, before, rule));
  });
  return { kinds: [...kinds.values()], precision };
}

async function translated(sources: string[], repair: boolean): Promise<Segment[]> {
  const glossary = await loadGlossary(path.join(repoRoot(), 'glossary'));
  const translator = new ApertiumTranslator({ repairPivot: repair });
  const done = await translateArticle(evalArticle(sources), { glossary, translator, fix: repair ? { engines: ['apertium'] } : false });
  if (done.untranslated > 0) throw done.error;
  return done.article.blocks.map((block) => block.segments[0]!);
}


const per100 = (n: number, of: number) => ((100 * n) / of).toFixed(1);
const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);

async function main(): Promise<void> {
  const pairs = loadFlores();
  const severity = new Map(CHECK_RULES.map((rule) => [rule.id, rule.severity]));

  console.log(`False alarms on human translations: FLORES-200 Wikinews devtest, ${pairs.length} French/English pairs (per 100 segments; aim ≤ 2 for error rules)`);
  const alarms = falseAlarms(pairs);
  console.log('  rule                       severity  segments  per 100');
  for (const [rule, n] of alarms) console.log(`  ${rule.padEnd(26)} ${severity.get(rule)!.padEnd(8)}  ${String(n).padStart(8)}  ${per100(n, pairs.length).padStart(7)}`);

  const seeded = seedErrors(pairs, seededRandom(14));
  const { kinds, precision } = seededScores(pairs, seeded);
  console.log(`\nSeeded errors: ${seeded.length} made from the ${pairs.length} correct pairs (seed 14), recall per kind (aim ≥ 95% numbers, dates, typography; ≥ 80% omissions)`);
  console.log('  kind                   seeded  caught  recall   rules that count');
  for (const score of kinds) console.log(`  ${score.kind.padEnd(22)} ${String(score.seeded).padStart(6)}  ${String(score.caught).padStart(6)}  ${pct(score.caught, score.seeded).padStart(6)}   ${EXPECTED[score.kind].join(', ')}`);
  console.log(`\nPrecision per rule over the ${pairs.length} correct and ${seeded.length} seeded pairs (a finding is right when it names the seeded error)`);
  console.log('  rule                       fired  right  precision');
  for (const [rule, row] of [...precision].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${rule.padEnd(26)} ${String(row.fired).padStart(5)}  ${String(row.tp).padStart(5)}  ${pct(row.tp, row.fired).padStart(9)}`);
  }

  const references = pairs.map((pair) => pair.en);
  const sources = pairs.map((pair) => pair.fr);
  const without = await translated(sources, false);
  const withFixes = await translated(sources, true);
  const fixed = withFixes.filter((segment) => (segment.provenance?.fixes ?? []).length > 0).length;
  const fixRules = new Map<string, number>();
  for (const fix of withFixes.flatMap((segment) => segment.provenance?.fixes ?? [])) fixRules.set(fix.rule, (fixRules.get(fix.rule) ?? 0) + 1);
  console.log(`\nApertium fr→es→en on the same ${pairs.length} sentences, through diptych`);
  console.log(`  chrF2 without fixes ${chrF(without.map((s) => s.target ?? ''), references).toFixed(2)}   with fixes ${chrF(withFixes.map((s) => s.target ?? ''), references).toFixed(2)}`);
  console.log(`  Spanish words in the English (pivot-language-word): ${spanishWords(without).length} → ${spanishWords(withFixes).length}`);
  console.log(`  sentences changed by a fix: ${fixed}; fixes: ${[...fixRules].map(([rule, n]) => `${rule} ${n}`).join(', ')}`);
  const left = spanishWords(withFixes);
  if (left.length > 0) console.log(`  still left: ${left.join(', ')}`);

  const founding = path.join(repoRoot(), 'corpus', 'idlib-casques-blancs-2018-09-08.fr.txt');
  const article = segmentArticle(await readArticle(founding, { slug: 'founding', sourceLang: 'fr', targetLang: 'en' }));
  const foundingSources = article.blocks.flatMap((block) => block.segments.map((segment) => segment.source));
  const before = spanishWords(await translated(foundingSources, false));
  const after = spanishWords(await translated(foundingSources, true));
  console.log(`\nFounding article (${foundingSources.length} sentences): Spanish words ${before.length} (${before.join(', ') || 'none'}) → ${after.length} (${after.join(', ') || 'none'})`);

  console.log('\nSpanish words left in the English, through the product (pivot repair and fixes on):');
  for (const result of await spanishLeft()) {
    console.log(`  ${result.set} (${result.segments} segments): ${result.words.length}${result.words.length > 0 ? ` (${result.words.join(', ')})` : ''}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
