// The pipeline over several articles with a fake translator that records what
// it is sent: what a re-run sends, what a changed paragraph or glossary entry
// sends, what a stop leaves behind, and what a dry run predicts.

import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuotaError } from '../src/core/errors.js';
import type { Article, Segment } from '../src/core/types.js';
import { loadGlossary } from '../src/glossary/index.js';
import { runTranslation, type RunOptions, type RunReport } from '../src/batch/index.js';
import { billableCharacters, type Translator } from '../src/translate/index.js';
import { tempDir } from './support/cli.js';
import { FakeTranslator } from './support/fake-translator.js';

const ARTICLES: Record<string, string> = {
  'alpha.txt': [
    'Offensive à Idlib',
    'Les Casques blancs ont quitté la ville. Le ministère a publié un communiqué lundi soir.',
    'Les habitants attendent des nouvelles. Personne ne sait quand la route rouvrira.',
  ].join('\n'),
  'beta.txt': [
    'Réunion à Genève',
    'Les diplomates se sont réunis à Genève. Le ministère a publié un communiqué lundi soir.',
    'La prochaine réunion aura lieu en mars.',
  ].join('\n'),
  'gamma.txt': ['Marché de Lyon', 'Le marché ouvre à huit heures. Les prix ont encore augmenté cette semaine.'].join('\n'),
};

async function project(files: Record<string, string> = ARTICLES) {
  const dir = await tempDir('pipeline');
  const input = path.join(dir, 'in');
  await mkdir(input);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(input, name), `${text}\n`);
  const glossaryFile = path.join(dir, 'glossary.tsv');
  await writeFile(glossaryFile, 'Casques blancs\tWhite Helmets\nGenève\tGeneva\n');
  const out = path.join(dir, 'out');
  const jobs = Object.keys(files)
    .sort()
    .map((name) => ({ file: path.join(input, name), slug: name.replace(/\.txt$/, '') }));
  const run = (translator: Translator, extra: Partial<RunOptions> = {}): Promise<RunReport> =>
    runTranslation(jobs, { outDir: out, translator, glossary: { location: glossaryFile, load: () => loadGlossary(glossaryFile) }, corpusIndex: true, ...extra });
  return { dir, input, out, glossaryFile, run };
}

async function store(out: string, slug: string): Promise<Article> {
  return (JSON.parse(await readFile(path.join(out, `${slug}.json`), 'utf8')) as { article: Article }).article;
}

const segmentsOf = (article: Article): Segment[] => article.blocks.flatMap((block) => block.segments);

