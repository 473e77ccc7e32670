import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GlossaryError } from '../src/core/errors.js';
import * as glossaryStage from '../src/glossary/index.js';
import { findTerms, loadGlossary, protectTerms, verifyTerms, type Glossary } from '../src/glossary/index.js';

const fixtures = path.join(import.meta.dirname, 'fixtures', 'glossary');
const token = (n: number) => `Zqx${n}`;
let small: Glossary;
let dir: string;

beforeAll(async () => {
  small = await loadGlossary(path.join(fixtures, 'small.tsv'));
  dir = await mkdtemp(path.join(tmpdir(), 'diptych-glossary-'));
});

async function glossaryFile(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

const HEADER = 'french\tenglish\tenglish_forms\ttype\toptions\tnote\n';

/** The French text of each match, in order. */
function found(text: string, glossary = small): string[] {
  return findTerms(glossary, text).map((m) => m.text);
}

describe('glossary stage entry', () => {
  it('exposes the documented functions', () => {
    for (const name of ['loadGlossary', 'findTerms', 'protectTerms', 'verifyTerms']) {
      expect(typeof (glossaryStage as Record<string, unknown>)[name]).toBe('function');
    }
  });
});

describe('loadGlossary', () => {
  it('reads the project format with variants, forms, type and options', () => {
    const idlib = small.entries.find((e) => e.id === 'Idlib')!;
    expect(idlib).toMatchObject({ sources: ['Idlib', 'Idleb'], target: 'Idlib', type: 'place', bare: true, caseSensitive: false });
    expect(idlib.file).toBe(path.join(fixtures, 'small.tsv'));
    expect(idlib.line).toBe(7);
    const sputnik = small.entries.find((e) => e.id === 'Sputnik')!;
    expect(sputnik).toMatchObject({ keep: true, caseSensitive: true });
    expect(small.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reads every glossary file of a directory', async () => {
    const sub = await mkdtemp(path.join(dir, 'dir-'));
    await writeFile(path.join(sub, 'a.tsv'), `${HEADER}Damas\tDamascus\t\tplace\t\t\n`);
    await writeFile(path.join(sub, 'b.tsv'), `${HEADER}Moscou\tMoscow\t\tplace\t\t\n`);
    await writeFile(path.join(sub, 'notes.md'), 'not a glossary');
    const glossary = await loadGlossary(sub);
    expect(glossary.entries.map((e) => e.target)).toEqual(['Damascus', 'Moscow']);
    expect(glossary.files.map((f) => path.basename(f))).toEqual(['a.tsv', 'b.tsv']);
  });

  it('changes the version when an entry changes, not when only a note or the order does', async () => {
    const base = await loadGlossary(await glossaryFile('v1.tsv', `${HEADER}Damas\tDamascus\t\tplace\t\t\nMoscou\tMoscow\t\tplace\t\t\n`));
    const reordered = await loadGlossary(await glossaryFile('v2.tsv', `${HEADER}Moscou\tMoscow\t\tplace\t\tcapital\nDamas\tDamascus\t\tplace\t\t\n`));
    const changed = await loadGlossary(await glossaryFile('v3.tsv', `${HEADER}Damas\tDamascus\t\tplace\t\t\nMoscou\tMoskva\t\tplace\t\t\n`));
    expect(reordered.version).toBe(base.version);
    expect(changed.version).not.toBe(base.version);
  });

  it('names file, line and a fix for a malformed row', async () => {
    const file = await glossaryFile('bad-row.tsv', `${HEADER}Damas\tDamascus\t\tplace\t\t\nMoscou Moscow\n`);
    const error = await loadGlossary(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlossaryError);
    expect((error as GlossaryError).file).toBe(file);
    expect((error as GlossaryError).line).toBe(3);
    expect((error as GlossaryError).hint).toMatch(/tab/);
  });

  it('rejects an unknown type, an unknown option and an empty English form', async () => {
    for (const [row, message] of [
      ['Damas\tDamascus\t\tcity\t\t', /unknown type "city"/],
      ['Damas\tDamascus\t\tplace\tkeepit\t', /unknown option "keepit"/],
      ['Damas\t\t\tplace\t\t', /empty English form/],
    ] as const) {
      await expect(loadGlossary(await glossaryFile('bad.tsv', `${HEADER}${row}\n`))).rejects.toThrow(message);
    }
  });

  it('rejects a missing path and a file that is not UTF-8', async () => {
    const missing = path.join(dir, 'nope.tsv');
    await expect(loadGlossary(missing)).rejects.toMatchObject({ name: 'GlossaryError', file: missing });
    const latin1 = await glossaryFile('latin1.tsv', Buffer.from(`${HEADER}minist\xe8re\tministry\t\tother\t\t\n`, 'latin1'));
    await expect(loadGlossary(latin1)).rejects.toThrow(/UTF-8/);
  });

  it('refuses one French form with two English forms', async () => {
    const file = await glossaryFile('conflict.tsv', `${HEADER}Damas\tDamascus\t\tplace\t\t\ndamas\tDamask\t\tother\t\t\n`);
    await expect(loadGlossary(file)).rejects.toMatchObject({ line: 3, message: expect.stringMatching(/conflicts/) });
  });
});

describe('findTerms', () => {
  it('finds names after elision, with either apostrophe', () => {
    expect(found("la province d'Idlib et d’Idleb")).toEqual(['Idlib', 'Idleb']);
    expect(found("l'Osa, l’Osa")).toEqual(['Osa', 'Osa']);
    expect(found("qu'al-Nosra… le Front al-Nosra qu’il")).toEqual(['Front al-Nosra']);
  });

  it('treats hyphens, spaces and no-break spaces as the same separator', () => {
    expect(found('Tahrir al Cham')).toEqual(['Tahrir al Cham']);
    expect(found('Tahrir\u00a0al‑Cham')).toEqual(['Tahrir\u00a0al‑Cham']);
    expect(found('le Moyen Orient')).toEqual(['Moyen Orient']);
  });

  it('prefers the longest match', () => {
    const matches = findTerms(small, 'Hayat Tahrir al-Cham et Tahrir al-Cham');
    expect(matches.map((m) => m.entry.id)).toEqual(['Hayat Tahrir al-Cham', 'Tahrir al-Cham']);
  });

  it('respects word boundaries', () => {
    expect(found('Osaka, Idlibs, Casques blancsx')).toEqual([]);
  });

  it('honours case sensitivity but allows a capital first letter', () => {
    expect(found('il osa dire')).toEqual([]);
    expect(found('les casques blancs du chantier')).toEqual([]);
    expect(found('IDLIB')).toEqual(['IDLIB']);
    expect(found('Ministère russe de la Défense')).toEqual(['Ministère russe de la Défense']);
    expect(found('Etat islamique')).toEqual(['Etat islamique']);
  });

  it('returns offsets into the text as given, even when it is not NFC', () => {
    const text = 'Le ministe\u0300re russe de la De\u0301fense et Idlib';
    const matches = findTerms(small, text);
    expect(matches.map((m) => text.slice(m.start, m.end))).toEqual(['ministe\u0300re russe de la De\u0301fense', 'Idlib']);
    expect(matches[0]!.text).toBe('ministe\u0300re russe de la De\u0301fense');
  });
});

describe('protectTerms', () => {
  it('replaces each match by a numbered token and restores the pinned English form', () => {
    const text = 'Le Front al-Nosra et les Casques blancs à Idlib.';
    const matches = findTerms(small, text);
    const p = protectTerms(text, matches, token);
    expect(p.text).toBe('Le Zqx1 et les Zqx2 à Zqx3.');
    expect(p.restore('The **Zqx1 and the *Zqx2 in #Zqx3.')).toBe('The al-Nusra Front and the White Helmets in Idlib.');
  });

  it('drops an article English does not use, and capitalises a pinned form that opens a sentence', () => {
    const text = 'de la Syrie au Moyen-Orient. Front al-Nosra';
    const glossary = { ...small, entries: [...small.entries, { ...small.entries.find((e) => e.id === 'Idlib')!, id: 'Syrie', sources: ['Syrie'], target: 'Syria' }] };
    const p = protectTerms(text, findTerms(glossary, text), token);
    expect(p.restore('of the Zqx1 to the Zqx2. Zqx3')).toBe('of Syria to the Middle East. Al-Nusra Front');
    expect(p.restore('The Zqx2 …')).toBe('The Middle East …');
  });

  it('keeps keep-entries exactly as written in the French', () => {
    const text = 'selon Sputnik.';
    const p = protectTerms(text, findTerms(small, text), token);
    expect(p.restore('according to the *Zqx1.')).toBe('according to Sputnik.');
  });

  it('leaves no doubled space where a token stood and tells token 1 from token 10', () => {
    const text = Array.from({ length: 10 }, () => 'Idlib').join(' et ') + ' ; Osa';
    const p = protectTerms(text, findTerms(small, text), token);
    expect(p.text).toContain('Zqx10');
    const restored = p.restore(`${p.text.replace(/ et /g, ' and ').replace('Zqx11', ' **Zqx11')}`);
    expect(restored).toBe(`${Array.from({ length: 10 }, () => 'Idlib').join(' and ')} ; Osa`);
    expect(restored).not.toMatch(/Zqx|\s{2}/);
  });

  it('restores a token even if the engine changed its case', () => {
    const p = protectTerms('Idlib', findTerms(small, 'Idlib'), token);
    expect(p.restore('ZQX1')).toBe('Idlib');
  });
});

describe('verifyTerms', () => {
  const hits = (source: string, target: string) => verifyTerms(target, findTerms(small, source)).map((h) => h.satisfied);

  it('accepts the pinned form, an accepted form, plural, possessive and a capital first letter', () => {
    expect(hits('le Front al-Nosra', 'the al-Nusra Front')).toEqual([true]);
    expect(hits('le Front al-Nosra', "the Nusra Front's leaders")).toEqual([true]);
    expect(hits('Front al-Nosra', 'Al-Nusra Front said')).toEqual([true]);
    expect(hits('ministère russe de la Défense', 'the Russian Ministry of Defence')).toEqual([true]);
  });

  it('rejects what raw Apertium produces', () => {
    expect(hits('le Front al-Nosra', 'the Front to the-Nosra')).toEqual([false]);
    expect(hits('les Casques blancs', 'the white Helmets')).toEqual([false]);
    expect(hits('Osa', 'Bear')).toEqual([false]);
  });

  it('needs one English occurrence per French occurrence', () => {
    expect(hits('Idlib et Idleb', 'Idlib and Idleb')).toEqual([true, false]);
    expect(hits('Idlib et Idleb', 'Idlib and Idlib')).toEqual([true, true]);
  });

  it('reports entry id, French text and pinned form', () => {
    expect(verifyTerms('Idlib', findTerms(small, 'Idleb'))).toEqual([{ entry: 'Idlib', source: 'Idleb', target: 'Idlib', satisfied: true }]);
  });
});
