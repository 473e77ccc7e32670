// Glossary forms matched by lemma through Apertium's French analyser (lt-proc
// with the fr–es pair's analyser), and the English following the French number.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalArticle } from '../bench/eval-terms.js';
import { checkSegment } from '../src/check/index.js';
import type { AnalysedWord, MorphologicalAnalyser } from '../src/core/morphology.js';
import type { Segment } from '../src/core/types.js';
import { findTerms, loadGlossary, makeGlossary, parseGlossaryText, pinnedForm, protectTerms, termLemmas, verifyTerms, type Glossary } from '../src/glossary/index.js';
import { checkRedundantVariants } from '../src/glossary/lint.js';
import { translateArticle } from '../src/pipeline/index.js';
import { ApertiumAnalyser, FRENCH_ANALYSER } from '../src/translate/engines/apertium-analyser.js';
import { ApertiumTranslator } from '../src/translate/engines/apertium.js';
import { hasApertium } from './support/apertium.js';

const hasAnalyser = existsSync(FRENCH_ANALYSER);
const analyser = new ApertiumAnalyser();
const HEADER = 'french\tenglish\tenglish_forms\ttype\toptions\tnote\n';

function glossaryOf(rows: string): Glossary {
  const parsed = parseGlossaryText('g.tsv', HEADER + rows);
  expect(parsed.problems).toEqual([]);
  return makeGlossary(parsed.entries, ['g.tsv']);
}

const HELMETS = glossaryOf('Casques blancs|Casques Blancs\tWhite Helmets\t\torganisation\tcase\t\n');

async function find(glossary: Glossary, text: string) {
  return findTerms(glossary, text, await termLemmas(glossary, analyser, [text]));
}

describe.skipIf(!hasAnalyser)('lemma matching (skipped: Apertium fr–es analyser not installed)', () => {
  it('finds the singular of a plural entry, and gives its English in the singular', async () => {
    const matches = await find(HELMETS, 'Un Casque blanc a témoigné devant la presse à Idlib.');
    expect(matches.map((m) => [m.text, m.number])).toEqual([['Casque blanc', 'singular']]);
    expect(pinnedForm(matches[0]!)).toBe('White Helmet');
    const p = protectTerms('Un Casque blanc a témoigné', matches, (n) => `Zqx${n}`);
    expect(p.text).toBe('Un Zqx1 a témoigné');
    expect(p.restore('A Zqx1 has testified')).toBe('A White Helmet has testified');
  });

  it('keeps the pinned form for the number the entry is written in', async () => {
    const matches = await find(HELMETS, 'Les Casques blancs ont témoigné.');
    expect(matches.map((m) => [m.text, m.number, pinnedForm(m)])).toEqual([['Casques blancs', 'plural', 'White Helmets']]);
  });

  it('finds feminine and plural forms of a masculine singular entry', async () => {
    const glossary = glossaryOf('président syrien\tSyrian president\t\toffice\t\t\n');
    expect((await find(glossary, 'La présidente syrienne a parlé.')).map((m) => [m.text, pinnedForm(m)])).toEqual([['présidente syrienne', 'Syrian president']]);
    expect((await find(glossary, 'Les présidents syriens ont parlé.')).map((m) => [m.text, pinnedForm(m)])).toEqual([['présidents syriens', 'Syrian presidents']]);
  });

  it('takes the other number from english_forms when listed there', async () => {
    const glossary = glossaryOf('critère\tcriterion\tcriterions\tother\t\t\n');
    expect((await find(glossary, 'Les critères sont clairs.')).map(pinnedForm)).toEqual(['criterions']);
  });

  it('still guards case: "Osa" is not the verb, lower-case "casques blancs" are just helmets', async () => {
    const glossary = glossaryOf('Osa\tOsa\tSA-8\tweapon\tcase\t\n');
    expect(await find(glossary, 'Il osa tirer avec un Osa.')).toEqual([expect.objectContaining({ text: 'Osa', start: 21 })]);
    expect(await find(HELMETS, 'des casques blancs et un casque blanc')).toEqual([]);
  });

  it('never crosses a word boundary or finds a name inside another word', async () => {
    const glossary = glossaryOf('pays\tcountry\t\tother\t\t\nCasques blancs\tWhite Helmets\t\torganisation\t\t\n');
    expect(await find(glossary, 'Le paysage et les paysans.')).toEqual([]);
    expect(await find(glossary, 'Des casques, blancs de peur.')).toEqual([]);
    expect((await find(glossary, 'Des casques blanchâtres, deux pays.')).map((m) => m.text)).toEqual(['pays']);
  });

  it('matches a name the dictionary knows as one by its spelling, and a noun not by a verb it also is', async () => {
    const glossary = glossaryOf('Damas\tDamascus\t\tplace\tbare\t\nParis\tParis\t\tplace\t\t\npresse\tpress\t\tother\t\t\n');
    expect(await find(glossary, 'La Première dame, un pari, il pressait.')).toEqual([]);
    expect((await find(glossary, 'À Damas, à Paris, la presse.')).map((m) => m.text)).toEqual(['Damas', 'Paris', 'presse']);
  });

  it('verifies exactly the English the French number calls for, and says which', async () => {
    const matches = await find(HELMETS, 'Un Casque blanc a témoigné.');
    expect(verifyTerms('A White Helmets has testified.', matches).map((h) => h.satisfied)).toEqual([false]);
    expect(verifyTerms("A White Helmet's son has testified.", matches)).toEqual([
      { entry: 'Casques blancs', source: 'Casque blanc', target: 'White Helmet', number: 'singular', satisfied: true },
    ]);
    const plural = await find(HELMETS, 'Les Casques blancs ont témoigné.');
    expect(verifyTerms('The White Helmet has testified.', plural).map((h) => h.satisfied)).toEqual([false]);
    const segment: Segment = {
      id: 's1', source: 'Un Casque blanc a témoigné.', target: 'A White Helmets has testified.', sourceMarks: [], state: 'translated',
      terms: verifyTerms('A White Helmets has testified.', matches), unknownWords: [], findings: [],
    };
    expect(checkSegment(segment).find((f) => f.rule === 'glossary-term-missing')?.message).toBe('"Casque blanc" should read "White Helmet" (singular, as the French)');
  });

  it('matches a word the dictionary does not know by its French number and gender endings', async () => {
    const glossary = glossaryOf('désinfectant\tdisinfectant\t\tother\t\t\npandémie\tpandemic\t\tother\t\t\nasymptomatique\tasymptomatic\t\tother\t\t\n');
    const text = 'Des lingettes désinfectantes, une solution désinfectante, les pandémies, trois patientes asymptomatiques.';
    expect((await find(glossary, text)).map((m) => [m.text, pinnedForm(m)])).toEqual([
      ['désinfectantes', 'disinfectant'],
      ['désinfectante', 'disinfectant'],
      ['pandémies', 'pandemic'],
      ['asymptomatiques', 'asymptomatic'],
    ]);
  });

  it('does not match an unknown word that is another word, a name, or part of a longer word by its endings', async () => {
    // "tract" and "tracte" are both unknown to the analyser, but "tracte" may be the verb tracter.
    const glossary = glossaryOf('tract\tleaflet\t\tother\t\t\npandémie\tpandemic\t\tother\t\t\nKvadrat\tKvadrat\t\tweapon\t\t\n');
    expect(await find(glossary, 'Il tracte la remorque, tu tractes.')).toEqual([]);
    expect(await find(glossary, 'Les pandémiques, des pandémiesques, deux Kvadrats.')).toEqual([]);
    expect((await find(glossary, 'Des tracts, une pandémie-éclair.')).map((m) => m.text)).toEqual(['tracts', 'pandémie']);
  });

  it('keeps an older glossary\'s inflect working for words the analyser does not know', async () => {
    const glossary = glossaryOf('vaccinodrome\tvaccination centre\t\tother\tinflect\t\n');
    const matches = await find(glossary, 'Les vaccinodromes ouvrent.');
    expect(matches.map((m) => [m.text, pinnedForm(m)])).toEqual([['vaccinodromes', 'vaccination centres']]);
  });

  it('warns about a variant lemma matching already finds, not about other spellings', async () => {
    const glossary = glossaryOf('Casques blancs|Casque blanc|Casques Blancs\tWhite Helmets\t\torganisation\tcase\t\nFront al-Nosra|Front al-Nusra\tal-Nusra Front\t\torganisation\t\t\n');
    const problems = await checkRedundantVariants(glossary.entries, analyser);
    expect(problems.map((p) => [p.rule, p.severity, p.line, p.message])).toEqual([
      ['glossary-redundant-variant', 'warning', 2, 'French variant "Casque blanc" is found by lemma from "Casques blancs"'],
    ]);
  });
});

