// The review API's refusals, code and message, one per rule and for bodies
// that break several at once (the first in the API's order answers): the
// contract the route schemas keep. Also what Fastify's forgiving defaults
// would change and the API must not: no type coercion, no dropped fields,
// lengths counted in UTF-16 units, undo and suggest bodies as lenient as ever.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSession } from '../src/review/index.js';
import { frenchArticle, makeOutput, segmentsOf, TOKEN, type Output, openReviewOn } from './support/review.js';

let output: Output;
let session: ReviewSession;
let base: string;
let id: string;

beforeAll(async () => {
  output = await makeOutput({ idlib: frenchArticle('Idlib sous les bombes', 3) });
  session = await openReviewOn(output.out);
  base = `http://127.0.0.1:${session.server.port}`;
  id = segmentsOf(JSON.parse(await readFile(path.join(output.out, 'idlib.json'), 'utf8')).article)[1]!.id;
});

afterAll(async () => {
  await session?.close();
  if (output) await rm(output.dir, { recursive: true, force: true });
});

async function send(method: string, url: string, body?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: response.status, body: (await response.json()) as { error?: string; message?: string } };
}

const patch = (body: unknown) => send('PATCH', `/api/articles/idlib/segments/${id}`, JSON.stringify(body));
/** The published store file, once every save made so far is published (the file follows the record). */
async function storeBytes(): Promise<string> {
  await session.store.idle();
  return readFile(path.join(output.out, 'idlib.json'), 'utf8');
}

const MERGE = (parts: string) =>
  `the English still holds unresolved merge marks: ${parts} — keep one side of each (or write a new text) and remove the ⟦ | ⟧ marks before saving or approving`;
const REVISION = '"revision" must be the segment\'s current revision (a whole number ≥ 0)';
const COMMENT = '"comment" must be a non-empty string of at most 20000 characters';
const emoji = (n: number) => '\u{1F600}'.repeat(n);

