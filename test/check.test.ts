import { describe, expect, it } from 'vitest';
import type { Article, Segment, TermHit } from '../src/core/types.js';
import { checkArticle, checkSegment, placeholderPattern, repairTerms, termAccuracy } from '../src/check/index.js';
import { translatedSegment } from './support/articles.js';

function segment(source: string, target: string, terms: TermHit[] = [], extra: Partial<Segment> = {}): Segment {
  return translatedSegment(source, target, { terms, ...extra });
}

const helmets = (satisfied: boolean): TermHit => ({ entry: 'Casques blancs', source: 'Casques blancs', target: 'White Helmets', satisfied });
const rules = (s: Segment, placeholder?: (n: number) => string) => checkSegment(s, placeholder ? { placeholder } : {}).map((f) => f.rule);

describe('checkSegment', () => {
  it('flags each unsatisfied pinned term as a structured error', () => {
    const findings = checkSegment(segment('les Casques blancs', 'the white Helmets', [helmets(false)]));
    expect(findings).toEqual([
      { rule: 'glossary-term-missing', source: 'check', severity: 'error', message: '"Casques blancs" should read "White Helmets"', segmentId: 's1', term: 'Casques blancs' },
    ]);
  });

  it('is quiet about a clean segment', () => {
    expect(checkSegment(segment('les Casques blancs à Idlib.', 'the White Helmets in Idlib.', [helmets(true)]))).toEqual([]);
  });

  it('flags a leaked protection token of the translator in use', () => {
    expect(rules(segment('Le Front al-Nosra', 'The Zqx12 said'), (n) => `Zqx${n}`)).toContain('placeholder-leaked');
    expect(rules(segment('Le Front al-Nosra', 'The al-Nusra Front said'), (n) => `Zqx${n}`)).not.toContain('placeholder-leaked');
    expect(placeholderPattern((n) => `⟦${n}⟧`).test('a ⟦3⟧ b')).toBe(true);
  });

  it('flags spacing damage around a restored term', () => {
    expect(rules(segment('les Casques blancs', 'the  White Helmets said', [helmets(true)]))).toContain('term-spacing');
    expect(rules(segment('les Casques blancs', 'the White Helmets , said', [helmets(true)]))).toContain('term-spacing');
    expect(rules(segment('les Casques blancs', "the White Helmets' leaders, and", [helmets(true)]))).not.toContain('term-spacing');
  });

  it('does not mistake a longer word for the term', () => {
    const syria: TermHit = { entry: 'Syrie', source: 'Syrie', target: 'Syria', satisfied: true };
    expect(rules(segment('la Syrie et l’armée syrienne', 'Syria and the Syrian  army', [syria]))).not.toContain('term-spacing');
  });

  it('flags empty or unchanged English, leaked marks and doubled spaces', () => {
    expect(rules(segment('Il a dit non.', ''))).toEqual(['untranslated']);
    expect(rules(segment('Il a dit non merci.', 'Il a dit non merci.'))).toContain('untranslated');
    expect(rules(segment('Il a dévasté.', 'It has *dévasté.'))).toContain('unknown-word-mark');
    expect(rules(segment('Il a dit.', 'It has  said.'))).toContain('doubled-space');
  });
});

describe('repairTerms', () => {
  it('patches a pinned form that only differs in case or separator, or was left in French', () => {
    expect(repairTerms('the white Helmets', [helmets(false)])).toEqual({ target: 'the White Helmets', terms: [helmets(true)], repaired: ['Casques blancs'] });
    const nusra: TermHit = { entry: 'Front al-Nosra', source: 'Front al-Nosra', target: 'al-Nusra Front', satisfied: false };
    expect(repairTerms('the al Nusra Front', [nusra]).target).toBe('the al-Nusra Front');
    expect(repairTerms('the Front al-Nosra said', [nusra]).target).toBe('the al-Nusra Front said');
  });

  it('leaves a term it cannot place unsatisfied', () => {
    const result = repairTerms('the helmets of white colour', [helmets(false)]);
    expect(result).toEqual({ target: 'the helmets of white colour', terms: [helmets(false)], repaired: [] });
  });

  it('patches the second occurrence when the first is already right', () => {
    const result = repairTerms('White Helmets and white helmets', [helmets(true), helmets(false)]);
    expect(result.target).toBe('White Helmets and White Helmets');
  });
});

describe('checkArticle', () => {
  it('replaces its own earlier findings and returns term accuracy', () => {
    const s = segment('les Casques blancs', 'the white Helmets', [helmets(false)]);
    s.findings.push({ rule: 'translator-fallback', source: 'translate', severity: 'info', message: 'x' });
    const article: Article = {
      slug: 'a',
      sourcePath: 'a.txt',
      format: 'txt',
      sourceLang: 'fr',
      targetLang: 'en',
      title: 'A',
      blocks: [{ kind: 'paragraph', text: s.source, marks: [], segments: [s] }],
    };
    expect(checkArticle(article)).toEqual({ found: 1, satisfied: 0 });
    checkArticle(article);
    expect(s.findings.map((f) => f.rule)).toEqual(['translator-fallback', 'glossary-term-missing']);
    expect(termAccuracy([s])).toEqual({ found: 1, satisfied: 0 });
  });
});

describe('repairTerms, where the loose form stands', () => {
  it('patches the first occurrence no letter or digit touches, any apostrophe', () => {
    const ivory: TermHit = { entry: "Côte d'Ivoire", source: "Côte d'Ivoire", target: "Ivory Coast", satisfied: false };
    expect(repairTerms("the xcôte d’ivoire, côte d’ivoire2 and côte d’ivoire.", [ivory]).target).toBe("the xcôte d’ivoire, côte d’ivoire2 and Ivory Coast.");
    expect(repairTerms('ivory  coastal ivory-coast', [ivory]).target).toBe('ivory  coastal Ivory Coast');
    expect(repairTerms('ivory coastal', [ivory]).terms[0]!.satisfied).toBe(false);
  });
});

describe('terms with regular-expression characters', () => {
  it('checks and repairs hyphenated and dotted pinned forms', () => {
    const nusra: TermHit = { entry: 'Front al-Nosra', source: 'Front al-Nosra', target: 'al-Nusra Front', satisfied: true };
    const us: TermHit = { entry: 'États-Unis', source: 'États-Unis', target: 'U.S.', satisfied: false };
    expect(rules(segment('le Front al-Nosra', 'the al-Nusra Front said', [nusra]))).toEqual([]);
    expect(repairTerms('the u.s. said', [us]).target).toBe('the U.S. said');
    expect(placeholderPattern((n) => `x-${n}-x`).test('a x-12-x b')).toBe(true);
  });
});
