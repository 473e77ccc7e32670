// The store of record on both engines: the ArticleStore contract and the
// store-of-record contract (stamp, changes, presence, search) on SQLite and
// on a throwaway PostgreSQL cluster (test/support/postgres.ts), then what is
// the database's own: exact round trips, writes of only what changed, the
// run manifest, and the published JSON byte for byte the folder store's.

import { open as openFile, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Article, Segment } from '../src/core/types.js';
import { FolderStore, openStoreOfRecord, type DatabaseStore } from '../src/store/index.js';
import { foundingArticle } from './fixtures/render/articles.js';
import { articleStoreContract } from './support/article-store-contract.js';
import { tempDir } from './support/cli.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';
import { storeOfRecordContract } from './support/store-of-record-contract.js';

let server: TestPostgres;
let databases = 0;
const opened: DatabaseStore[] = [];

beforeAll(async () => {
  server = await startPostgres();
}, 300_000);
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await server?.stop();
});

async function kept(store: Promise<DatabaseStore>): Promise<DatabaseStore> {
  opened.push(await store);
  return opened.at(-1)!;
}

const engines = {
  sqlite: async () => {
    const outDir = await tempDir('store-sqlite');
    return { outDir, open: () => kept(openStoreOfRecord({ outDir })) };
  },
  postgres: async () => {
    const outDir = await tempDir('store-postgres');
    const db = await server.createDatabase(`store_${++databases}`);
    return { outDir, open: () => kept(openStoreOfRecord({ outDir, db })) };
  },
};

