// Opening the store of record: migrations applied on open and a newer schema
// refused (both engines), an output folder of the release bcab108 taken in
// with its review kept, a change made in another process heard, the LISTEN
// connection made again after a PostgreSQL restart, and clear errors for an
// unreachable server, a read-only store and a full disk.

import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import { openStoreOfRecord, parseStoredArticle, StoreOfRecordError, type DatabaseStore } from '../src/store/index.js';
import type { PostgresEngine } from '../src/store/database/postgres-engine.js';
import { foundingArticle } from './fixtures/render/articles.js';
import { repoRoot, tempDir } from './support/cli.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';
import { heard } from './support/store-of-record-contract.js';

const run = promisify(execFile);
const RELEASE = path.join(repoRoot, 'test/fixtures/release-bcab108');
const MIGRATIONS = ['0001_records', '0002_concordance', '0003_changes_and_manifest', '0004_accounts', '0005_assignments', '0006_team_terms', '0007_published_files', '0008_article_list', '0009_published_versions', '0010_activity'];

let server: TestPostgres;
let databases = 0;
const opened: DatabaseStore[] = [];

beforeAll(async () => {
  server = await startPostgres();
}, 300_000);
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close().catch(() => undefined)));
  await server?.stop();
});

async function kept(store: Promise<DatabaseStore>): Promise<DatabaseStore> {
  opened.push(await store);
  return opened.at(-1)!;
}

const engines = {
  sqlite: async (outDir: string) => ({ outDir }),
  postgres: async (outDir: string) => ({ outDir, db: await server.createDatabase(`open_${++databases}`) }),
};

const applied = async (store: DatabaseStore) => (await sql<{ name: string; timestamp: string }>`SELECT name, timestamp FROM store_migrations ORDER BY name`.execute(store.backend.db)).rows;

