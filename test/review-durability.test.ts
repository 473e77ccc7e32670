// `diptych review` as a user runs it (the built CLI in a child process):
// kill -9 in the middle of saves leaves a store of record holding every
// acknowledged edit and valid published files, and the review holds no
// folder-wide lock: a batch runs beside it, and it starts beside a batch.
import { spawn, type ChildProcess } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import { loadArticle, openStoreOfRecord, TranslationMemory } from '../src/store/index.js';
import { serveReview, type ServedReview } from './support/review-process.js';
import { frenchArticle, makeOutput, PrefixTranslator, readStore, retranslate, segmentsOf, TOKEN, type Output } from './support/review.js';

const started: ChildProcess[] = [];
const outputs: Output[] = [];

afterEach(async () => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const output of outputs.splice(0)) await rm(output.dir, { recursive: true, force: true });
});

/** `diptych review <out> --port 0`, killed after the test if it still runs. */
async function serve(output: Output, extra: string[] = []): Promise<ServedReview> {
  const served = await serveReview(output.out, extra, { cwd: output.dir });
  started.push(served.child);
  return served;
}

function patch(port: number, slug: string, id: string, body: unknown) {
  return fetch(`http://127.0.0.1:${port}/api/articles/${slug}/segments/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('kill -9 during saves', () => {
  it('leaves every store valid and holding every acknowledged edit', async () => {
    const output = await makeOutput({ a: frenchArticle('Article A', 60), b: frenchArticle('Article B', 60) });
    outputs.push(output);
    const served = await serve(output);
    const targets = (await Promise.all(['a', 'b'].map(async (slug) => segmentsOf(await readStore(output.out, slug)).slice(1).map((segment) => ({ slug, segment }))))).flat();
    // An approval a new error finding refuses is kept as reviewed: what was acknowledged is what must be on disk.
    const acknowledged: Array<{ slug: string; id: string; target: string; state: string }> = [];
    let killed = false;
    // Every save in flight at once; the server is killed as the 15th answer
    // arrives, with the rest being written or waiting.
    await Promise.all(
      targets.map(async ({ slug, segment }, i) => {
        const target = `Saved before the kill ${i}.`;
        try {
          const response = await patch(served.port, slug, segment.id, { revision: segment.revision ?? 0, target, state: 'final' });
          if (response.status !== 200) return;
          const { segment: saved } = (await response.json()) as { segment: { state: string } };
          if (killed) return;
          acknowledged.push({ slug, id: segment.id, target, state: saved.state });
          if (acknowledged.length === 15) {
            killed = true;
            served.child.kill('SIGKILL');
          }
        } catch {
          // Connection reset by the kill: not acknowledged, may or may not be on disk.
        }
      }),
    );
    await served.exited;
    expect(killed).toBe(true);
    const store = await openStoreOfRecord({ outDir: output.out });
    try {
      for (const slug of ['a', 'b']) {
        // The published file is a whole store (never torn), whichever version it shows.
        expect(await loadArticle(path.join(output.out, `${slug}.json`))).toBeDefined();
        const article = await store.load(slug);
        const stored = new Map(segmentsOf(article!).map((segment) => [segment.id, segment]));
        for (const edit of acknowledged.filter((candidate) => candidate.slug === slug)) {
          expect(stored.get(edit.id)).toMatchObject({ target: edit.target, state: edit.state });
        }
      }
    } finally {
      await store.close();
    }
    // The memory journal opens, and the server starts again on the same store.
    const memory = await TranslationMemory.open(path.join(output.out, '.diptych'));
    await memory.close();
    const again = await serve(output);
    const listed = await fetch(`http://127.0.0.1:${again.port}/api/articles`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await listed.json()) as { articles: unknown[] }).articles).toHaveLength(2);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });
});

