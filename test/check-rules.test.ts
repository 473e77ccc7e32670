import { describe, expect, it } from 'vitest';
import type { Segment, TermHit } from '../src/core/types.js';
import { CHECK_RULES, checkSegment, checkSegments, fixSegment, fixableRules } from '../src/check/index.js';
import { translatedSegment } from './support/articles.js';

function segment(source: string, target: string, extra: Partial<Segment> = {}): Segment {
  return translatedSegment(source, target, { provenance: { translator: 'apertium', model: 'fr-es-en', glossaryVersion: 'g', edited: false, at: '2026-01-01T00:00:00.000Z' }, ...extra });
}

const rulesOf = (source: string, target: string, extra: Partial<Segment> = {}) => checkSegment(segment(source, target, extra)).map((f) => f.rule);
const fires = (rule: string, source: string, target: string, extra: Partial<Segment> = {}) => rulesOf(source, target, extra).includes(rule);

describe('the rule list', () => {
  it('gives every rule a unique stable id, a severity and a description', () => {
    const ids = CHECK_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of CHECK_RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['error', 'warning', 'info']).toContain(rule.severity);
      expect(rule.description.length).toBeGreaterThan(10);
    }
    expect(fixableRules()).toEqual(expect.arrayContaining(['french-number-format', 'french-typography']));
  });
});

describe('number-mismatch', () => {
  const same: Array<[string, string]> = [
    ['Il a perdu 1 234,5 euros.', 'He lost 1,234.5 euros.'],
    ['Quelque 1,5 million de personnes ont fui.', 'Some 1.5 million people fled.'],
    ['Le groupe a perdu 3,4 milliards de dollars en 2013.', 'The group lost $3.4 billion in 2013.'],
    ['Les prix ont augmenté de 3 %.', 'Prices rose 3 percent.'],
    ['Les prix ont augmenté de 3 %.', 'Prices rose by 3%.'],
    ['Le billet coûte 12 €.', 'The ticket costs €12.'],
    ['La réunion a commencé à 14 h 30.', 'The meeting began at 2:30 p.m.'],
    ['La réunion a commencé à 14h30.', 'The meeting began at 14:30.'],
    ['Il est arrivé le 7 septembre 2018.', 'He arrived on September 7, 2018.'],
    ['Il est arrivé le 7 septembre 2018.', 'He arrived on 7 September 2018.'],
    ['Il est arrivé 3e.', 'He came 3rd.'],
    ['Au XXIe siècle, tout change.', 'In the 21st century, everything changes.'],
    ['Deux soldats ont été tués.', 'Two soldiers were killed.'],
    ['Deux soldats ont été tués.', '2 soldiers were killed.'],
    ['Vingt-trois personnes sont mortes.', '23 people died.'],
    ['Il a régné de 2012 à 2014.', 'He reigned from 2012–14.'],
    ['Il faut de 3 à 5 ans.', 'It takes 3-5 years.'],
    ['Les deux pays ont signé.', 'Both countries signed.'],
    ['Theresa May a parlé.', 'Theresa May spoke.'],
  ];
  it.each(same)('accepts the English conventions: %s → %s', (fr, en) => {
    expect(rulesOf(fr, en)).not.toContain('number-mismatch');
  });

  const different: Array<[string, string]> = [
    ['Il a perdu 1 234,5 euros.', 'He lost 1,243.5 euros.'],
    ['Quelque 1,5 million de personnes ont fui.', 'Some 1.5 billion people fled.'],
    ['La réunion a commencé à 14 h 30.', 'The meeting began at 3:30 p.m.'],
    ['Il est arrivé le 7 septembre 2018.', 'He arrived on 7 October 2018.'],
    ['Il est arrivé le 7 septembre 2018.', 'He arrived on 8 September 2018.'],
    ['Au XXIe siècle, tout change.', 'In the 20th century, everything changes.'],
    ['Deux soldats ont été tués et 5 blessés.', 'Three soldiers were killed and 5 wounded.'],
    ['Il a régné de 2012 à 2014.', 'He reigned from 2012.'],
  ];
  it.each(different)('reports a changed or missing quantity: %s → %s', (fr, en) => {
    const finding = checkSegment(segment(fr, en)).find((f) => f.rule === 'number-mismatch');
    expect(finding?.severity).toBe('error');
  });

  it('says what differs', () => {
    const finding = checkSegment(segment('Il est arrivé le 7 septembre 2018.', 'He arrived on 7 October 2018.')).find((f) => f.rule === 'number-mismatch');
    expect(finding?.message).toContain('"septembre"');
    expect(finding?.message).toContain('"October"');
  });
});

