// The review server's JSON API as a script or the page uses it, on
// 127.0.0.1 with a free port: every status it answers, what a save leaves on
// disk, and the concurrency guarantees (distinct segments all land; one
// revision, one winner).
import { readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSession } from '../src/review/index.js';
import { frenchArticle, makeOutput, readStore, segmentsOf, TOKEN, type Output, openReviewOn } from './support/review.js';

let output: Output;
let session: ReviewSession;
let base: string;
const SLUG = 'idlib';

beforeAll(async () => {
  output = await makeOutput({ [SLUG]: frenchArticle('Idlib sous les bombes', 80), other: frenchArticle('Autre article', 6) });
  session = await openReviewOn(output.out);
  base = `http://127.0.0.1:${session.server.port}`;
});

afterAll(async () => {
  await session?.close();
  if (output) await rm(output.dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(method: string, url: string, options: { body?: unknown; raw?: string; headers?: Record<string, string>; auth?: boolean } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.auth === false ? {} : { authorization: `Bearer ${TOKEN}` }), ...options.headers };
  let body: string | undefined = options.raw;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${base}${url}`, { method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (the page): keep the text.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

async function segments(slug = SLUG) {
  const { body } = await call('GET', `/api/articles/${slug}`);
  return segmentsOf(body.article);
}

/** The published store file, once every save made so far is published (the file follows the record). */
async function storeBytes(slug = SLUG): Promise<string> {
  await session.store.idle();
  return readFile(path.join(output.out, `${slug}.json`), 'utf8');
}

describe('reading', () => {
  it('lists the articles with counts per state, findings, progress and effort', async () => {
    const { status, body } = await call('GET', '/api/articles');
    expect(status).toBe(200);
    const idlib = body.articles.find((article: { slug: string }) => article.slug === SLUG);
    expect(idlib).toMatchObject({ title: 'Idlib sous les bombes', segments: 81, progress: expect.any(Number), effort: { kept: expect.any(Number), pee: expect.any(Number), chrF: expect.any(Number) } });
    expect(idlib.states.translated).toBeGreaterThan(0);
    expect(body.articles.map((article: { slug: string }) => article.slug)).toContain('other');
  });

  it('pages the list: offset and limit give a slice of the whole list in slug order, with the total', async () => {
    const whole = (await call('GET', '/api/articles')).body;
    expect(whole.articles.length).toBeGreaterThan(1);
    expect(whole.total).toBeUndefined();
    const first = await call('GET', '/api/articles?offset=0&limit=1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: whole.articles.length, offset: 0, limit: 1, broken: whole.broken });
    expect(first.body.articles).toEqual(whole.articles.slice(0, 1));
    const rest = await call('GET', '/api/articles?offset=1');
    expect(rest.body).toMatchObject({ offset: 1, limit: 50 });
    expect(rest.body.articles).toEqual(whole.articles.slice(1));
    expect((await call('GET', '/api/articles?limit=1')).body.articles).toEqual(whole.articles.slice(0, 1));
    expect((await call('GET', `/api/articles?offset=${whole.articles.length}&limit=5`)).body).toMatchObject({ articles: [], total: whole.articles.length });
  });

  it('refuses an offset or limit that is not a whole number in range, or another parameter (400 bad-query)', async () => {
    for (const query of ['?offset=-1', '?offset=x', '?offset=01', '?offset=1e3', '?offset=', '?limit=0', '?limit=201', '?limit=1.5', '?limit=', '?offset=1&extra=1', '?page=2']) {
      const { status, body } = await call('GET', `/api/articles${query}`);
      expect({ query, status, error: body.error }).toEqual({ query, status: 400, error: 'bad-query' });
    }
    expect((await call('GET', '/api/articles?limit=200')).status).toBe(200);
  });

  it('gives the stored article, every segment with an integer revision', async () => {
    const { status, body } = await call('GET', `/api/articles/${SLUG}`);
    expect(status).toBe(200);
    const all = segmentsOf(body.article);
    expect(all.length).toBe(81);
    expect(all.every((segment) => Number.isInteger(segment.revision))).toBe(true);
    expect(all[1]!.target).toMatch(/^EN /);
  });
});

describe('tokens, origins, paths', () => {
  it('refuses a request without a token or with a wrong one (401)', async () => {
    const missing = await call('GET', '/api/articles', { auth: false });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: 'no-token', message: expect.any(String) });
    const wrong = await call('GET', '/api/articles', { auth: false, headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect((await call('GET', '/', { auth: false })).status).toBe(401);
    expect((await call('GET', '/?token=wrong', { auth: false })).status).toBe(401);
  });

  it('sets an HttpOnly SameSite=Strict cookie on the first visit and serves the page with a strict CSP', async () => {
    const first = await call('GET', `/?token=${TOKEN}`, { auth: false });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await call('GET', '/', { auth: false, headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).not.toMatch(/<script>(?!<\/script>)/);
    const script = await call('GET', '/assets/editor.js', { auth: false, headers: { cookie: cookie.split(';')[0]! } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it('refuses a write from another origin, or a cookie write without one (403)', async () => {
    const before = await storeBytes();
    const [segment] = await segments();
    const cookie = `diptych_review=${TOKEN}`;
    const change = { revision: segment!.revision, target: 'hijacked' };
    const foreign = await call('PATCH', `/api/articles/${SLUG}/segments/${segment!.id}`, { auth: false, body: change, headers: { cookie, origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('bad-origin');
    const bare = await call('PATCH', `/api/articles/${SLUG}/segments/${segment!.id}`, { auth: false, body: change, headers: { cookie } });
    expect(bare.status).toBe(403);
    // A page on another name that resolves here (DNS rebinding) is refused too.
    const rebound = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: session.server.port, path: '/api/articles', headers: { host: `evil.example:${session.server.port}`, authorization: `Bearer ${TOKEN}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(rebound).toBe(403);
    expect(await storeBytes()).toBe(before);
  });

  it('accepts a cookie write from its own page', async () => {
    const segment = (await segments())[70]!;
    const answer = await call('PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, {
      auth: false,
      body: { revision: segment.revision, state: 'reviewed' },
      headers: { cookie: `diptych_review=${TOKEN}`, origin: base },
    });
    expect(answer.status).toBe(200);
  });

  it('answers 404 for an unknown article or segment and for paths outside the folder', async () => {
    for (const url of [
      '/api/articles/nope',
      '/api/articles/..%2F..%2Fetc%2Fpasswd',
      '/api/articles/%2e%2e',
      '/api/articles/..%2Fout%2Fidlib',
      '/api/articles/.diptych',
      `/api/articles/${SLUG}%2F..%2F${SLUG}`,
      '/api/nothing',
      '/assets/..%2F..%2Fserver.ts',
    ]) {
      const answer = await call('GET', url);
      expect(answer.status, url).toBe(404);
      expect(answer.body.error, url).toBe('not-found');
    }
    await writeFile(path.join(output.out, 'report.json'), '{"not": "a store"}');
    expect((await call('GET', '/api/articles/report')).status).toBe(404);
    expect((await call('GET', '/api/articles')).body.articles.map((article: { slug: string }) => article.slug)).not.toContain('report');
    const patch = await call('PATCH', `/api/articles/${SLUG}/segments/no-such-id`, { body: { revision: 0, state: 'final' } });
    expect(patch.status).toBe(404);
    const escape = await call('PATCH', '/api/articles/..%2F..%2Fx/segments/a', { body: { revision: 0, state: 'final' } });
    expect(escape.status).toBe(404);
  });
});

