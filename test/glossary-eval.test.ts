// The pieces of `npm run eval:terms` that decide its figures.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chrF, detokeniseFrench, loadTaskGlossary, termAccuracy } from '../bench/eval-terms.js';
import { findTerms, protectTerms, termLemmas } from '../src/glossary/index.js';
import { ApertiumAnalyser, FRENCH_ANALYSER } from '../src/translate/engines/apertium-analyser.js';

const fixtures = path.join(import.meta.dirname, 'fixtures', 'glossary');

describe('chrF2', () => {
  it('agrees with sacreBLEU on its documented example', () => {
    // sacrebleu CHRF() default (char order 6, β = 2): 61.576379378113785, as quoted in the Hugging Face chrF metric card.
    const score = chrF(['The relationship between Obama and Netanyahu is not exactly friendly.'], ['The ties between Obama and Netanyahu are not particularly friendly.']);
    expect(score).toBeCloseTo(61.576379378113785, 9);
  });

  it('is 100 for identical text, 0 for text sharing no character, and ignores whitespace', () => {
    expect(chrF(['a cat sat'], ['a cat sat'])).toBe(100);
    expect(chrF(['xyz'], ['abc'])).toBe(0);
    expect(chrF(['acat  sat'], ['a cat sat'])).toBe(100);
  });

  it('pools n-gram counts over the corpus rather than averaging sentences', () => {
    const pooled = chrF(['a b c d e f', 'zzz'], ['a b c d e f', 'yyy']);
    const mean = (chrF(['a b c d e f'], ['a b c d e f']) + chrF(['zzz'], ['yyy'])) / 2;
    expect(pooled).not.toBeCloseTo(mean, 3);
  });
});

describe('task data', () => {
  it('gives the tokenised French ordinary typography', () => {
    expect(detokeniseFrench("et avez-vous l' un des symptômes suivants , ( oui ) ?")).toBe("et avez-vous l'un des symptômes suivants, (oui) ?");
  });

  it('pins one English term per French form: same number, then the look-alike family, then test-split frequency', () => {
    const { glossary, conflicts } = loadTaskGlossary(path.join(fixtures, 'task-conflicts.tsv'));
    const target = (french: string) => glossary.entries.find((e) => e.sources.includes(french))!;
    expect(conflicts).toBe(4);
    expect(target('infectées')).toMatchObject({ target: 'infected', targetForms: ['infection'] });
    expect(target('symptômes')).toMatchObject({ target: 'symptoms', targetForms: ['symptom'] });
    expect(target('grippe').target).toBe('influenza'); // test split: influenza 8, flu 5
  });

  it('keeps the English chosen for a shorter French form inside a longer one, rather than the file order', () => {
    // grippe saisonnière: seasonal flu and seasonal influenza tie on number, likeness and test split;
    // grippe → influenza, so seasonal influenza, though the file lists seasonal flu first.
    const { glossary } = loadTaskGlossary(path.join(fixtures, 'task-conflicts.tsv'));
    expect(glossary.entries.find((e) => e.sources.includes('grippe saisonnière'))).toMatchObject({ target: 'seasonal influenza', targetForms: ['seasonal flu'] });
    expect(glossary.entries.map((e) => e.id)).toEqual(['infecté', 'infectées', 'infection', 'symptôme', 'symptômes', 'grippe', 'grippe saisonnière']);
  });

  it('counts a term only when its French form occurs, and satisfied when its English occurs', () => {
    const sentences = [
      { id: '1', source: 'les symptômes', reference: '', terms: [{ fr: ['symptômes'], en: 'symptoms' }, { fr: ['toux'], en: 'cough' }] },
    ];
    expect(termAccuracy(sentences, ['the Symptoms and a cough'])).toEqual({ eligible: 1, satisfied: 1, annotated: 2, satisfiedAll: 2 });
    expect(termAccuracy(sentences, ['the signs'])).toEqual({ eligible: 1, satisfied: 0, annotated: 2, satisfiedAll: 0 });
  });

  it.skipIf(!existsSync(FRENCH_ANALYSER))('finds common words in another number by lemma, with no option on the entry, and restores the English in that number', async () => {
    const { glossary } = loadTaskGlossary(path.join(fixtures, 'task-conflicts.tsv'));
    expect(glossary.entries.some((entry) => entry.inflect)).toBe(false);
    const text = 'des infections, une grippe, le symptôme';
    const matches = findTerms(glossary, text, await termLemmas(glossary, new ApertiumAnalyser(), [text]));
    expect(matches.map((m) => m.text)).toEqual(['infections', 'grippe', 'symptôme']);
    const p = protectTerms(text, matches, (n) => `Zqx${n}`);
    expect(p.restore('of the Zqx1, a Zqx2, the Zqx3')).toBe('of the infections, a influenza, the symptom');
  });
});