describe('french-number-format', () => {
  it('finds French number formats in the English and suggests the English form', () => {
    const findings = checkSegment(segment('Il a obtenu 47,7 % des voix et 1 234 soutiens pour 12 €.', 'He got 47,7 % of votes and 1 234 supporters for 12 €.')).filter(
      (f) => f.rule === 'french-number-format',
    );
    expect(findings.map((f) => f.suggestion)).toEqual(['47.7%', '1,234', '€12']);
  });
  it('leaves English formats alone', () => {
    expect(fires('french-number-format', 'Il a obtenu 47,7 % des voix.', 'He got 47.7% of the votes, 1,234 in all, in 2013, 45 of them.')).toBe(false);
  });
});

describe('french-typography', () => {
  it('finds guillemets and a space before : ; ! ?', () => {
    expect(fires('french-typography', '« Oui », a-t-il dit.', '« Yes », he said.')).toBe(true);
    expect(fires('french-typography', 'Pourquoi ? Parce que.', 'Why ? Because.')).toBe(true);
    expect(fires('french-typography', 'Il a dit : non.', 'He said : no.')).toBe(true);
  });
  it('is quiet about English punctuation', () => {
    expect(fires('french-typography', '« Oui », a-t-il dit : non ?', '“Yes,” he said: no?')).toBe(false);
  });
});

describe('pivot-language-word and french-word-left', () => {
  it('finds a Spanish word and the French word it comes from', () => {
    const finding = checkSegment(segment('Le groupe a perdu 3,4 milliards de dollars.', 'The group has lost 3.4 millardos of dollars.')).find(
      (f) => f.rule === 'pivot-language-word',
    );
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain('"millardos"');
    expect(finding?.message).toContain('"milliards"');
  });
  it('finds a glued Spanish compound', () => {
    expect(fires('pivot-language-word', '« Oui », a-t-il déclaré.', '“Yes”, hadeclarado.', { unknownWords: ['hadeclarado'] })).toBe(true);
  });
  it('finds a French word copied over', () => {
    expect(fires('french-word-left', 'Tout a été dévasté.', 'Everything has been dévasté.', { unknownWords: ['dévasté'] })).toBe(true);
  });
  it('is quiet about English words shared with French and about names', () => {
    const quiet = rulesOf('La police a fermé la place Tahrir à Idlib.', 'The police closed Tahrir square in Idlib.');
    expect(quiet).not.toContain('french-word-left');
    expect(quiet).not.toContain('pivot-language-word');
  });
});

describe('omission and addition', () => {
  const french = 'Le ministre de la Défense a annoncé lundi à Paris que les troupes françaises quitteraient le Mali avant la fin de l’été, selon un communiqué.';
  it('flags an English far shorter than the French', () => {
    expect(fires('length-ratio', french, 'The Defence Minister announced on Monday.')).toBe(true);
  });
  it('accepts a translation of the usual length', () => {
    expect(fires('length-ratio', french, 'The Defence Minister announced on Monday in Paris that French troops would leave Mali before the end of the summer, according to a statement.')).toBe(false);
  });
  it('flags quoted text and names absent from the English', () => {
    expect(fires('content-missing', 'Il a dit « nous ne partirons jamais » hier.', 'He said yesterday he would stay.')).toBe(true);
    expect(fires('content-missing', french, 'The Defence Minister announced on Monday that the troops would go.')).toBe(true);
    expect(fires('content-missing', 'Il a dit « nous ne partirons jamais » hier.', 'He said “we will never leave” yesterday.')).toBe(false);
  });
  it('flags two different French sentences with the same English', () => {
    const a = segment('Il est parti hier soir.', 'He left last night.', { id: 'a' });
    const b = segment('Il est sorti hier soir.', 'He left last night.', { id: 'b' });
    const c = segment('Il est parti hier soir.', 'He left last night.', { id: 'c' });
    const found = checkSegments([a, b, c]);
    expect(found.get(a)!.map((f) => f.rule)).toContain('identical-translation');
    expect(found.get(b)!.map((f) => f.rule)).toContain('identical-translation');
  });
});

