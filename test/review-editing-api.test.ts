// What the review API guarantees about a translator's text beyond a plain
// save: a text with unresolved merge marks is never saved, approved or
// remembered; Undo gives back the segment as it was (state, provenance,
// memory entry); an approved segment edited into an error is approved no
// more; `--user` names only writes that name nobody; the page's icon exists.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import type { ReviewSession } from '../src/review/index.js';
import { frenchArticle, makeOutput, segmentsOf, TOKEN, type Output, openReviewOn } from './support/review.js';

let output: Output;
let session: ReviewSession;
let base: string;
const SLUG = 'idlib';

beforeAll(async () => {
  output = await makeOutput({ [SLUG]: frenchArticle('Idlib sous les bombes', 12) });
  session = await openReviewOn(output.out, { user: 'alice' });
  base = `http://127.0.0.1:${session.server.port}`;
});

afterAll(async () => {
  await session?.close();
  if (output) await rm(output.dir, { recursive: true, force: true });
});

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

const patch = (id: string, body: unknown, headers?: Record<string, string>) => call('PATCH', `/api/articles/${SLUG}/segments/${id}`, body, headers);

/** One segment as the store of record holds it now. */
async function stored(id: string) {
  return segmentsOf((await session.store.store.load(SLUG))!).find((segment) => segment.id === id)!;
}

/** The memory as the journal leaves it: per segment id, the approved English (the last record wins; a withdrawal removes it). */
async function memory(): Promise<Map<string, string>> {
  const text = await readFile(path.join(output.out, '.diptych', 'memory.jsonl'), 'utf8').catch(() => '');
  const entries = new Map<string, string>();
  for (const line of text.split('\n').filter(Boolean)) {
    const record = JSON.parse(line) as { origin: { segment: string }; removed?: true; target?: string };
    if (record.removed) entries.delete(record.origin.segment);
    else entries.set(record.origin.segment, record.target!);
  }
  return entries;
}

/** The published store file, once every save made so far is published (the file follows the record). */
async function storeBytes(): Promise<string> {
  await session.store.idle();
  return readFile(path.join(output.out, `${SLUG}.json`), 'utf8');
}

async function segment(index: number) {
  const { body } = await call('GET', `/api/articles/${SLUG}`);
  return segmentsOf(body.article)[index]!;
}

describe('unresolved merge marks', () => {
  it('refuses to save a target that still holds ⟦mine | theirs⟧, naming the unresolved part', async () => {
    const target = await segment(3);
    const before = await storeBytes();
    for (const text of ['⟦In late | At the end of⟧ August, the sentence.', 'In late August⟧, the sentence.']) {
      const answer = await patch(target.id, { revision: target.revision, target: text, state: 'final' });
      expect(answer.status, text).toBe(400);
      expect(answer.body.error).toBe('unresolved-merge');
    }
    const answer = await patch(target.id, { revision: target.revision, target: '⟦In late | At the end of⟧ August.' });
    expect(answer.body.message).toContain('⟦In late | At the end of⟧');
    expect(await storeBytes()).toBe(before);
    expect([...(await memory()).values()].join('\n')).not.toContain('⟦');
  });

  it('never approves a text with marks a store already holds, flags it, and keeps it out of the memory', async () => {
    const target = await segment(4);
    // An older review left marks in the store (written by another process: the server picks the change up).
    const record = (await session.store.store.load(SLUG)) as Article;
    const marked = '⟦In late | At the end of⟧ August, the town.';
    for (const candidate of segmentsOf(record)) {
      if (candidate.id === target.id) Object.assign(candidate, { target: marked, state: 'reviewed', provenance: { ...candidate.provenance!, edited: true, editor: 'old' } });
    }
    await session.store.store.save(record);
    for (const state of ['final', 'reviewed']) {
      const answer = await patch(target.id, { revision: target.revision, state });
      expect(answer.status, state).toBe(400);
      expect(answer.body.error).toBe('unresolved-merge');
    }
    // Another save in the article syncs its approvals with the memory: the marked text is not one of them.
    const other = await segment(5);
    expect((await patch(other.id, { revision: other.revision, state: 'final' })).status).toBe(200);
    const remembered = await memory();
    expect(remembered.get(other.id)).toBe(other.target);
    expect(remembered.has(target.id)).toBe(false);
    // A comment is still welcome, and the save's re-check flags the marks.
    const commented = await patch(target.id, { revision: target.revision, comment: 'Which one?' });
    expect(commented.status).toBe(200);
    expect(commented.body.segment.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'merge-conflict', severity: 'error' })]));
    // Resolving it is an ordinary save.
    const resolved = await patch(target.id, { revision: commented.body.segment.revision, target: 'At the end of August, the town.', state: 'final' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.segment.findings.map((finding: { rule: string }) => finding.rule)).not.toContain('merge-conflict');
  });

  it('keeps a text the person chose not to keep in the history, restorable', async () => {
    const target = await segment(6);
    const answer = await patch(target.id, { revision: target.revision, discarded: 'My own version.' }, { 'x-diptych-user': 'ben' });
    expect(answer.status).toBe(200);
    expect(answer.body.segment.target).toBe(target.target);
    expect(answer.body.segment.history.map((version: { target: string }) => version.target)).toEqual([target.target, 'My own version.']);
    const restored = await patch(target.id, { revision: answer.body.segment.revision, target: 'My own version.' }, { 'x-diptych-user': 'ben' });
    expect(restored.body.segment.target).toBe('My own version.');
  });
});