describe('the analyser is injected', () => {
  it('matches by whatever lemmas an analyser gives, from one request for the glossary and one for the texts', async () => {
    const requests: string[][] = [];
    const word = (surface: string, start: number, lemma: string, number: string): AnalysedWord => ({ surface, start, end: start + surface.length, readings: [{ lemma, tags: ['n', 'm', number] }] });
    const fake: MorphologicalAnalyser = {
      analyse: async (texts) => {
        requests.push([...texts]);
        return texts.map((text) => (text === 'Zorgs' ? [word('Zorgs', 0, 'zorg', 'pl')] : text === 'un Zorg' ? [word('Zorg', 3, 'zorg', 'sg')] : []));
      },
    };
    const glossary = glossaryOf('Zorgs\tZorgs\t\tother\t\t\n');
    const lemmas = await termLemmas(glossary, fake, ['un Zorg', 'un Zorg']);
    expect(requests).toEqual([['Zorgs'], ['un Zorg']]);
    expect(findTerms(glossary, 'un Zorg', lemmas).map((m) => [m.text, pinnedForm(m)])).toEqual([['Zorg', 'Zorg']]);
    expect(findTerms(glossary, 'un Zorg')).toEqual([]);
  });
});

describe.skipIf(!hasApertium)('through the pipeline with Apertium', () => {
  it('gives "a White Helmet" for the singular of the founding glossary\'s plural entry, verified and with no finding', async () => {
    const glossary = await loadGlossary(path.join(import.meta.dirname, '..', 'glossary'));
    const sources = ['Un Casque blanc a témoigné devant la presse à Idlib.'];
    const done = await translateArticle(evalArticle(sources), { glossary, translator: new ApertiumTranslator() });
    const segment = done.article.blocks[0]!.segments[0]!;
    expect(segment.target).toMatch(/^A White Helmet has testified/u);
    expect(segment.terms.find((hit) => hit.entry === 'Casques blancs')).toMatchObject({ target: 'White Helmet', number: 'singular', satisfied: true });
    expect(segment.findings.filter((finding) => finding.rule === 'glossary-term-missing')).toEqual([]);
  });
});