for (const [engine, where] of Object.entries(engines)) {
  describe(`store of record on ${engine}: migrations`, () => {
    it('creates the schema on a fresh open, and reopening changes nothing', async () => {
      const options = await where(await tempDir('migrate'));
      const store = await kept(openStoreOfRecord(options));
      const first = await applied(store);
      expect(first.map((row) => row.name)).toEqual(MIGRATIONS);
      await store.save(foundingArticle());
      await store.close();
      const again = await kept(openStoreOfRecord(options));
      expect(await applied(again)).toEqual(first);
      expect(await again.load(foundingArticle().slug)).toEqual(foundingArticle());
    });

    it('refuses a store a newer diptych migrated, naming the store and what to do', async () => {
      const options = await where(await tempDir('migrate'));
      const store = await kept(openStoreOfRecord(options));
      await sql`INSERT INTO store_migrations (name, timestamp) VALUES ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`.execute(store.backend.db);
      const location = store.location;
      await store.close();
      const refused = openStoreOfRecord(options);
      await expect(refused).rejects.toBeInstanceOf(StoreOfRecordError);
      await expect(refused).rejects.toMatchObject({ file: location, message: expect.stringMatching(/newer diptych.*9999_from_the_future/), hint: expect.stringMatching(/newer diptych/) });
    });
  });

  describe(`store of record on ${engine}: taking in an output folder of the release bcab108`, () => {
    it('imports every store with its ids, revisions, history, comments and provenance; reports a damaged one and leaves it', async () => {
      const outDir = await tempDir('take-in');
      const files = (await readdir(RELEASE)).filter((name) => name.endsWith('.json'));
      for (const name of files) await copyFile(path.join(RELEASE, name), path.join(outDir, name));
      await writeFile(path.join(outDir, 'broken.json'), '{"diptych":1,');
      await writeFile(path.join(outDir, 'report.json'), '{"rows":[]}');
      const store = await kept(openStoreOfRecord(await where(outDir)));
      expect(store.takenIn.imported.sort()).toEqual(files.map((name) => name.slice(0, -5)).sort());
      expect(store.takenIn.broken.map((entry) => entry.slug)).toEqual(['broken']);
      expect(await readFile(path.join(outDir, 'broken.json'), 'utf8')).toBe('{"diptych":1,');
      for (const name of files) {
        const original = await readFile(path.join(RELEASE, name), 'utf8');
        const slug = name.slice(0, -5);
        expect(await store.load(slug)).toEqual(parseStoredArticle(original, name));
        await store.publish(slug, { json: [] });
        expect(await readFile(path.join(outDir, name), 'utf8')).toBe(original);
      }
      // The review made on the release: an edit with a comment, then a correction, and an approval.
      const reviewed = (await store.load('wikinews-44290.fr'))!.blocks.flatMap((block) => block.segments);
      const edited = reviewed.find((segment) => (segment.comments ?? []).length > 0)!;
      expect(await store.history('wikinews-44290.fr', edited.id)).toMatchObject({
        revision: 2,
        versions: [expect.objectContaining({ origin: 'machine' }), expect.objectContaining({ origin: 'person', by: 'ana' }), expect.objectContaining({ target: '22 June 2012.', by: 'ana' })],
        comments: [{ author: 'ana', text: 'Checked against the French original.', at: expect.any(String) }],
      });
      expect(reviewed.some((segment) => segment.state === 'final')).toBe(true);
      expect(edited.provenance).toMatchObject({ edited: true, editor: 'ana' });
    });

    it('takes a folder in once when two processes open it at the same moment', async () => {
      const outDir = await tempDir('take-in');
      const files = (await readdir(RELEASE)).filter((name) => name.endsWith('.json'));
      for (const name of files) await copyFile(path.join(RELEASE, name), path.join(outDir, name));
      const options = await where(outDir);
      const [one, two] = await Promise.all([kept(openStoreOfRecord(options)), kept(openStoreOfRecord(options))]);
      const imported = [one.takenIn.imported, two.takenIn.imported].sort((a, b) => b.length - a.length);
      expect(imported).toEqual([expect.arrayContaining(files.map((name) => name.slice(0, -5))), []]);
      for (const name of files) expect(await one.stamp(name.slice(0, -5))).toBe('1');
    });

    it('takes a folder in only once: a later open never brings an old file back over the record', async () => {
      const outDir = await tempDir('take-in');
      await copyFile(path.join(RELEASE, 'wikinews-44355.fr.json'), path.join(outDir, 'wikinews-44355.fr.json'));
      const options = await where(outDir);
      const store = await kept(openStoreOfRecord(options));
      const article = (await store.load('wikinews-44355.fr'))!;
      article.blocks[0]!.segments[0]!.target = 'Newer English.';
      await store.save(article);
      await store.close();
      const again = await kept(openStoreOfRecord(options));
      expect(again.takenIn).toEqual({ imported: [], edited: [], broken: [] });
      expect((await again.load('wikinews-44355.fr'))!.blocks[0]!.segments[0]!.target).toBe('Newer English.');
    });
  });

  describe(`store of record on ${engine}: changes across processes`, () => {
    it('hears a save made by another process', async () => {
      const options = await where(await tempDir('cross-process'));
      const store = await kept(openStoreOfRecord(options));
      const article = foundingArticle();
      await store.save(article);
      const id = article.blocks[1]!.segments[0]!.id;
      const told = heard(store, (change) => change.kind === 'segments' && change.ids.includes(id));
      await saveInChild(options, article.slug, id);
      expect(await told).toEqual({ kind: 'segments', slug: article.slug, ids: [id] });
      expect((await store.load(article.slug))!.blocks[1]!.segments[0]!.target).toBe('From another process.');
    });
  });
}

/** In a child process (the built store): load the article, change one segment at its revision, save, close. */
async function saveInChild(options: { outDir: string; db?: string }, slug: string, id: string): Promise<void> {
  const script = `
    const { openStoreOfRecord } = await import(${JSON.stringify(path.join(repoRoot, 'dist/src/store/index.js'))});
    const store = await openStoreOfRecord(${JSON.stringify(options)});
    const article = await store.load(${JSON.stringify(slug)});
    const segment = article.blocks.flatMap((block) => block.segments).find((candidate) => candidate.id === ${JSON.stringify(id)});
    const read = segment.revision ?? 0;
    segment.target = 'From another process.';
    segment.revision = read + 1;
    await store.save(article, { expected: new Map([[segment.id, read]]) });
    await store.close();`;
  await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, DIPTYCH_DB: '' } });
}

