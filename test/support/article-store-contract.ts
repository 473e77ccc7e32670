// What every ArticleStore must do, as a suite any implementation runs: today
// the output folder's files (test/store-contract.test.ts), later a database
// behind the same interface. `open` gives a fresh, empty store each time.

import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/types.js';
import { RevisionConflictError, type ArticleStore } from '../../src/store/index.js';
import { foundingArticle } from '../fixtures/render/articles.js';

const segments = (article: Article) => article.blocks.flatMap((block) => block.segments);

function sample(slug: string): Article {
  const article = foundingArticle();
  article.slug = slug;
  return article;
}

export function articleStoreContract(name: string, open: () => Promise<ArticleStore>): void {
  describe(`ArticleStore contract: ${name}`, () => {
    it('lists nothing, loads nothing, when empty', async () => {
      const store = await open();
      expect(await store.list()).toEqual([]);
      expect(await store.load('absent')).toBeUndefined();
      expect(await store.loadAll()).toEqual({ articles: [], broken: [] });
      expect(await store.history('absent', 's1')).toBeUndefined();
    });

    it('lists saved articles sorted, and loads each as it was saved', async () => {
      const store = await open();
      await store.save(sample('b-article'));
      await store.save(sample('a-article'));
      expect(await store.list()).toEqual(['a-article', 'b-article']);
      expect(await store.load('b-article')).toEqual(sample('b-article'));
      const all = await store.loadAll();
      expect(all.articles.map((entry) => entry.slug)).toEqual(['a-article', 'b-article']);
      expect(all.broken).toEqual([]);
    });

    it('saves when the segments are at the revisions the caller read', async () => {
      const store = await open();
      const article = sample('a');
      await store.save(article);
      const first = segments(article)[0]!;
      const read = new Map([[first.id, first.revision ?? 0]]);
      first.target = 'A person’s English.';
      first.revision = (first.revision ?? 0) + 1;
      await store.save(article, { expected: read });
      expect(segments((await store.load('a'))!)[0]!.target).toBe('A person’s English.');
    });

    it('refuses a save whose segments moved on since they were read, and keeps the stored text', async () => {
      const store = await open();
      const article = sample('a');
      await store.save(article);
      const id = segments(article)[0]!.id;
      const mine = structuredClone(article);
      const theirs = structuredClone(article);
      // Someone else saves revision 1 first.
      segments(theirs)[0]!.target = 'Their English.';
      segments(theirs)[0]!.revision = 1;
      await store.save(theirs, { expected: new Map([[id, 0]]) });
      // My change was made on revision 0 too.
      segments(mine)[0]!.target = 'My English.';
      segments(mine)[0]!.revision = 1;
      const refused = store.save(mine, { expected: new Map([[id, 0]]) });
      await expect(refused).rejects.toBeInstanceOf(RevisionConflictError);
      await expect(refused).rejects.toMatchObject({ slug: 'a', conflicts: [{ id, expected: 0, stored: 1 }] });
      expect(segments((await store.load('a'))!)[0]!.target).toBe('Their English.');
    });

    it('reads a segment’s history and comments as records', async () => {
      const store = await open();
      const article = sample('a');
      const segment = segments(article)[0]!;
      segment.revision = 2;
      segment.history = [
        { target: 'Machine English.', origin: 'machine', by: 'apertium', at: '2026-01-01T00:00:00.000Z', state: 'translated', revision: 0 },
        { target: 'Person English.', origin: 'person', by: 'ana', at: '2026-01-02T00:00:00.000Z', state: 'reviewed', revision: 1 },
      ];
      segment.comments = [{ author: 'ana', at: '2026-01-02T00:00:00.000Z', text: 'Check the name.' }];
      await store.save(article);
      expect(await store.history('a', segment.id)).toEqual({ revision: 2, versions: segment.history, comments: segment.comments });
      expect(await store.history('a', 'no-such-segment')).toBeUndefined();
    });

    it('publishes the reading files apart from the record, all of them or none', async () => {
      const store = await open();
      await store.save(sample('a'));
      const files = await store.publish('a', { md: ['# A\n'], html: ['<p>A</p>\n'] });
      expect(Object.keys(files).sort()).toEqual(['html', 'md']);
      const failing = function* (): Generator<string> {
        yield '<p>half';
        throw new Error('rendering failed');
      };
      await expect(store.publish('a', { md: ['# B\n'], html: failing() })).rejects.toThrow('rendering failed');
      // The record is untouched by publishing.
      expect(await store.load('a')).toEqual(sample('a'));
    });

    it('commits an article: records it and publishes its JSON with the pages, refusing segments that moved on', async () => {
      const store = await open();
      const article = sample('a');
      const files = await store.commit(article, { md: ['# A\n'], html: ['<p>A</p>\n'] });
      expect(Object.keys(files).sort()).toEqual(['html', 'json', 'md']);
      expect(await store.load('a')).toEqual(article);
      const id = segments(article)[0]!.id;
      const theirs = structuredClone(article);
      segments(theirs)[0]!.target = 'Their English.';
      segments(theirs)[0]!.revision = 1;
      await store.save(theirs, { expected: new Map([[id, 0]]) });
      const mine = structuredClone(article);
      segments(mine)[0]!.target = 'A batch’s English.';
      await expect(store.commit(mine, { md: ['# B\n'] }, { expected: new Map([[id, 0]]) })).rejects.toBeInstanceOf(RevisionConflictError);
      expect(segments((await store.load('a'))!)[0]!.target).toBe('Their English.');
    });

    it('holds one writer at a time', async () => {
      const store = await open();
      const release = await store.lock();
      await release();
      const again = await store.lock();
      await again();
    });
  });
}