describe('doubled-word and unbalanced-marks', () => {
  it('flags "the the" but not "had had"', () => {
    expect(fires('doubled-word', 'Le chat dort.', 'The the cat sleeps.')).toBe(true);
    expect(fires('doubled-word', 'Il avait eu peur.', 'He had had a fright.')).toBe(false);
  });
  it('flags a bracket or quotation mark the English leaves open while the French closes it', () => {
    expect(fires('unbalanced-marks', 'Le Front (ex-Nosra) a dit.', 'The Front (formerly Nusra said.')).toBe(true);
    expect(fires('unbalanced-marks', '« Oui », a-t-il dit.', '“Yes, he said.')).toBe(true);
    expect(fires('unbalanced-marks', '« Oui », a-t-il dit.', '"Yes," he said.')).toBe(false);
    // A quotation that runs over several sentences is unpaired on both sides.
    expect(fires('unbalanced-marks', '« Oui, dit-il.', '“Yes, he said.')).toBe(false);
  });
});

describe('consistency across segments', () => {
  const approved = (id: string, target: string) => segment('Il est parti.', target, { id, state: 'reviewed' });
  it('flags one French sentence approved with two different English texts', () => {
    const a = approved('a', 'He left.');
    const b = approved('b', 'He went away.');
    const found = checkSegments([a, b]);
    expect(found.get(a)!.find((f) => f.rule === 'inconsistent-translation')?.suggestion).toBe('He went away.');
  });
  it('does not compare machine translations', () => {
    const found = checkSegments([segment('Il est parti.', 'He left.', { id: 'a' }), segment('Il est parti.', 'He went.', { id: 'b' })]);
    expect([...found.values()].flat().map((f) => f.rule)).not.toContain('inconsistent-translation');
  });
  it('flags one pinned term written two ways', () => {
    const hit: TermHit = { entry: 'Casques blancs', source: 'Casques blancs', target: 'White Helmets', satisfied: true };
    const a = segment('Les Casques blancs sont là.', 'The White Helmets are there.', { id: 'a', terms: [hit] });
    const b = segment('Les Casques blancs partent.', 'The White helmets leave.', { id: 'b', terms: [{ ...hit, satisfied: false }] });
    expect(checkSegments([a, b]).get(a)!.map((f) => f.rule)).toContain('inconsistent-term');
  });
  it('finds a term only where no letter or digit touches it, as a pattern with Unicode lookarounds would', () => {
    // The rule looks at the boundaries itself (its patterns hold only the words): each target's forms
    // must be those `(?<![\p{L}\p{N}])words(?![\p{L}\p{N}])` finds, with the case-insensitive
    // class (U+0345 folds to a Greek letter), astral letters, and a refused match followed by a good one.
    const hit: TermHit = { entry: 'Casques blancs', source: 'Casques blancs', target: 'White Helmets', satisfied: true };
    const reference = /(?<![\p{L}\p{N}])White[\s\-\u2010\u2011\u2013]+Helmets(?![\p{L}\p{N}])/giu;
    const targets = [
      'the White Helmets and the white-helmets',
      'xWhite Helmets, then WHITE  HELMETS',
      'White Helmets2 or 2White Helmets',
      '\u0345White Helmets and White Helmets\u0345 and (White \u2013 helmets)',
      '\u{1D400}White Helmets, White Helmets\u{1D400}, \u{1F600}White helmets\u{1F600}',
      'White HelmetsWhite Helmets White Helmets',
      '\u{1D400}',
    ];
    const formsOf = (text: string) => [...new Set([...text.matchAll(reference)].map((m) => m[0].charAt(0).toUpperCase() + m[0].slice(1)))];
    for (const target of targets) {
      // A segment with a form of its own first: any form found in the target makes a finding that lists them all.
      const segments = [segment('Les Casques blancs.', 'the WHITE-HELMETS', { id: 'c', terms: [hit] }), segment('Les Casques blancs.', target, { id: 'a', terms: [hit] })];
      const message = checkSegments(segments).get(segments[0]!)?.find((f) => f.rule === 'inconsistent-term')?.message;
      const forms = [...new Set(['WHITE-HELMETS', ...formsOf(target)])];
      const written = message?.match(/is written (.*) in the English/)?.[1];
      expect(written, target).toBe(forms.length < 2 ? undefined : forms.map((form) => `"${form}"`).join(' and '));
    }
  });
});