describe('runTranslation over several articles', () => {
  it('sends each distinct sentence once, and nothing on a second run', async () => {
    const { out, run } = await project();
    const first = new FakeTranslator();
    const report = await run(first);
    expect(report.written.map((w) => w.slug)).toEqual(['alpha', 'beta', 'gamma']);
    // The communiqué sentence is in alpha and beta: sent once.
    const communique = first.sent.filter((text) => text.includes('communiqué'));
    expect(communique).toEqual(['Le ministère a publié un communiqué lundi soir.']);
    expect(new Set(first.sent).size).toBe(first.sent.length);
    for (const slug of ['alpha', 'beta', 'gamma']) {
      for (const segment of segmentsOf(await store(out, slug))) expect(segment.target).toBe(`EN ${segment.source.replace('Casques blancs', 'White Helmets').replace('Genève', 'Geneva')}`);
    }
    expect(report.totals.characters).toBe(first.sent.reduce((sum, text) => sum + billableCharacters(text), 0));

    const second = new FakeTranslator();
    const again = await run(second);
    expect(second.sent).toEqual([]);
    expect(again.totals).toMatchObject({ skipped: 3, written: 0, sent: 0, characters: 0 });

    // Forced, every article is redone, all from the cache.
    const forced = await run(second, { force: true });
    expect(second.sent).toEqual([]);
    expect(forced.totals).toMatchObject({ written: 3, sent: 0 });
    expect(forced.totals.cached).toBe(forced.totals.segments);
  });

  it('re-translates only the sentence that changed in an edited paragraph', async () => {
    const { input, out, run } = await project();
    await run(new FakeTranslator());
    const before = await store(out, 'alpha');
    await writeFile(
      path.join(input, 'alpha.txt'),
      `${ARTICLES['alpha.txt']!.replace('Personne ne sait quand la route rouvrira.', 'Personne ne sait quand le pont rouvrira.')}\n`,
    );
    const translator = new FakeTranslator();
    const report = await run(translator);
    expect(translator.sent).toEqual(['Personne ne sait quand le pont rouvrira.']);
    expect(report.articles.map((a) => a.kind)).toEqual(['written', 'skipped', 'skipped']);
    const after = await store(out, 'alpha');
    // The untouched paragraph keeps its segments as they were; the edited one keeps the English of its unchanged sentence.
    expect(after.blocks[1]!.segments).toEqual(before.blocks[1]!.segments);
    expect(after.blocks[2]!.segments[0]!.target).toBe(before.blocks[2]!.segments[0]!.target);
    expect(after.blocks[2]!.segments[1]!.target).toBe('EN Personne ne sait quand le pont rouvrira.');
  });

  it('after a change to one glossary entry, re-translates only the segments holding it', async () => {
    const { out, glossaryFile, run } = await project();
    await run(new FakeTranslator());
    await writeFile(glossaryFile, 'Casques blancs\tWhite Helmets\nGenève\tGeneva (Switzerland)\n');
    const translator = new FakeTranslator();
    const report = await run(translator);
    // Beta's title and first sentence hold "Genève"; nothing else is sent.
    expect(translator.sent).toEqual(['Réunion à Zqx1', 'Les diplomates se sont réunis à Zqx1.']);
    // The glossary version changed, so every article is looked at again; only beta needed the translator.
    expect(report.totals).toMatchObject({ written: 3, sent: 2 });
    const beta = await store(out, 'beta');
    expect(segmentsOf(beta)[1]!.target).toBe('EN Les diplomates se sont réunis à Geneva (Switzerland).');
  });

  it('keeps a hand-edited segment through a re-run and a glossary change, and reuses it for the same sentence elsewhere', async () => {
    const { input, out, glossaryFile, run } = await project();
    await run(new FakeTranslator());
    const file = path.join(out, 'alpha.json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as { article: Article };
    const edited = segmentsOf(stored.article).find((s) => s.source.startsWith('Le ministère'))!;
    edited.target = 'The ministry issued a statement on Monday evening.';
    edited.provenance = { ...edited.provenance!, edited: true, at: '2026-03-01T10:00:00.000Z' };
    await writeFile(file, JSON.stringify(stored, null, 2));

    const translator = new FakeTranslator();
    await run(translator);
    await writeFile(glossaryFile, 'Casques blancs\tWhite Helmets (civil defence)\nGenève\tGeneva\n');
    await run(translator);
    expect(translator.sent).toEqual(['Les Casques blancs ont quitté la ville.'].map((s) => s.replace('Casques blancs', 'Zqx1')));

    const alpha = segmentsOf(await store(out, 'alpha'));
    expect(alpha.find((s) => s.id === edited.id)).toMatchObject({ target: 'The ministry issued a statement on Monday evening.', provenance: { edited: true } });
    expect(alpha[1]!.target).toBe('EN Les White Helmets (civil defence) ont quitté la ville.');
    // beta holds the same sentence: it takes the approved English, marked as coming from the memory.
    const beta = segmentsOf(await store(out, 'beta')).find((s) => s.source.startsWith('Le ministère'))!;
    expect(beta.target).toBe('The ministry issued a statement on Monday evening.');
    expect(beta.provenance).toMatchObject({ translator: 'memory', edited: false, memory: { article: 'alpha.json', segment: edited.id } });
    expect(beta.memoryMatch).toMatchObject({ similarity: 1, origin: { article: 'alpha.json', segment: edited.id } });

    // A new article with a near-identical sentence is offered the approved one as a fuzzy match.
    await writeFile(path.join(input, 'delta.txt'), 'Suite\nLe ministère a publié un communiqué mardi soir.\n');
    await runTranslation(
      ['alpha', 'beta', 'delta', 'gamma'].map((slug) => ({ file: path.join(input, `${slug}.txt`), slug })),
      { outDir: out, translator, glossary: { location: glossaryFile, load: () => loadGlossary(glossaryFile) } },
    );
    const delta = segmentsOf(await store(out, 'delta')).find((s) => s.source.startsWith('Le ministère'))!;
    expect(delta.target).toBe('EN Le ministère a publié un communiqué mardi soir.');
    expect(delta.memoryMatch?.target).toBe('The ministry issued a statement on Monday evening.');
    expect(delta.memoryMatch!.similarity).toBeGreaterThanOrEqual(0.85);
    expect(delta.memoryMatch!.similarity).toBeLessThan(1);
  });

  it('keeps an approved sentence when another sentence of its paragraph is edited (its id changes)', async () => {
    const { input, out, run } = await project();
    await run(new FakeTranslator());
    const file = path.join(out, 'alpha.json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as { article: Article };
    const approved = segmentsOf(stored.article).find((s) => s.source === 'Personne ne sait quand la route rouvrira.')!;
    approved.target = 'Nobody knows when the road will reopen.';
    approved.state = 'final';
    await writeFile(file, JSON.stringify(stored, null, 2));
    await writeFile(path.join(input, 'alpha.txt'), `${ARTICLES['alpha.txt']!.replace('Les habitants attendent des nouvelles.', 'Les habitants attendent toujours des nouvelles.')}\n`);
    const translator = new FakeTranslator();
    await run(translator);
    expect(translator.sent).toEqual(['Les habitants attendent toujours des nouvelles.']);
    const kept = segmentsOf(await store(out, 'alpha')).find((s) => s.source === approved.source)!;
    expect(kept.id).not.toBe(approved.id);
    expect(kept).toMatchObject({ target: 'Nobody knows when the road will reopen.', state: 'final' });
  });

  it('stops cleanly when the translator runs out of quota, keeps earlier outputs whole, and resumes paying only for the rest', async () => {
    const { out, run } = await project();
    // One segment per translator call; the quota runs out after alpha's five segments.
    const chunkCharacters = 1;
    const translator = new FakeTranslator();
    translator.failFromCall = 6;
    const stopped = await run(translator, { chunkCharacters });
    expect(stopped.stopped).toBeInstanceOf(QuotaError);
    const written = stopped.articles.filter((a) => a.kind === 'written').map((a) => a.slug);
    const incomplete = stopped.articles.filter((a) => a.kind === 'incomplete').map((a) => a.slug);
    expect(written).toEqual(['alpha']);
    expect(incomplete).toEqual(['beta', 'gamma']);
    expect((await readdir(out)).filter((name) => name.endsWith('.json')).sort()).toEqual(written.map((slug) => `${slug}.json`).sort());
    const paid = translator.sent;

    const resumed = new FakeTranslator();
    const report = await run(resumed, { chunkCharacters });
    expect(report.stopped).toBeUndefined();
    expect(report.articles.filter((a) => a.kind === 'written').map((a) => a.slug).sort()).toEqual(incomplete.sort());
    // Nothing paid for twice, nothing missing.
    expect(resumed.sent.filter((text) => paid.includes(text))).toEqual([]);
    const complete = new FakeTranslator();
    await (await project()).run(complete);
    expect([...paid, ...resumed.sent].sort()).toEqual(complete.sent.sort());
  });

  it('dry run: counts what a real run then sends, per article and in total, and writes nothing', async () => {
    const { input, out, run } = await project();
    await run(new FakeTranslator());
    await writeFile(path.join(input, 'gamma.txt'), `${ARTICLES['gamma.txt']}\nLa mairie promet une baisse des prix. Le ministère a publié un communiqué lundi soir.\n`);
    await writeFile(path.join(input, 'beta.txt'), `${ARTICLES['beta.txt']}\nLa mairie promet une baisse des prix.\n`);
    const before = await readdir(out, { recursive: true });
    const dry = await run(new FakeTranslator(), { dryRun: true, pricePerMillionCharacters: 20 });
    expect(await readdir(out, { recursive: true })).toEqual(before);

    const real = new FakeTranslator();
    const report = await run(real);
    expect(dry.dryRun!.toSend).toBe(real.sent.length);
    expect(dry.dryRun!.characters).toBe(real.sent.reduce((sum, text) => sum + billableCharacters(text), 0));
    expect(dry.dryRun!.characters).toBe(report.totals.characters);
    expect(dry.dryRun!.cost).toBeCloseTo((dry.dryRun!.characters * 20) / 1_000_000, 12);
    // The new sentence shared by beta and gamma is counted once, for beta (the first article that needs it).
    expect(dry.dryRun!.articles.map((row) => [row.slug, row.toSend])).toEqual([
      ['beta', 1],
      ['gamma', 0],
    ]);
  });
});
