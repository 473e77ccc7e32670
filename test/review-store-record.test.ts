// The review store on a store of record another process writes too: a save
// by someone else that lands between this server's read and its write is
// never written over — the store refuses the write, the server reads the
// article again and applies its change to it (a change to another segment
// lands beside theirs; a change to the same segment is a 409 carrying theirs).
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import type { ReviewSession } from '../src/review/index.js';
import { openStoreOfRecord, type DatabaseStore, type SaveOptions } from '../src/store/index.js';
import { frenchArticle, makeOutput, openReviewOn, segmentsOf, type Output } from './support/review.js';

let output: Output;
let store: DatabaseStore;
let other: DatabaseStore;
let session: ReviewSession;
const SLUG = 'idlib';
/** Reads of the record by this server's store. */
let loads = 0;
/** Run once just before this server's next save reaches the store: another process's write. */
let before: (() => Promise<void>) | undefined;

beforeAll(async () => {
  output = await makeOutput({ [SLUG]: frenchArticle('Idlib sous les bombes', 10) });
  store = await openStoreOfRecord({ outDir: output.out });
  other = await openStoreOfRecord({ outDir: output.out });
  const save = store.save.bind(store);
  store.save = async (article: Article, options?: SaveOptions) => {
    const meanwhile = before;
    before = undefined;
    await meanwhile?.();
    return save(article, options);
  };
  const load = store.load.bind(store);
  store.load = async (slug: string) => {
    loads++;
    return load(slug);
  };
  session = await openReviewOn(output.out, { store });
});

afterAll(async () => {
  await session?.close();
  await store?.close();
  await other?.close();
  if (output) await rm(output.dir, { recursive: true, force: true });
});

/** Another process changes one segment's English (a new revision), as a batch or another server would. */
function otherSaves(id: string, target: string): () => Promise<void> {
  return async () => {
    const article = (await other.load(SLUG))!;
    const segment = segmentsOf(article).find((candidate) => candidate.id === id)!;
    const revision = segment.revision ?? 0;
    Object.assign(segment, { target, revision: revision + 1 });
    await other.save(article, { expected: new Map([[id, revision]]) });
  };
}

const record = async (id: string) => segmentsOf((await other.load(SLUG))!).find((segment) => segment.id === id)!;

describe("a save that meets another process's save", () => {
  it('keeps their change to another segment, and lands beside it', async () => {
    const [, theirs, mine] = segmentsOf(await session.store.article(SLUG));
    before = otherSaves(theirs!.id, 'Theirs, saved meanwhile.');
    const result = await session.store.patch(SLUG, mine!.id, { revision: mine!.revision ?? 0, target: 'Mine.' }, 'ana');
    expect(result.status).toBe(200);
    expect((await record(theirs!.id)).target).toBe('Theirs, saved meanwhile.');
    expect((await record(mine!.id)).target).toBe('Mine.');
  });

  it('answers 409 with their segment when they changed the same one', async () => {
    const segment = segmentsOf(await session.store.article(SLUG))[4]!;
    before = otherSaves(segment.id, 'Theirs first.');
    const result = await session.store.patch(SLUG, segment.id, { revision: segment.revision ?? 0, target: 'Mine second.' }, 'ana');
    expect(result).toMatchObject({ status: 409, segment: { id: segment.id, target: 'Theirs first.' } });
    expect((await record(segment.id)).target).toBe('Theirs first.');
  });
});

describe('a save on the article this server kept, after another process changed it', () => {
  // The server keeps the article it last read or saved, and saves on it without asking the store for its stamp
  // first: these are the cases where that copy is behind the record.
  it('saves a change made on their new revision (the page had it live): no 409 from the copy kept', async () => {
    const segment = segmentsOf(await session.store.article(SLUG))[6]!;
    await otherSaves(segment.id, 'Theirs, seen live.')();
    const result = await session.store.patch(SLUG, segment.id, { revision: (segment.revision ?? 0) + 1, target: 'Mine, on theirs.' }, 'ana');
    expect(result.status).toBe(200);
    expect((await record(segment.id)).target).toBe('Mine, on theirs.');
  });

  it('never writes the copy kept over a change they made without a new revision', async () => {
    const segment = segmentsOf(await session.store.article(SLUG))[7]!;
    const article = (await other.load(SLUG))!;
    Object.assign(segmentsOf(article).find((candidate) => candidate.id === segment.id)!, { target: 'Theirs, same revision.' });
    await other.save(article);
    const result = await session.store.patch(SLUG, segment.id, { revision: segment.revision ?? 0, state: 'reviewed' }, 'ana');
    expect(result.status).toBe(200);
    expect(await record(segment.id)).toMatchObject({ target: 'Theirs, same revision.', state: 'reviewed' });
  });
});

describe('a group that arrives while the last one is being saved', () => {
  it('is applied again when that save was refused, and never keeps the refused change', async () => {
    const segments = segmentsOf(await session.store.article(SLUG));
    const [x, y] = [segments[8]!, segments[9]!];
    let second: Promise<unknown> | undefined;
    // While the first group's save is on its way (another process's change to the same segment gets in first),
    // the second change arrives: it is applied ahead, on the article the first save would leave.
    before = async () => {
      second = session.store.patch(SLUG, y.id, { revision: y.revision ?? 0, target: 'Second, meanwhile.' }, 'bo');
      await otherSaves(x.id, 'Theirs, before the first.')();
    };
    const first = await session.store.patch(SLUG, x.id, { revision: x.revision ?? 0, target: 'First, refused.' }, 'ana');
    expect(first).toMatchObject({ status: 409, segment: { target: 'Theirs, before the first.' } });
    expect(await second).toMatchObject({ status: 200, segment: { target: 'Second, meanwhile.' } });
    for (const read of [await session.store.article(SLUG), (await other.load(SLUG))!]) {
      const now = segmentsOf(read);
      expect(now.find((segment) => segment.id === x.id)!.target).toBe('Theirs, before the first.');
      expect(now.find((segment) => segment.id === y.id)!.target).toBe('Second, meanwhile.');
    }
  });
});

describe('the article a save wrote', () => {
  it('is kept as the record under the stamp that save gave it: not read back, until another process saves', async () => {
    const [, mine, theirs] = segmentsOf(await session.store.article(SLUG));
    await session.store.patch(SLUG, mine!.id, { revision: mine!.revision ?? 0, target: 'Kept, not read back.' }, 'ana');
    const counted = loads;
    const kept = segmentsOf(await session.store.article(SLUG)).find((segment) => segment.id === mine!.id)!;
    expect(kept.target).toBe('Kept, not read back.');
    expect(loads).toBe(counted);
    await otherSaves(theirs!.id, 'Theirs, after mine.')();
    const read = segmentsOf(await session.store.article(SLUG));
    expect(loads).toBe(counted + 1);
    expect(read.find((segment) => segment.id === theirs!.id)!.target).toBe('Theirs, after mine.');
    expect(read.find((segment) => segment.id === mine!.id)!.target).toBe('Kept, not read back.');
  });

  it('is read once for requests that ask for it together', async () => {
    const third = segmentsOf(await session.store.article(SLUG))[3]!;
    await otherSaves(third.id, 'Theirs again.')();
    const counted = loads;
    const read = await Promise.all(Array.from({ length: 10 }, () => session.store.article(SLUG)));
    expect(loads).toBe(counted + 1);
    expect(new Set(read).size).toBe(1);
  });
});