describe('bad input never touches the store', () => {
  it.each([
    ['not JSON', { raw: '{"revision": 0,' }],
    ['not an object', { body: [1, 2] }],
    ['no revision', { body: { target: 'x' } }],
    ['a revision that is not a whole number', { body: { revision: 1.5, target: 'x' } }],
    ['an unknown state', { body: { revision: 0, state: 'approved' } }],
    ['an unknown field', { body: { revision: 0, target: 'x', owner: 'me' } }],
    ['a target that is not text', { body: { revision: 0, target: 42 } }],
    ['no change at all', { body: { revision: 0 } }],
    ['an empty comment', { body: { revision: 0, comment: '   ' } }],
    ['a body that is not JSON', { raw: 'revision=0', headers: { 'content-type': 'text/plain' } }],
  ])('400 for %s', async (_name, request) => {
    const before = await storeBytes();
    const [segment] = await segments();
    const answer = await call('PATCH', `/api/articles/${SLUG}/segments/${segment!.id}`, request as { raw?: string; body?: unknown; headers?: Record<string, string> });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    expect(await storeBytes()).toBe(before);
  });

  it('413 for a body over the limit', async () => {
    const before = await storeBytes();
    const [segment] = await segments();
    const answer = await call('PATCH', `/api/articles/${SLUG}/segments/${segment!.id}`, { body: { revision: segment!.revision, target: 'x'.repeat(200_000) } });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toBe('too-large');
    expect(await storeBytes()).toBe(before);
  });
});