describe('store of record on postgres: the server', () => {
  it('listens again after PostgreSQL restarts, and hears the next change', async () => {
    const options = await engines.postgres(await tempDir('restart'));
    const store = await kept(openStoreOfRecord(options));
    const other = await kept(openStoreOfRecord(options));
    const article = foundingArticle();
    await other.save(article);
    const again = once((store.backend as PostgresEngine).events, 'listening');
    await server.restart();
    await again;
    const told = heard(store, (change) => change.kind === 'segments');
    article.blocks[1]!.segments[0]!.target = 'After the restart.';
    await other.save(article);
    expect(await told).toMatchObject({ kind: 'segments', slug: article.slug });
  });

  it('names an unreachable server by its address, never its password', async () => {
    const port = await closedPort();
    const refused = openStoreOfRecord({ outDir: await tempDir('unreachable'), db: `postgres://diptych:very-secret-word@127.0.0.1:${port}/store` });
    await expect(refused).rejects.toBeInstanceOf(StoreOfRecordError);
    const error = (await refused.catch((caught: unknown) => caught)) as StoreOfRecordError;
    expect(`${error.message} ${error.file} ${error.hint}`).not.toContain('very-secret-word');
    expect(error.file).toBe(`postgres://diptych:***@127.0.0.1:${port}/store`);
    expect(error.message).toMatch(/cannot be reached/);
  });
});

it('refuses an address of another database, naming it without its password', async () => {
  const refused = openStoreOfRecord({ outDir: await tempDir('other-database'), db: 'mysql://root:very-secret-word@127.0.0.1/store' });
  await expect(refused).rejects.toMatchObject({ name: 'StoreOfRecordError', file: 'mysql://root:***@127.0.0.1/store', hint: expect.stringMatching(/postgres:\/\//) });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// A small tmpfs gives a real read-only disk and a real full one (mount needs root, which these tests run as).
describe.runIf(process.getuid?.() === 0)('store of record on sqlite: a read-only or full disk', () => {
  let disk: string;
  beforeAll(async () => {
    disk = await tempDir('small-disk');
    await run('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk]);
  });
  afterAll(async () => {
    await run('umount', [disk]).catch(() => undefined);
    await rm(disk, { recursive: true, force: true });
  });

  it('names the store file and says what to do when the disk is read-only, and loses nothing', async () => {
    const outDir = path.join(disk, 'read-only');
    await mkdir(outDir);
    const store = await openStoreOfRecord({ outDir });
    await store.save(foundingArticle());
    await store.close();
    await run('mount', ['-o', 'remount,ro', disk]);
    try {
      const refused = openStoreOfRecord({ outDir });
      await expect(refused).rejects.toBeInstanceOf(StoreOfRecordError);
      await expect(refused).rejects.toMatchObject({ file: path.join(outDir, '.diptych', 'store.sqlite'), message: expect.stringMatching(/read-only/), hint: expect.stringMatching(/writable/) });
    } finally {
      await run('mount', ['-o', 'remount,rw', disk]);
    }
    const again = await openStoreOfRecord({ outDir });
    expect(await again.load(foundingArticle().slug)).toEqual(foundingArticle());
    await again.close();
  });

  it('names the store file when the disk fills, and keeps every save acknowledged before', async () => {
    const outDir = path.join(disk, 'full');
    await mkdir(outDir);
    const store = await openStoreOfRecord({ outDir });
    await store.save(foundingArticle());
    await fill(path.join(disk, 'filler'));
    const big = bigArticle();
    await expect(store.save(big)).rejects.toMatchObject({ name: 'StoreOfRecordError', file: path.join(outDir, '.diptych', 'store.sqlite'), message: expect.stringMatching(/disk is full/) });
    await rm(path.join(disk, 'filler'));
    await store.close();
    const again = await openStoreOfRecord({ outDir });
    expect(await again.load(foundingArticle().slug)).toEqual(foundingArticle());
    expect(await again.load(big.slug)).toBeUndefined();
    await again.close();
  });
});

/** Write zeros until the disk is full. */
async function fill(file: string): Promise<void> {
  await run('sh', ['-c', `dd if=/dev/zero of=${file} bs=64k 2>/dev/null; true`]);
}

/** An article far larger than what is left on a full disk. */
function bigArticle(): Article {
  const article = foundingArticle();
  article.slug = 'big';
  const block = article.blocks[1]!;
  article.blocks = Array.from({ length: 400 }, (_, n) => ({ ...structuredClone(block), segments: block.segments.map((segment) => ({ ...segment, id: `${segment.id}-${n}`, source: `${segment.source} ${'x'.repeat(500)} ${n}` })) }));
  return article;
}