for (const [engine, place] of Object.entries(engines)) {
  articleStoreContract(`DatabaseStore (${engine})`, async () => (await place()).open());
  storeOfRecordContract(`DatabaseStore (${engine})`, async () => {
    const { open } = await place();
    return { store: await open(), another: open };
  });

  describe(`DatabaseStore (${engine})`, () => {
    it('loads an article exactly as saved, and publishes its JSON byte for byte as the folder store writes it', async () => {
      const { outDir, open } = await place();
      const store = await open();
      const article = foundingArticle();
      const first = article.blocks[1]!.segments[0]!;
      first.revision = 2;
      first.history = [{ target: 'Machine.', origin: 'machine', by: 'apertium', at: '2026-01-01T00:00:00.000Z', state: 'translated', revision: 0 }];
      first.comments = [{ author: 'ana', at: '2026-01-02T00:00:00.000Z', text: 'Vérifier le nom.' }];
      await store.save(article);
      expect(await store.load(article.slug)).toEqual(article);
      const folder = new FolderStore(await tempDir('folder'));
      await folder.save(article);
      await store.publish(article.slug, { json: ['ignored: the record is published'] });
      expect(await readFile(path.join(outDir, `${article.slug}.json`), 'utf8')).toBe(await readFile(folder.placeOf(article.slug), 'utf8'));
    });

    it('writes only the changed segment of a long article', async () => {
      const { open } = await place();
      const store = await open();
      const article = longArticle(500);
      await store.save(article);
      const segment = article.blocks[250]!.segments[0]!;
      segment.target = 'Edited.';
      segment.revision = 1;
      const rowsBefore = await rowDigests(store, article.slug);
      await store.save(article, { expected: new Map([[segment.id, 0]]) });
      const rowsAfter = await rowDigests(store, article.slug);
      const rewritten = [...rowsAfter].filter(([key, digest]) => rowsBefore.get(key) !== digest);
      expect(rewritten.map(([key]) => key)).toEqual([`${segment.id}`]);
      expect(await store.load(article.slug)).toEqual(article);
    });

    it('writes only the segments a save names as changed, still refusing one that moved on', async () => {
      const { open } = await place();
      const store = await open();
      const article = longArticle(500);
      await store.save(article);
      const revisions = new Map(article.blocks.flatMap((block) => block.segments).map((segment) => [segment.id, segment.revision ?? 0]));
      // Another writer's text for segment 10, which this caller's copy does not hold.
      const theirs = structuredClone(article);
      Object.assign(theirs.blocks[10]!.segments[0]!, { target: 'Theirs.', revision: 1 });
      await store.save(theirs, { expected: new Map([[theirs.blocks[10]!.segments[0]!.id, 0]]) });
      const mine = structuredClone(article);
      const edited = mine.blocks[250]!.segments[0]!;
      Object.assign(edited, { target: 'Mine.', revision: 1 });
      const told: string[][] = [];
      const stop = store.changes((change) => {
        if (change.kind === 'segments') told.push(change.ids);
      });
      // Expecting every segment as read: refused, segment 10 moved on.
      await expect(store.save(mine, { expected: revisions, changed: new Set([edited.id]) })).rejects.toThrow(/segments changed since they were read/);
      // Expecting only the one changed: written alone, segment 10 kept as the other writer left it.
      await store.save(mine, { expected: new Map([[edited.id, 0]]), changed: new Set([edited.id]) });
      const stored = (await store.load(article.slug))!;
      expect(stored.blocks[250]!.segments[0]).toEqual(edited);
      expect(stored.blocks[10]!.segments[0]!.target).toBe('Theirs.');
      await expect.poll(() => told.at(-1)).toEqual([edited.id]);
      stop();
    });

    it('checks every segment read when the article has moved on from the stamp it was read at, and none while it has not', async () => {
      const { open } = await place();
      const store = await open();
      const article = longArticle(500);
      const readAt = await store.save(article);
      const revisions = new Map(article.blocks.flatMap((block) => block.segments).map((segment) => [segment.id, segment.revision ?? 0]));
      const mine = structuredClone(article);
      const edited = mine.blocks[250]!.segments[0]!;
      Object.assign(edited, { target: 'Mine.', revision: 1 });
      // Another writer's text for segment 10 since this copy was read: the stamp moved, so it is checked and refuses the save.
      const theirs = structuredClone(article);
      Object.assign(theirs.blocks[10]!.segments[0]!, { target: 'Theirs.', revision: 1 });
      const after = await store.save(theirs, { expected: new Map([[theirs.blocks[10]!.segments[0]!.id, 0]]) });
      await expect(store.save(mine, { expected: revisions, changed: new Set([edited.id]), readAt })).rejects.toThrow(/segments changed since they were read/);
      // Read again at the new stamp: written, with the other writer's text kept.
      const again = (await store.load(article.slug))!;
      Object.assign(again.blocks[250]!.segments[0]!, { target: 'Mine.', revision: 1 });
      const reread = new Map(again.blocks.flatMap((block) => block.segments).map((segment) => [segment.id, segment.revision ?? 0]));
      reread.set(edited.id, 0);
      await store.save(again, { expected: reread, changed: new Set([edited.id]), readAt: after });
      const stored = (await store.load(article.slug))!;
      expect(stored.blocks[250]!.segments[0]!.target).toBe('Mine.');
      expect(stored.blocks[10]!.segments[0]!.target).toBe('Theirs.');
    });

    it('takes the changed segments\' histories from the article as read while the record is at its stamp; once it has moved, refuses a copy the record does not hold', async () => {
      const { open } = await place();
      const store = await open();
      const article = longArticle(40);
      const long = article.blocks[5]!.segments[0]!;
      long.history = Array.from({ length: 30 }, (_, n) => ({ target: `Version ${n}.`, origin: 'person' as const, by: 'ana', at: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`, state: 'reviewed' as const, revision: n }));
      long.comments = [{ author: 'ana', at: '2026-01-01T00:01:00.000Z', text: 'Premier.' }];
      long.revision = 30;
      const readAt = await store.save(article);
      const edit = (from: Article, history: (old: NonNullable<Segment['history']>) => NonNullable<Segment['history']>): Article => {
        const next = structuredClone(from);
        const segment = next.blocks[5]!.segments[0]!;
        segment.history = history(segment.history!);
        segment.target = segment.history.at(-1)!.target;
        segment.revision = (segment.revision ?? 0) + 1;
        segment.comments = [...segment.comments!, { author: 'bo', at: '2026-01-02T00:00:00.000Z', text: `Après ${segment.revision}.` }];
        return next;
      };
      const expected = (of: Article) => new Map([[of.blocks[5]!.segments[0]!.id, of.blocks[5]!.segments[0]!.revision ?? 0]]);
      const changed = new Set([long.id]);
      // Unmoved: one more version, and an older one rewritten in the middle (the copy as read says what is stored).
      const grown = edit(article, (old) => [...old.slice(0, 10), { ...old[10]!, state: 'final' }, ...old.slice(11), { ...old[29]!, target: 'Version 30.', revision: 31 }]);
      const after = await store.save(grown, { expected: expected(article), changed, readAt, read: article });
      expect(await store.load(article.slug)).toEqual(grown);
      // Another segment changed by another writer: the record moved on. A copy "as read" that is not what the
      // record holds for the segment saved (here it claims the new version and comment are stored already) is
      // refused, revision or not; the copy the record does hold is saved, every history entry where it belongs.
      const other = structuredClone(grown);
      Object.assign(other.blocks[9]!.segments[0]!, { target: 'Theirs.', revision: 1 });
      await store.save(other, { expected: new Map([[other.blocks[9]!.segments[0]!.id, 0]]) });
      const mine = edit(grown, (old) => [...old, { ...old.at(-1)!, target: 'Version 31.', revision: 32 }]);
      const stale = structuredClone(grown);
      stale.blocks[5]!.segments[0]!.history = structuredClone(mine.blocks[5]!.segments[0]!.history);
      stale.blocks[5]!.segments[0]!.comments = structuredClone(mine.blocks[5]!.segments[0]!.comments);
      await expect(store.save(mine, { expected: expected(grown), changed, readAt: after, read: stale })).rejects.toThrow(/segments changed since they were read: p5/);
      await store.save(mine, { expected: expected(grown), changed, readAt: after, read: grown });
      const stored = (await store.load(article.slug))!;
      expect(stored.blocks[5]!.segments[0]).toEqual(mine.blocks[5]!.segments[0]);
      expect(stored.blocks[9]!.segments[0]!.target).toBe('Theirs.');
    });

    it('saves an article with more rows than one statement may bind, and changes it again', async () => {
      // 8,000 blocks of one segment with a version each: some 130,000 bound values, past PostgreSQL's 65,535 in one statement.
      const { open } = await place();
      const store = await open();
      const article = longArticle(8_000);
      for (const block of article.blocks) block.segments[0]!.history = [{ target: block.segments[0]!.target!, origin: 'machine', by: 'apertium', at: '2026-01-01T00:00:00.000Z', state: 'translated', revision: 0 }];
      await store.save(article);
      expect(await store.load(article.slug)).toEqual(article);
      for (const block of article.blocks.slice(0, 7_000)) Object.assign(block.segments[0]!, { target: `${block.segments[0]!.target} Again.`, revision: 1 });
      await store.save(article);
      expect(await store.load(article.slug)).toEqual(article);
    });

    it('saves the whole article when a segment named as changed is no longer where it was read', async () => {
      const { open } = await place();
      const store = await open();
      const article = longArticle(20);
      await store.save(article);
      // The caller's copy has a segment more in the first block: the named one sits one place further on.
      const grown = structuredClone(article);
      const added = { ...structuredClone(grown.blocks[1]!.segments[0]!), id: 'added', target: 'Added.' };
      grown.blocks[1]!.segments.unshift(added);
      await store.save(grown, { changed: new Set([grown.blocks[1]!.segments[1]!.id]) });
      expect(await store.load(article.slug)).toEqual(grown);
    });

    if (engine === 'sqlite') {
      it('resolves a save only once its commit is synced to disk (the WAL fdatasynced off the event loop)', async () => {
        const { open } = await place();
        const store = await open();
        const article = foundingArticle();
        await store.save(article);
        const probe = await openFile(store.location, 'r');
        const prototype = Object.getPrototypeOf(probe) as FileHandle;
        await probe.close();
        const datasync = prototype.datasync;
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const synced: string[] = [];
        const syncs = vi.spyOn(prototype, 'datasync').mockImplementation(function (this: FileHandle) {
          return held.then(() => datasync.call(this)).then(() => void synced.push('synced'));
        });
        try {
          const segment = article.blocks[1]!.segments[0]!;
          Object.assign(segment, { target: 'Synced first.', revision: (segment.revision ?? 0) + 1 });
          let saved = false;
          const saving = store.save(article).then(() => (saved = true));
          // The commit's sync is held: the save is not acknowledged yet.
          await expect.poll(() => syncs.mock.calls.length).toBeGreaterThan(0);
          expect(saved).toBe(false);
          release();
          await saving;
          expect(synced.length).toBeGreaterThan(0);
        } finally {
          syncs.mockRestore();
        }
        expect((await store.load(article.slug))!.blocks[1]!.segments[0]!.target).toBe('Synced first.');
      });
    }

    it('saves many articles in one transaction, each as a save writes it, told as whole articles', async () => {
      const { open } = await place();
      const store = await open();
      const articles = ['c', 'a', 'b'].map((slug) => Object.assign(foundingArticle(), { slug }));
      const told: string[] = [];
      const stop = store.changes((change) => {
        if (change.kind === 'article') told.push(change.slug);
      });
      await store.saveAll(articles);
      for (const article of articles) expect(await store.load(article.slug)).toEqual(article);
      expect((await store.listPage()).articles.map((summary) => summary.slug)).toEqual(['a', 'b', 'c']);
      await expect.poll(() => [...told].sort()).toEqual(['a', 'b', 'c']);
      stop();
    });

    it('reads the others of several articles when one record is damaged, and names that one', async () => {
      const { open } = await place();
      const store = await open();
      for (const slug of ['a', 'b']) await store.save(Object.assign(foundingArticle(), { slug }));
      await store.backend.db.updateTable('articles').set({ fields: '{not json' }).where('slug', '=', 'a').execute();
      const read = await store.loadMany(['a', 'b']);
      expect(read.get('a')).toMatchObject({ stamp: await store.stamp('a'), error: expect.objectContaining({ message: expect.stringMatching(/damaged/) }) });
      expect(read.get('b')!.article).toEqual(await store.load('b'));
    });

    it("writes a changed segment's history from its first changed entry: a new version is one row, older rows stay", async () => {
      const { open } = await place();
      const store = await open();
      const article = longArticle(5);
      const segment = article.blocks[2]!.segments[0]!;
      const version = (n: number, target: string) => ({ target, origin: 'person' as const, by: 'ana', at: `2026-01-0${n + 1}T00:00:00.000Z`, state: 'reviewed' as const, revision: n });
      segment.history = [version(0, 'Zero.'), version(1, 'One.'), version(2, 'Two.')];
      await store.save(article);
      // Rows after these (SQLite gives a new row the largest rowid + 1: a rewritten row must not get its old one back).
      await store.save({ ...structuredClone(article), slug: 'after' });
      // The stored row's own identity: SQLite's rowid, PostgreSQL's inserting transaction.
      const identity = engine === 'sqlite' ? sql<string>`rowid` : sql<string>`xmin::text`;
      const rows = async () => (await store.backend.db.selectFrom('segment_versions').select(['n', identity.as('row')]).where('slug', '=', 'long').orderBy('n').execute()).map((row) => `${row.n}:${row.row}`);
      const first = await rows();
      segment.history = [...segment.history, version(3, 'Three.')];
      await store.save(article);
      const appended = await rows();
      expect(appended.slice(0, 3)).toEqual(first);
      expect(appended).toHaveLength(4);
      segment.history = [segment.history[0]!, version(1, 'One, restored.'), version(2, 'Two.')];
      await store.save(article);
      const changed = await rows();
      expect(changed[0]).toBe(first[0]);
      expect(changed.slice(1)).not.toContain(appended[1]);
      expect(changed).toHaveLength(3);
      expect(await store.load('long')).toEqual(article);
      segment.history = [];
      await store.save(article);
      expect(await rows()).toEqual([]);
      expect(await store.load('long')).toEqual(article);
    });

    it('keeps the run manifest: its settings and each article’s entry', async () => {
      const { open } = await place();
      const store = await open();
      const listing = { title: 'T', sourceLang: 'fr', targetLang: 'en', segments: 1, translated: 1, findings: 0 };
      const entry = (file: string) => ({ file, sourceHash: 'h', runKey: 'k', store: { size: 1, mtimeMs: 2, ino: 3 }, sources: ['s'], listing });
      await store.saveManifest({ glossary: { fingerprint: 'f', version: 'v' }, articles: new Map([['a', entry('a.txt')], ['b', entry('b.txt')]]) });
      await store.saveManifest({ articles: new Map([['b', entry('b2.txt')]]) }, ['b']);
      const manifest = await store.loadManifest();
      expect(manifest.glossary).toEqual({ fingerprint: 'f', version: 'v' });
      expect([...manifest.articles]).toEqual([['a', entry('a.txt')], ['b', entry('b2.txt')]]);
    });
  });
}

/** An article of `count` one-segment paragraphs. */
function longArticle(count: number): Article {
  const article = foundingArticle();
  const template = article.blocks[1]!;
  article.slug = 'long';
  article.blocks = Array.from({ length: count }, (_, n) => ({
    ...structuredClone(template),
    segments: [{ ...structuredClone(template.segments[0]!), id: `p${n}`, source: `Phrase numéro ${n}.`, target: `Sentence number ${n}.` }],
  }));
  return article;
}

/** Each segment row's digest, by segment id: what a save rewrote shows as a new digest. */
async function rowDigests(store: DatabaseStore, slug: string): Promise<Map<string, string>> {
  const rows = await store.backend.db.selectFrom('segments').select(['id', 'digest', 'row_id']).where('slug', '=', slug).execute();
  return new Map(rows.map((row) => [row.id, `${row.digest}:${row.row_id}`]));
}