describe('fixSegment', () => {
  it('fixes French typography and number formats in machine output and records each change', () => {
    const s = segment('« Il a obtenu 47,7 % des voix », a-t-il dit.', '« He got 47,7 % of the votes », he said.');
    fixSegment(s);
    expect(s.target).toBe('“He got 47.7% of the votes”, he said.');
    expect(s.provenance!.fixes).toEqual([
      { rule: 'french-number-format', from: '47,7 %', to: '47.7%' },
      { rule: 'french-typography', from: '« ', to: '“' },
      { rule: 'french-typography', from: ' »', to: '”' },
    ]);
    expect(checkSegment(s).map((f) => f.rule)).not.toContain('french-typography');
  });
  it('never changes a person’s text', () => {
    for (const extra of [{ state: 'reviewed' as const }, { provenance: { translator: 'apertium', glossaryVersion: 'g', edited: true, at: 'x' } }]) {
      const s = segment('« Oui », dit-il.', '« Yes », he says.', extra);
      expect(fixSegment(s)).toEqual([]);
      expect(s.target).toBe('« Yes », he says.');
    }
  });
  it('applies only the chosen rules, and keeps inline marks on their words', () => {
    const english = '« Yes », he tells 1 234 people.';
    const s = segment('« Oui », dit-il à 1 234 personnes.', english, {
      targetMarks: [{ kind: 'emphasis', start: english.indexOf('1 234'), end: english.indexOf('1 234') + 5 }],
    });
    fixSegment(s, { rules: ['french-typography'] });
    expect(s.target).toBe('“Yes”, he tells 1 234 people.');
    expect(s.target!.slice(s.targetMarks![0]!.start, s.targetMarks![0]!.end)).toBe('1 234');
  });
});

describe('word lists', () => {
  it('splits a Spanish auxiliary glued to its participle, and leaves real Spanish words whole', async () => {
    const { splitSpanishCompound, isWord } = await import('../src/core/word-lists.js');
    expect(splitSpanishCompound('hadeclarado')).toEqual(['ha', 'declarado']);
    expect(splitSpanishCompound('hasido')).toEqual(['ha', 'sido']);
    expect(splitSpanishCompound('seha')).toEqual(['se', 'ha']);
    expect(splitSpanishCompound('hablado')).toBeUndefined();
    expect(isWord('también', 'es')).toBe(true);
    expect(isWord('niños', 'es')).toBe(true);
    expect(isWord('niños', 'en')).toBe(false);
  });
});

describe('merge-conflict', () => {
  it('flags merge marks a review left unresolved, naming them, as an error', () => {
    const findings = checkSegment(segment('Fin août, les Casques blancs sont arrivés.', '⟦In late | At the end of⟧ August, the White Helmets arrived.'));
    const conflict = findings.find((finding) => finding.rule === 'merge-conflict');
    expect(conflict).toMatchObject({ severity: 'error' });
    expect(conflict!.message).toContain('⟦In late | At the end of⟧');
    // A stray mark alone is unresolved too; an English without marks is not.
    expect(fires('merge-conflict', 'Fin août.', 'In late August.⟧')).toBe(true);
    expect(fires('merge-conflict', 'Fin août.', 'In late August [sic].')).toBe(false);
  });
});