describe('undo', () => {
  it('restores the text, state, provenance and memory entry the segment had', async () => {
    const target = await segment(7);
    expect(target.state).toBe('translated');
    const saved = await patch(target.id, { revision: target.revision, target: 'Sentence eight, by hand.' }, { 'x-diptych-user': 'bob' });
    expect(saved.body.segment).toMatchObject({ state: 'reviewed', provenance: { edited: true, editor: 'bob' } });
    expect((await memory()).get(target.id)).toBe('Sentence eight, by hand.');
    const undone = await call('POST', `/api/articles/${SLUG}/segments/${target.id}/undo`, { revision: saved.body.segment.revision }, { 'x-diptych-user': 'bob' });
    expect(undone.status).toBe(200);
    expect(undone.body.segment).toMatchObject({ target: target.target, state: 'translated', provenance: target.provenance, revision: target.revision! + 2 });
    // Not post-edited any more, and nothing in the memory: the machine English was never approved.
    expect(undone.body.effort.segment.segments).toBe(0);
    expect((await memory()).has(target.id)).toBe(false);
    // The undone text is not lost: the history still has it.
    expect(undone.body.segment.history.map((version: { target: string }) => version.target)).toContain('Sentence eight, by hand.');
    expect(await stored(target.id)).toMatchObject({ target: target.target, state: 'translated', provenance: { edited: false } });
    // Once only.
    const again = await call('POST', `/api/articles/${SLUG}/segments/${target.id}/undo`, { revision: undone.body.segment.revision });
    expect(again.status).toBe(409);
  });

  it('takes an approval back out of the memory', async () => {
    const target = await segment(8);
    const approved = await patch(target.id, { revision: target.revision, state: 'final' });
    expect((await memory()).get(target.id)).toBe(target.target);
    const undone = await call('POST', `/api/articles/${SLUG}/segments/${target.id}/undo`, { revision: approved.body.segment.revision });
    expect(undone.body.segment).toMatchObject({ state: 'translated', provenance: target.provenance });
    expect((await memory()).has(target.id)).toBe(false);
  });

  it('refuses to undo over someone else\'s later save (409)', async () => {
    const target = await segment(9);
    const first = await patch(target.id, { revision: target.revision, target: 'First.' });
    await patch(target.id, { revision: first.body.segment.revision, target: 'Second.' }, { 'x-diptych-user': 'carol' });
    const undone = await call('POST', `/api/articles/${SLUG}/segments/${target.id}/undo`, { revision: first.body.segment.revision });
    expect(undone.status).toBe(409);
    expect((await stored(target.id)).target).toBe('Second.');
  });
});

describe('approval and errors', () => {
  it('puts a final segment back to reviewed when an edit adds an error finding', async () => {
    const target = (await call('GET', `/api/articles/${SLUG}`)).body.article.blocks.flatMap((block: Article['blocks'][number]) => block.segments).find((candidate: { source: string }) => candidate.source.includes('Casques blancs'));
    const approved = await patch(target.id, { revision: target.revision, target: 'The White Helmets arrived in Idlib.', state: 'final' });
    expect(approved.body.segment.state).toBe('final');
    // Without the pinned term: an error-severity finding appears.
    const edited = await patch(target.id, { revision: approved.body.segment.revision, target: 'The rescuers arrived in Idlib.' });
    expect(edited.status).toBe(200);
    expect(edited.body.segment.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'glossary-term-missing', severity: 'error' })]));
    expect(edited.body.segment.state).toBe('reviewed');
    expect(edited.body.segment.history.at(-1)).toMatchObject({ target: 'The rescuers arrived in Idlib.', state: 'reviewed' });
    expect((await stored(target.id)).state).toBe('reviewed');
  });
});

describe('who saved', () => {
  it('records the name the browser sends; --user only names writes that name nobody', async () => {
    const target = await segment(10);
    const bobs = await patch(target.id, { revision: target.revision, target: 'By Bob.' }, { 'x-diptych-user': 'bob' });
    expect(bobs.body.segment.provenance.editor).toBe('bob');
    const nobodys = await patch(target.id, { revision: bobs.body.segment.revision, target: 'By the default.' });
    expect(nobodys.body.segment.provenance.editor).toBe('alice');
    expect((await call('GET', '/api/session')).body.user).toBe('alice');
  });
});

describe('the page', () => {
  it('declares its icon and serves it, so no request 404s', async () => {
    const page = await call('GET', '/');
    const icon = /<link rel="icon" href="([^"]+)"/.exec(page.body as string)?.[1];
    expect(icon).toBeDefined();
    const response = await fetch(`${base}${icon}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\//);
  });
});