describe('a kill between a save and its publication', () => {
  it('leaves the files one version behind, and the next review publishes the record again', async () => {
    const output = await makeOutput({ idlib: frenchArticle('Idlib sous les bombes', 4) });
    outputs.push(output);
    // A save the store of record acknowledged, whose files were never written (the process died first).
    const store = await openStoreOfRecord({ outDir: output.out });
    let record: Article;
    try {
      record = (await store.load('idlib'))!;
      Object.assign(segmentsOf(record)[1]!, { target: 'Saved just before the kill.', revision: 1 });
      await store.save(record);
    } finally {
      await store.close();
    }
    expect(segmentsOf((await loadArticle(path.join(output.out, 'idlib.json')))!)[1]!.target).not.toBe('Saved just before the kill.');
    const served = await serve(output);
    // Stopping waits for its publications: the files show the record again.
    expect(await served.stop()).toBe(0);
    expect(await loadArticle(path.join(output.out, 'idlib.json'))).toEqual(record!);
  });
});

describe('batch and review on one folder', () => {
  it('a batch runs during review, keeping the edits the review has published, which the store of record keeps too', async () => {
    const output = await makeOutput({ a: frenchArticle('Article A', 12) });
    outputs.push(output);
    const served = await serve(output, ['--user', 'carol']);
    const segments = segmentsOf(await readStore(output.out, 'a'));
    const approved = segments[2]!;
    const commented = segments[3]!;
    expect((await patch(served.port, 'a', approved.id, { revision: 0, target: 'Sentence number 2 is about the town, said a person.', state: 'final' })).status).toBe(200);
    expect((await patch(served.port, 'a', commented.id, { revision: 0, comment: 'Check this name.' })).status).toBe(200);
    // Published: the files follow the record.
    await expect.poll(async () => segmentsOf(await readStore(output.out, 'a')).find((segment) => segment.id === commented.id)?.comments?.length, { timeout: 60_000 }).toBe(1);

    // During: no folder lock; a new engine re-translates beside the review, and the person's work stays.
    const report = await retranslate(output, new PrefixTranslator('other', 'EN2'), true);
    expect(report.failed).toEqual([]);
    const after = new Map(segmentsOf(await readStore(output.out, 'a')).map((segment) => [segment.id, segment]));
    expect(after.get(approved.id)).toMatchObject({ target: 'Sentence number 2 is about the town, said a person.', state: 'final', revision: 1, provenance: { edited: true, editor: 'carol' } });
    expect(after.get(approved.id)!.history!.map((version) => version.origin)).toEqual(['machine', 'person']);
    const recommented = after.get(commented.id)!;
    expect(recommented.target).toMatch(/^EN2 /);
    expect(recommented.comments).toEqual([{ author: 'carol', at: expect.any(String), text: 'Check this name.' }]);
    // The new machine text is a new revision, so a page still holding revision 1 gets a 409, not a silent overwrite.
    expect(recommented.revision).toBe(2);
    expect(recommented.history!.at(-1)).toMatchObject({ origin: 'machine', by: 'other', target: recommented.target, revision: 2 });

    // The review still serves the person's work from the store of record.
    const served2 = await fetch(`http://127.0.0.1:${served.port}/api/articles/a`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const record = new Map(segmentsOf(((await served2.json()) as { article: Article }).article).map((segment) => [segment.id, segment]));
    expect(record.get(approved.id)).toMatchObject({ target: 'Sentence number 2 is about the town, said a person.', state: 'final' });
    expect(record.get(commented.id)!.comments).toHaveLength(1);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  });

  it('a review starts while a batch run holds the folder', async () => {
    const output = await makeOutput({ a: frenchArticle('Article A', 4) });
    outputs.push(output);
    // A running batch: a live process whose id is in the folder's lock, as runTranslation leaves it.
    const batch = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
    started.push(batch);
    await writeFile(path.join(output.out, '.diptych', 'lock'), `${batch.pid}\n`);
    const review = await serve(output);
    const listed = await fetch(`http://127.0.0.1:${review.port}/api/articles`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await listed.json()) as { articles: unknown[] }).articles).toHaveLength(1);
    review.child.kill('SIGTERM');
    expect(await review.exited).toBe(0);
    batch.kill('SIGKILL');
  });
});
