// The per-article path on its own: translateArticle, recheckArticle and
// publishArticle, as the batch, the CLI's import and the review use them.

import { FolderStore } from '../src/store/index.js';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article, Segment } from '../src/core/types.js';
import { makeGlossary, parseGlossaryText } from '../src/glossary/index.js';
import { prepareArticle, publishArticle, recheckArticle, translateArticle, type TranslationCacheStore } from '../src/pipeline/index.js';
import type { CachedTranslation } from '../src/store/index.js';
import { tempDir } from './support/cli.js';
import { FakeTranslator } from './support/fake-translator.js';

const glossary = makeGlossary(parseGlossaryText('g.tsv', 'Casques blancs\tWhite Helmets\n').entries, ['g.tsv']);
const segmentsOf = (article: Article): Segment[] => article.blocks.flatMap((block) => block.segments);

async function article(text = 'Les Casques blancs ont quitté Idlib.\nLa route est fermée.'): Promise<Article> {
  const dir = await tempDir('article');
  const file = path.join(dir, 'a.txt');
  await writeFile(file, `${text}\n`);
  return prepareArticle(file, { slug: 'a' });
}

/** A cache in a Map, as another store (a database) would stand in for the file one. */
function mapCache(): TranslationCacheStore & { entries: Map<string, CachedTranslation> } {
  const entries = new Map<string, CachedTranslation>();
  return {
    entries,
    get: async (key) => entries.get(key),
    put: async (items) => {
      for (const [key, entry] of items) entries.set(key, entry);
    },
  };
}

describe('translateArticle', () => {
  it('protects pinned terms, records provenance, runs the checks, and takes a second translation from the cache', async () => {
    const cache = mapCache();
    const translator = new FakeTranslator();
    const first = await translateArticle(await article(), { glossary, translator, cache });
    expect(first.untranslated).toBe(0);
    expect(translator.sent).toContain('Les Zqx1 ont quitté Idlib.');
    const segment = segmentsOf(first.article)[0]!;
    expect(segment.target).toBe('EN Les White Helmets ont quitté Idlib.');
    expect(segment.terms).toEqual([{ entry: 'Casques blancs', source: 'Casques blancs', target: 'White Helmets', number: 'plural', satisfied: true }]);
    expect(segment.provenance).toMatchObject({ translator: 'fake', model: 'v1', glossaryVersion: glossary.version, edited: false });
    expect(cache.entries.size).toBe(translator.sent.length);

    const again = new FakeTranslator();
    const second = await translateArticle(await article(), { glossary, translator: again, cache });
    expect(again.sent).toEqual([]);
    expect(second.counts).toMatchObject({ cached: first.counts.segments, pending: 0 });
    expect(segmentsOf(second.article).map((s) => s.target)).toEqual(segmentsOf(first.article).map((s) => s.target));
  });

  it("keeps a person's edit from the earlier store and never sends it", async () => {
    const previous = (await translateArticle(await article(), { glossary, translator: new FakeTranslator() })).article;
    const edited = segmentsOf(previous)[1]!;
    edited.target = 'The road is closed.';
    edited.provenance = { ...edited.provenance!, edited: true };
    const translator = new FakeTranslator();
    const done = await translateArticle(await article(), { glossary, translator }, { previous });
    expect(translator.sent).not.toContain('La route est fermée.');
    expect(segmentsOf(done.article)[1]).toMatchObject({ target: 'The road is closed.', provenance: { edited: true } });
    expect(done.counts.kept).toBe(1);
  });

  it('reports what the translator did not return, without checking a half-translated article', async () => {
    const translator = new FakeTranslator();
    translator.failFromCall = 1;
    const done = await translateArticle(await article(), { glossary, translator });
    expect(done.untranslated).toBe(segmentsOf(done.article).length);
    expect(done.error).toBeInstanceOf(Error);
  });
});

describe('recheckArticle', () => {
  it("verifies a person's English against the glossary and raises a finding, without repairing it", async () => {
    const translated = (await translateArticle(await article(), { glossary, translator: new FakeTranslator() })).article;
    const segment = segmentsOf(translated)[0]!;
    segment.target = 'The rescuers left Idlib.';
    const accuracy = await recheckArticle(translated, glossary);
    expect(accuracy).toEqual({ found: 1, satisfied: 0 });
    expect(segment.target).toBe('The rescuers left Idlib.');
    expect(segment.findings).toEqual([expect.objectContaining({ rule: 'glossary-term-missing', severity: 'error', source: 'check' })]);
    segment.target = 'The White Helmets left Idlib.';
    await recheckArticle(translated, glossary);
    expect(segment.findings).toEqual([]);
  });

  it('accepts plural and possessive forms and respects word boundaries (not a substring test)', async () => {
    const translated = (await translateArticle(await article(), { glossary, translator: new FakeTranslator() })).article;
    const segment = segmentsOf(translated)[0]!;
    segment.target = "The White Helmets' convoy left Idlib.";
    expect(await recheckArticle(translated, glossary)).toEqual({ found: 1, satisfied: 1 });
    segment.target = 'The NotWhite Helmetsx left Idlib.';
    expect(await recheckArticle(translated, glossary)).toEqual({ found: 1, satisfied: 0 });
  });
});

describe('publishArticle', () => {
  it('writes the store, the Markdown and the page under the given name', async () => {
    const dir = await tempDir('publish');
    const translated = (await translateArticle(await article(), { glossary, translator: new FakeTranslator() })).article;
    const files = await publishArticle(translated, new FolderStore(dir), { name: 'renamed' });
    expect(files).toEqual({ json: path.join(dir, 'renamed.json'), md: path.join(dir, 'renamed.md'), html: path.join(dir, 'renamed.html') });
    expect(JSON.parse(await readFile(files.json, 'utf8')).article.slug).toBe('a');
    expect(await readFile(files.md, 'utf8')).toContain('White Helmets');
    expect(await readFile(files.html, 'utf8')).toContain('White Helmets');
  });
});