describe('PATCH refusals', () => {
  it.each([
    ['not an object', [1], 'bad-body', 'send a JSON object: { "revision": n, "target"?, "state"?, "comment"?, "discarded"? }'],
    ['null', null, 'bad-body', 'send a JSON object: { "revision": n, "target"?, "state"?, "comment"?, "discarded"? }'],
    ['an unknown field', { revision: 0, target: 'x', owner: 'me' }, 'unknown-field', 'unknown field "owner": use revision, target, state, comment, discarded'],
    ['no revision', { target: 'x' }, 'bad-revision', REVISION],
    ['a revision as text (never coerced)', { revision: '0', target: 'x' }, 'bad-revision', REVISION],
    ['a revision in an array (never unwrapped)', { revision: [0], target: 'x' }, 'bad-revision', REVISION],
    ['a negative revision', { revision: -1, target: 'x' }, 'bad-revision', REVISION],
    ['a target that is not text (never coerced)', { revision: 0, target: 42 }, 'bad-target', '"target" must be a string'],
    ['a null target', { revision: 0, target: null }, 'bad-target', '"target" must be a string'],
    ['a target over 20,000 UTF-16 units, though fewer code points', { revision: 0, target: emoji(10_001) }, 'bad-target', '"target" is longer than 20000 characters'],
    ['merge marks', { revision: 0, target: '⟦a | b⟧ c' }, 'unresolved-merge', MERGE('⟦a | b⟧')],
    ['a discarded text that is not text', { revision: 0, discarded: 5 }, 'bad-discarded', '"discarded" must be a string of at most 20000 characters'],
    ['NUL in the target', { revision: 0, target: 'a\u0000b' }, 'bad-target', '"target" holds a NUL character (U+0000): remove it'],
    ['NUL in a comment', { revision: 0, comment: 'a\u0000b' }, 'bad-comment', '"comment" holds a NUL character (U+0000): remove it'],
    ['an unknown state', { revision: 0, state: 'approved' }, 'unknown-state', 'unknown state "approved": use new, translated, reviewed, final'],
    ['a null state', { revision: 0, state: null }, 'unknown-state', 'unknown state null: use new, translated, reviewed, final'],
    ['a blank comment', { revision: 0, comment: ' \n\u00a0' }, 'bad-comment', COMMENT],
    ['a comment that is not text', { revision: 0, comment: ['x'] }, 'bad-comment', COMMENT],
    ['a comment over 20,000 UTF-16 units', { revision: 0, comment: emoji(10_001) }, 'bad-comment', COMMENT],
    ['no change', { revision: 0 }, 'empty-change', 'send at least one of target, state, comment, discarded'],
  ])('400 for %s', async (_name, body, error, message) => {
    const before = await storeBytes();
    expect(await patch(body)).toEqual({ status: 400, body: { error, message } });
    expect(await storeBytes()).toBe(before);
  });

  it.each([
    ['unknown fields before all else, the first one named', { zz: 1, revision: -1, yy: 2, target: 5 }, 'unknown-field', 'unknown field "zz": use revision, target, state, comment, discarded'],
    ['the revision before the target', { revision: 'x', target: 5 }, 'bad-revision', REVISION],
    ['a long target before its NUL', { revision: 0, target: `${'x'.repeat(20_000)}\u0000` }, 'bad-target', '"target" is longer than 20000 characters'],
    ['merge marks before the discarded text, NUL, state and comment', { revision: 0, target: '⟦a\u0000 | b⟧', discarded: 5, state: 'x', comment: '' }, 'unresolved-merge', MERGE('⟦a\u0000 | b⟧')],
    ['the discarded text before NUL in the target', { revision: 0, target: 'a\u0000', discarded: 5 }, 'bad-discarded', '"discarded" must be a string of at most 20000 characters'],
    ['NUL in the target before NUL in the comment', { revision: 0, target: 'a\u0000', comment: 'b\u0000' }, 'bad-target', '"target" holds a NUL character (U+0000): remove it'],
    ['NUL in the comment before the state', { revision: 0, state: 'x', comment: 'b\u0000' }, 'bad-comment', '"comment" holds a NUL character (U+0000): remove it'],
    ['the state before a blank comment', { revision: 0, state: 'x', comment: ' ' }, 'unknown-state', 'unknown state "x": use new, translated, reviewed, final'],
  ])('400 with one answer for several faults: %s', async (_name, body, error, message) => {
    expect(await patch(body)).toEqual({ status: 400, body: { error, message } });
  });

  it('refuses a missing body and a body that is not JSON as bad-body', async () => {
    const none = await send('PATCH', `/api/articles/idlib/segments/${id}`);
    expect(none).toMatchObject({ status: 400, body: { error: 'bad-body' } });
    const form = await send('PATCH', `/api/articles/idlib/segments/${id}`, 'revision=0', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form).toEqual({ status: 400, body: { error: 'bad-body', message: 'send JSON (Content-Type: application/json)' } });
  });

  it('takes a target of exactly 20,000 UTF-16 units', async () => {
    const answer = await patch({ revision: 0, target: emoji(10_000) });
    expect(answer.status).toBe(200);
  });
});

describe('undo and suggest bodies', () => {
  it.each([
    ['no body', undefined],
    ['an empty object', '{}'],
    ['an array', '[1]'],
    ['a revision that is not whole', '{"revision": 1.5}'],
    ['a revision as text', '{"revision": "1"}'],
  ])('undo refuses %s as bad-revision', async (_name, body) => {
    const answer = await send('POST', `/api/articles/idlib/segments/${id}/undo`, body);
    expect(answer).toEqual({ status: 400, body: { error: 'bad-revision', message: 'send { "revision": n }: the revision the change to undo made' } });
  });

  it('undo ignores other fields, as it always has', async () => {
    // Not a 400: the body is taken, and the store says there is nothing at that revision to undo.
    const answer = await send('POST', `/api/articles/idlib/segments/${id}/undo`, '{"revision": 99, "note": "x"}');
    expect(answer).toMatchObject({ status: 409, body: { error: 'conflict' } });
  });

  it('suggest without an engine is 404 whatever the body', async () => {
    for (const body of [undefined, '{}', '{"engine": 5}', '[1]']) {
      const answer = await send('POST', `/api/articles/idlib/segments/${id}/suggest`, body);
      expect(answer, String(body)).toMatchObject({ status: 404, body: { error: 'not-found' } });
    }
  });
});

describe('auth before everything', () => {
  it('checks the token before the body', async () => {
    const answer = await send('PATCH', `/api/articles/idlib/segments/${id}`, '[1]', { authorization: 'Bearer wrong' });
    expect(answer).toMatchObject({ status: 401, body: { error: 'bad-token' } });
  });

  it('refuses a cookie that does not URL-decode even beside a bearer token', async () => {
    const answer = await send('GET', '/api/articles', undefined, { cookie: 'diptych_review=%E0%A4%A' });
    expect(answer).toMatchObject({ status: 400, body: { error: 'bad-encoding' } });
  });
});
