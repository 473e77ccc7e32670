// The pipeline's two whole-article functions on their own: runArticle (one
// job through prepare → translate → check → publish, into an article store)
// and mergeReturned (the refusals every CAT-tool import shares).

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article, Segment } from '../src/core/types.js';
import { makeGlossary, parseGlossaryText } from '../src/glossary/index.js';
import { mergeReturned, prepareArticle, runArticle, type ReturnedFormat } from '../src/pipeline/index.js';
import { FolderStore } from '../src/store/index.js';
import { tempDir } from './support/cli.js';
import { FakeTranslator } from './support/fake-translator.js';

const glossary = makeGlossary(parseGlossaryText('g.tsv', 'Casques blancs\tWhite Helmets\n').entries, ['g.tsv']);
const segmentsOf = (article: Article): Segment[] => article.blocks.flatMap((block) => block.segments);

async function source(): Promise<string> {
  const file = path.join(await tempDir('run-article'), 'a.txt');
  await writeFile(file, 'Les Casques blancs ont quitté Idlib.\nLa route est fermée.\n');
  return file;
}

describe('runArticle', () => {
  it('takes a source file to a published, checked article in the store', async () => {
    const store = new FolderStore(await tempDir('run-article-out'));
    const result = await runArticle({ file: await source(), read: { slug: 'a' } }, { glossary, translator: new FakeTranslator(), analyser: null }, { store });
    expect(result.kind).toBe('published');
    const stored = await store.load('a');
    expect(segmentsOf(stored!).every((segment) => segment.target !== undefined)).toBe(true);
    expect(segmentsOf(stored!)[0]!.terms.map((term) => term.satisfied)).toEqual([true]);
    expect(await store.list()).toEqual(['a']);
  });

  it('stops once prepared on a dry run, telling the caller, and writes nothing', async () => {
    const store = new FolderStore(await tempDir('run-article-dry'));
    let told = 0;
    const result = await runArticle({ article: prepareArticle(await source(), { slug: 'a' }) }, { glossary, translator: new FakeTranslator(), analyser: null }, { store, dryRun: true, onPrepared: () => told++ });
    expect(result.kind).toBe('prepared');
    expect(told).toBe(1);
    expect(await store.list()).toEqual([]);
  });
});

describe('runArticle on an article someone saves meanwhile', () => {
  it('keeps a person’s save that lands while the article is re-translated, and gives every changed machine segment a new revision', async () => {
    const store = new FolderStore(await tempDir('run-article-race'));
    const file = await source();
    const context = (prefix: string) => ({ glossary, translator: new FakeTranslator({ prefix }), analyser: null });
    await runArticle({ file, read: { slug: 'a' } }, context('EN '), { store });
    const previous = (await store.load('a'))!;
    const [first, second] = segmentsOf(previous);
    // A reviewer saves the first sentence after the batch read the article, before it writes.
    const saved = structuredClone(previous);
    Object.assign(segmentsOf(saved)[0]!, { target: 'The White Helmets left Idlib.', state: 'reviewed', revision: 1 });
    await store.save(saved, { expected: new Map([[first!.id, 0]]) });
    const result = await runArticle({ file, read: { slug: 'a' }, previous }, context('NEW '), { store });
    expect(result.kind).toBe('published');
    const stored = segmentsOf((await store.load('a'))!);
    expect(stored[0]).toMatchObject({ id: first!.id, target: 'The White Helmets left Idlib.', state: 'reviewed', revision: 1 });
    // The other sentence took the new machine English, as a new revision: a page showing the old one cannot save over it.
    expect(stored[1]).toMatchObject({ id: second!.id, revision: 1 });
    expect(stored[1]!.target).toMatch(/^NEW /);
  });
});

describe('runArticle when saves keep landing while it commits', () => {
  it('keeps a save that lands after its first refusal too, not only the one the refusal named', async () => {
    const dir = await tempDir('run-article-race-2');
    const file = await source();
    const context = (prefix: string) => ({ glossary, translator: new FakeTranslator({ prefix }), analyser: null });
    await runArticle({ file, read: { slug: 'a' } }, context('EN '), { store: new FolderStore(dir) });
    const plain = new FolderStore(dir);
    const previous = (await plain.load('a'))!;
    const [first, second] = segmentsOf(previous);
    const personSaves = async (id: string, target: string) => {
      const stored = (await plain.load('a'))!;
      const segment = segmentsOf(stored).find((candidate) => candidate.id === id)!;
      const read = segment.revision ?? 0;
      Object.assign(segment, { target, state: 'reviewed', revision: read + 1 });
      await plain.save(stored, { expected: new Map([[id, read]]) });
    };
    // One reviewer saves the first sentence before the batch commits; another the second one right
    // after that commit is refused, before the batch reads the article again.
    let commits = 0;
    let loadsAfterRefusal = 0;
    const store = Object.assign(Object.create(plain) as FolderStore, {
      commit: async (...args: Parameters<FolderStore['commit']>) => {
        if (commits++ === 0) await personSaves(first!.id, 'Saved before the commit.');
        return plain.commit(...args);
      },
      load: async (slug: string) => {
        if (commits > 0 && loadsAfterRefusal++ === 0) await personSaves(second!.id, 'Saved after the refusal.');
        return plain.load(slug);
      },
    });
    const result = await runArticle({ file, read: { slug: 'a' }, previous }, context('NEW '), { store });
    expect(result.kind).toBe('published');
    const stored = segmentsOf((await plain.load('a'))!);
    expect(stored[0]!.target).toBe('Saved before the commit.');
    expect(stored[1]!.target).toBe('Saved after the refusal.');
  });
});

describe('mergeReturned', () => {
  it('refuses an unknown id, an id given twice and changed French, whatever the format, and applies the rest to a copy', async () => {
    const article = await prepareArticle(await source(), { slug: 'a' });
    const [first, second] = segmentsOf(article);
    const refused: string[] = [];
    const applied: string[] = [];
    const units = [
      { id: 'nope', source: 'x' },
      { id: first!.id, source: first!.source },
      { id: first!.id, source: first!.source },
      { id: second!.id, source: 'Autre chose.' },
    ];
    const format: ReturnedFormat<(typeof units)[number]> = {
      units,
      sourceOf: (unit) => unit.source,
      sameSource: (a, b) => a === b,
      sourceChanged: () => 'changed',
      refuse: (unit, reason) => void refused.push(`${unit.id}: ${reason}`),
      apply: (segment) => {
        segment.target = 'Merged.';
        applied.push(segment.id);
      },
    };
    const merged = mergeReturned(article, format);
    expect(applied).toEqual([first!.id]);
    expect(refused).toEqual([
      'nope: not in the store (exported from another version of the article?)',
      `${first!.id}: appears twice in the file; only the first was used`,
      `${second!.id}: changed`,
    ]);
    expect(segmentsOf(merged)[0]!.target).toBe('Merged.');
    expect(segmentsOf(article)[0]!.target).toBeUndefined();
  });
});
