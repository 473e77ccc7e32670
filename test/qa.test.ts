import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article, Segment } from '../src/core/types.js';
import { saveArticle } from '../src/store/index.js';
import { hasApertium } from './support/apertium.js';
import { repoRoot, runCli, tempDir } from './support/cli.js';
import { paragraphArticle, translatedSegment } from './support/articles.js';

const FOUNDING = path.join(repoRoot, 'corpus/idlib-casques-blancs-2018-09-08.fr.txt');

function segment(id: string, source: string, target: string, extra: Partial<Segment> = {}): Segment {
  return translatedSegment(source, target, { id, provenance: { translator: 'deepl', glossaryVersion: 'g', edited: false, at: '2026-01-01T00:00:00.000Z' }, ...extra });
}

function article(slug: string, segments: Segment[]): Article {
  return paragraphArticle(slug, segments);
}

describe('diptych qa', () => {
  it('exits 1 on an error-severity finding and reports it per segment and per rule', async () => {
    const dir = await tempDir('qa');
    await saveArticle(dir, article('a', [segment('s1', 'Il est arrivé le 7 septembre 2018.', 'He arrived on 7 October 2018.'), segment('s2', 'Il pleut.', 'It rains.')]));
    const result = runCli(['qa', dir]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('s1');
    expect(result.stdout).toMatch(/error number-mismatch: .*"septembre".*"October"/);
    expect(result.stdout).toMatch(/number-mismatch\s+1\s+0\s+0\s+1/);
    expect(result.stdout).not.toContain('s2 ');
  });

  it('exits 0 when only warnings remain, and prints JSON with --json', async () => {
    const dir = await tempDir('qa');
    const file = await saveArticle(dir, article('b', [segment('s1', '« Oui », a-t-il dit.', '« Yes », he said.')]));
    const result = runCli(['qa', file, '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { stores: Array<{ segments: Array<{ id: string; findings: Array<{ rule: string }> }> }>; summary: Array<{ rule: string }>; errors: number };
    expect(report.errors).toBe(0);
    expect(report.stores[0]!.segments[0]!.findings.map((f) => f.rule)).toContain('french-typography');
    expect(report.summary.map((row) => row.rule)).toContain('french-typography');
  });

  it('runs only the rules named with --rule, and refuses an unknown one', async () => {
    const dir = await tempDir('qa');
    await saveArticle(dir, article('c', [segment('s1', 'Il est arrivé le 7 septembre 2018.', '« He arrived » on 7 October 2018.')]));
    const only = runCli(['qa', dir, '--rule', 'french-typography', '--json']);
    expect(only.status).toBe(0);
    expect(JSON.parse(only.stdout).summary.map((row: { rule: string }) => row.rule)).toEqual(['french-typography']);
    const unknown = runCli(['qa', dir, '--rule', 'no-such-rule']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("unknown rule 'no-such-rule'");
  });

  it('compares approved translations across stores', async () => {
    const dir = await tempDir('qa');
    await saveArticle(dir, article('d', [segment('s1', 'Il est parti hier.', 'He left yesterday.', { state: 'reviewed' })]));
    await saveArticle(dir, article('e', [segment('s9', 'Il est parti hier.', 'He went away yesterday.', { state: 'final' })]));
    const report = JSON.parse(runCli(['qa', dir, '--json']).stdout) as { stores: Array<{ slug: string; segments: Array<{ findings: Array<{ rule: string }> }> }> };
    for (const store of report.stores) expect(store.segments[0]!.findings.map((f) => f.rule)).toContain('inconsistent-translation');
  });

  it('names a store it cannot read and exits 2', async () => {
    const dir = await tempDir('qa');
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{ not json');
    const result = runCli(['qa', bad]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('bad.json');
  });
});

describe.skipIf(!hasApertium)('the founding article through Apertium, with and without fixes', () => {
  const englishOf = async (out: string) => {
    const stored = JSON.parse(await readFile(path.join(out, 'idlib-casques-blancs-2018-09-08.fr.json'), 'utf8')) as { article: Article };
    return stored.article.blocks.flatMap((block) => block.segments);
  };

  it('has no Spanish word left in the English, each repair recorded, and qa passes', async () => {
    const out = await tempDir('qa-founding');
    expect(runCli(['translate', FOUNDING, '--out', out, '--quiet']).status).toBe(0);
    const segments = await englishOf(out);
    const english = segments.map((s) => s.target).join('\n');
    expect(english).not.toMatch(/hadeclarado|declarado/);
    expect(english).not.toMatch(/[«»]/);
    expect(segments.flatMap((s) => s.findings).map((f) => f.rule)).not.toContain('pivot-language-word');
    const fixes = segments.flatMap((s) => s.provenance?.fixes ?? []);
    expect(fixes.filter((f) => f.rule === 'pivot-compound').map((f) => f.from)).toEqual(['hadeclarado', 'hadeclarado']);
    expect(fixes.map((f) => f.rule)).toContain('french-typography');
    const html = await readFile(path.join(out, 'idlib-casques-blancs-2018-09-08.fr.html'), 'utf8');
    expect(html).toContain('pivot-compound “hadeclarado” → “it has declared”');
    expect(runCli(['qa', out]).status).toBe(0);
  });

  it('with --no-fix, leaves the engine output as it came and qa reports the Spanish words', async () => {
    const out = await tempDir('qa-founding');
    expect(runCli(['translate', FOUNDING, '--out', out, '--quiet', '--no-fix']).status).toBe(0);
    const segments = await englishOf(out);
    expect(segments.map((s) => s.target).join('\n')).toContain('hadeclarado');
    expect(segments.flatMap((s) => s.provenance?.fixes ?? [])).toEqual([]);
    const qa = runCli(['qa', out, '--rule', 'pivot-language-word']);
    expect(qa.status).toBe(1);
    expect(qa.stdout).toContain('Spanish word "hadeclarado"');
  });

  it('never fixes a sentence a person edited', async () => {
    const out = await tempDir('qa-founding');
    expect(runCli(['translate', FOUNDING, '--out', out, '--quiet']).status).toBe(0);
    const file = path.join(out, 'idlib-casques-blancs-2018-09-08.fr.json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as { article: Article };
    const edited = stored.article.blocks.flatMap((block) => block.segments).find((s) => s.source.startsWith('«'))!;
    edited.target = '« A person wrote this », with 47,7 % kept.';
    edited.provenance = { ...edited.provenance!, edited: true };
    await writeFile(file, JSON.stringify(stored));
    expect(runCli(['translate', FOUNDING, '--out', out, '--quiet', '--force']).status).toBe(0);
    const again = (await englishOf(out)).find((s) => s.id === edited.id)!;
    expect(again.target).toBe('« A person wrote this », with 47,7 % kept.');
    expect(again.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['french-typography', 'french-number-format']));
  });
});

describe.skipIf(!hasApertium)('Apertium pivot repair', () => {
  it('translates a glued compound again and gives a Spanish number word its English, reporting each repair', async () => {
    const { ApertiumTranslator } = await import('../src/translate/engines/apertium.js');
    const units = [
      { id: 'a', text: '« Il reste beaucoup à faire », a-t-il déclaré.' },
      { id: 'b', text: 'Le groupe a perdu 3,4 milliards de dollars en 2013.' },
    ];
    const [a, b] = await new ApertiumTranslator().translate(units, { sourceLang: 'fr', targetLang: 'en' });
    expect(a!.text).toContain('it has declared');
    expect(a!.fixes).toEqual([{ rule: 'pivot-compound', from: 'hadeclarado', to: 'it has declared' }]);
    expect(b!.text).toContain('3,4 billion');
    expect(b!.unknownWords).toEqual([]);
    expect(b!.fixes).toEqual([{ rule: 'pivot-number-word', from: 'millardos', to: 'billion' }]);
    const [raw] = await new ApertiumTranslator({ repairPivot: false }).translate(units.slice(0, 1), { sourceLang: 'fr', targetLang: 'en' });
    expect(raw!.text).toContain('hadeclarado');
    expect(raw!.fixes).toBeUndefined();
  });

  it('leaves no Spanish word the second step passed through: hyphenated, by lemma, unmarked, doubly marked', async () => {
    const { ApertiumTranslator } = await import('../src/translate/engines/apertium.js');
    const units = [
      { id: 'hyphen', text: 'Le sud-est de la France a connu des orages.' },
      { id: 'lemma', text: "Les déchets n'ont pas été bien assainis." },
      { id: 'unmarked', text: 'La centrale syndicale précise.' },
      { id: 'double', text: 'Les chefs de gouvernement francophones de Montreux.' },
    ];
    const done = await new ApertiumTranslator().translate(units, { sourceLang: 'fr', targetLang: 'en' });
    expect(done.map((unit) => unit.fixes)).toEqual([
      [{ rule: 'pivot-fallback', from: 'sudeste', to: 'sud-est' }],
      [{ rule: 'pivot-fallback', from: 'saneados', to: 'assainis' }],
      [{ rule: 'pivot-fallback', from: 'sindical', to: 'syndicale' }],
      [{ rule: 'pivot-fallback', from: 'francófono', to: 'francophones' }],
    ]);
    for (const unit of done) expect(unit.text).not.toMatch(/sudeste|saneados|sindical|francófono/u);
  });

  it('does not take an English word the generator marked # for an unknown one ("#so many")', async () => {
    const { ApertiumTranslator } = await import('../src/translate/engines/apertium.js');
    const [unit] = await new ApertiumTranslator().translate([{ id: 'a', text: 'Nous avons vu tant de massacres similaires.' }], { sourceLang: 'fr', targetLang: 'en' });
    expect(unit!.text).toContain('so many');
    expect(unit!.unknownWords).toEqual([]);
  });
});