describe('saving', () => {
  it('saves to disk: revision + 1, history, provenance, re-rendered pages, re-check, memory', async () => {
    const segment = (await segments()).find((candidate) => candidate.source.includes('Casques blancs'))!;
    // Without the pinned term: the re-check flags it at once.
    const first = await call('PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { body: { revision: segment.revision, target: 'The rescuers arrived in Idlib.' }, headers: { 'x-diptych-user': 'alice' } });
    expect(first.status).toBe(200);
    expect(first.body.segment.revision).toBe(segment.revision! + 1);
    expect(first.body.segment.findings.map((finding: { rule: string }) => finding.rule)).toContain('glossary-term-missing');
    expect(first.body.segment.provenance).toMatchObject({ edited: true, editor: 'alice', translator: 'fake' });
    const second = await call('PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { body: { revision: segment.revision! + 1, target: 'The White Helmets arrived in Idlib.', state: 'final' }, headers: { 'x-diptych-user': 'alice' } });
    expect(second.status).toBe(200);
    expect(second.body.segment.findings.filter((finding: { rule: string }) => finding.rule === 'glossary-term-missing')).toEqual([]);
    // On disk, in the store, both pages and the translation memory (published once the record is saved).
    await session.store.idle();
    const stored = segmentsOf(await readStore(output.out, SLUG)).find((candidate) => candidate.id === segment.id)!;
    expect(stored).toMatchObject({ target: 'The White Helmets arrived in Idlib.', state: 'final', revision: segment.revision! + 2, machineTarget: segment.target });
    expect(stored.history!.map((version) => [version.origin, version.target])).toEqual([
      ['machine', segment.target],
      ['person', 'The rescuers arrived in Idlib.'],
      ['person', 'The White Helmets arrived in Idlib.'],
    ]);
    // The pages follow the store at once, in the background.
    expect(await readFile(path.join(output.out, `${SLUG}.html`), 'utf8')).toMatch(/>The <span[^>]*>White Helmets<\/span> arrived in Idlib\.</);
    expect(await readFile(path.join(output.out, `${SLUG}.md`), 'utf8')).toContain('The White Helmets arrived in Idlib.');
    const memory = await readFile(path.join(output.out, '.diptych', 'memory.jsonl'), 'utf8');
    expect(memory).toContain('The White Helmets arrived in Idlib.');
    // Effort now counts this segment.
    expect(second.body.effort.segment.segments).toBe(1);
    expect(second.body.effort.segment.kept).toBeLessThan(100);
  });

  it('answers a stale revision with 409 and the current segment, never overwriting', async () => {
    const segment = (await segments())[2]!;
    const won = await call('PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { body: { revision: segment.revision, target: 'first' } });
    expect(won.status).toBe(200);
    const lost = await call('PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { body: { revision: segment.revision, target: 'second' } });
    expect(lost.status).toBe(409);
    expect(lost.body).toMatchObject({ error: 'conflict', segment: { id: segment.id, target: 'first', revision: segment.revision! + 1 } });
    await session.store.idle();
    expect(segmentsOf(await readStore(output.out, SLUG)).find((candidate) => candidate.id === segment.id)!.target).toBe('first');
  });

  it('keeps comments with author and time, as text', async () => {
    const segment = (await segments())[3]!;
    const markup = '<img src=x onerror=alert(1)>';
    const answer = await call('PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { body: { revision: segment.revision, comment: markup }, headers: { 'x-diptych-user': 'bob' } });
    expect(answer.status).toBe(200);
    expect(answer.body.segment.comments).toEqual([{ author: 'bob', at: expect.any(String), text: markup }]);
    expect(answer.body.segment.target).toBe(segment.target);
    await session.store.idle();
    const html = await readFile(path.join(output.out, `${SLUG}.html`), 'utf8');
    expect(html).not.toContain('<img');
  });

  it('restores an earlier version from the history', async () => {
    const segment = (await segments())[4]!;
    const edited = await call('PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { body: { revision: segment.revision, target: 'Edited.' } });
    const restored = await call('PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { body: { revision: edited.body.segment.revision, target: edited.body.segment.history[0].target } });
    expect(restored.status).toBe(200);
    expect(restored.body.segment.target).toBe(segment.target);
    expect(restored.body.segment.history).toHaveLength(3);
  });

  it('lands 50 concurrent saves to distinct segments', async () => {
    const targets = (await segments()).slice(10, 60);
    const answers = await Promise.all(targets.map((segment, i) => call('PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { body: { revision: segment.revision, target: `Concurrent ${i}.`, state: 'reviewed' } })));
    expect(answers.map((answer) => answer.status)).toEqual(targets.map(() => 200));
    await session.store.idle();
    const stored = new Map(segmentsOf(await readStore(output.out, SLUG)).map((segment) => [segment.id, segment]));
    targets.forEach((segment, i) => {
      expect(stored.get(segment.id)).toMatchObject({ target: `Concurrent ${i}.`, revision: segment.revision! + 1 });
    });
  });

  it('gives exactly one 200 and nineteen 409s to 20 concurrent saves of one revision', async () => {
    const segment = (await segments())[65]!;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call('PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { body: { revision: segment.revision, target: `Racer ${i}.` } })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const winner = answers.find((answer) => answer.status === 200)!.body.segment;
    for (const loser of answers.filter((answer) => answer.status === 409)) expect(loser.body.segment).toMatchObject({ target: winner.target, revision: winner.revision });
    await session.store.idle();
    expect(segmentsOf(await readStore(output.out, SLUG)).find((candidate) => candidate.id === segment.id)).toMatchObject({ target: winner.target, revision: segment.revision! + 1 });
  });
});
