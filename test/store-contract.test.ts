// The output folder as an ArticleStore, held to the contract every store
// implementation runs (test/support/article-store-contract.ts), plus what is
// the folder's own: its files and the published pages beside the record.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderStore } from '../src/store/index.js';
import { foundingArticle } from './fixtures/render/articles.js';
import { articleStoreContract } from './support/article-store-contract.js';
import { tempDir } from './support/cli.js';

articleStoreContract('FolderStore', async () => new FolderStore(await tempDir('store-contract')));

describe('FolderStore', () => {
  it('keeps each article as <slug>.json, and publishes pages beside it, leaving earlier pages whole when a render fails', async () => {
    const dir = await tempDir('folder-store');
    const store = new FolderStore(dir);
    await store.save(foundingArticle());
    const slug = foundingArticle().slug;
    expect(store.placeOf(slug)).toBe(path.join(dir, `${slug}.json`));
    await store.publish(slug, { md: ['# A\n'], html: ['<p>A</p>\n'] });
    const failing = function* (): Generator<string> {
      yield 'half';
      throw new Error('rendering failed');
    };
    await expect(store.publish(slug, { md: ['# B\n'], html: failing() })).rejects.toThrow();
    expect(await readFile(path.join(dir, `${slug}.md`), 'utf8')).toBe('# A\n');
  });

  it('names a damaged store in loadAll and still loads the others; other JSON is no article', async () => {
    const dir = await tempDir('folder-store');
    const store = new FolderStore(dir);
    await store.save(foundingArticle());
    await writeFile(path.join(dir, 'broken.json'), '{"diptych":1,');
    await writeFile(path.join(dir, 'report.json'), '{"rows":[]}');
    const all = await store.loadAll();
    expect(all.articles.map((entry) => entry.slug)).toEqual([foundingArticle().slug]);
    expect(all.broken.map((entry) => entry.slug)).toEqual(['broken']);
  });
});
