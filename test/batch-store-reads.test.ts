// What a batch asks of the store of record before it translates: the earlier
// record of each article it is about to replace (its approvals go to the
// memory, its review notes are carried), and nothing for an article the
// store has never held: the stored slugs are listed once, not each article
// looked up in a read transaction of its own.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import { runTranslation } from '../src/batch/index.js';
import { makeGlossary } from '../src/glossary/index.js';
import { openStoreOfRecord, type DatabaseStore } from '../src/store/index.js';
import { tempDir } from './support/cli.js';
import { FakeTranslator } from './support/fake-translator.js';

let dir: string;

beforeAll(async () => {
  dir = await tempDir('store-reads');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a batch reading the store of record', () => {
  it('looks up no article the store does not hold, and the earlier record of each one it replaces', async () => {
    const input = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    await mkdir(input, { recursive: true });
    const files = ['alep', 'idlib', 'homs'].map((name) => path.join(input, `${name}.txt`));
    for (const [index, file] of files.entries()) await writeFile(file, `Titre ${index}\n\nLa ville est calme depuis ${index + 2} jours.\n`);
    const store = await openStoreOfRecord({ outDir: out });
    const loaded: string[] = [];
    const counting = Object.assign(Object.create(store) as DatabaseStore, {
      load: (slug: string): Promise<Article | undefined> => {
        loaded.push(slug);
        return store.load(slug);
      },
    });
    const run = () => runTranslation(files.map((file) => ({ file })), { outDir: out, translator: new FakeTranslator(), glossary: makeGlossary([]), openStore: async () => counting });
    try {
      const cold = await run();
      expect(cold.written).toHaveLength(3);
      expect(loaded).toEqual([]);

      await writeFile(files[1]!, 'Titre 1\n\nLa ville est calme depuis trois jours.\n');
      const again = await run();
      expect(again.written.map((written) => written.slug)).toEqual(['idlib']);
      expect(loaded).toEqual(['idlib']);
    } finally {
      await store.close();
    }
  });
});
