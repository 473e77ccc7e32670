// The review's live API as a script sees it, on two review servers over one
// store of record: the event stream (who may open it, the segments a save on
// the other server changed, presence marks and their end), the presence
// route's refusals, a conflicting save across servers answered 409 with the
// stored segment, and the concordance route.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSession } from '../src/review/index.js';
import { frenchArticle, makeOutput, openReviewOn, segmentsOf, TOKEN, type Output } from './support/review.js';

let output: Output;
let one: ReviewSession;
let two: ReviewSession;
const SLUG = 'idlib';

beforeAll(async () => {
  output = await makeOutput({ [SLUG]: frenchArticle('Idlib sous les bombes', 12), kaboul: frenchArticle('Attaque à Kaboul', 6) });
  one = await openReviewOn(output.out, { user: 'alice' });
  two = await openReviewOn(output.out, { user: 'bob' });
});

afterAll(async () => {
  await one?.close();
  await two?.close();
  if (output) await rm(output.dir, { recursive: true, force: true });
});

const base = (session: ReviewSession) => `http://127.0.0.1:${session.server.port}`;
const auth = { authorization: `Bearer ${TOKEN}` };

async function call(session: ReviewSession, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base(session)}${url}`, {
    method,
    headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function segments(session: ReviewSession, slug = SLUG) {
  return segmentsOf((await call(session, 'GET', `/api/articles/${slug}`)).body.article);
}

/** An open event stream: each event as it arrives, and a wait for the first that passes a test (the test's timeout is the bound). */
async function listen(session: ReviewSession, slug: string) {
  const controller = new AbortController();
  const response = await fetch(`${base(session)}/api/events?slug=${slug}`, { headers: auth, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: Array<{ event: string; data: any }> = [];
  const waiting: Array<() => void> = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = response.body!.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        buffer += decoder.decode(read.value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          for (const wake of waiting.splice(0)) wake();
        }
      }
    } catch {
      // Aborted at the end of the test.
    }
  })();
  return {
    events,
    async next(test: (event: { event: string; data: any }) => boolean) {
      for (;;) {
        const found = events.find(test);
        if (found) return found;
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    },
    close: () => controller.abort(),
  };
}

describe('the event stream', () => {
  it('is refused without the token, like every request', async () => {
    const response = await fetch(`${base(one)}/api/events?slug=${SLUG}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'no-token' });
  });

  it('carries a save made on the other server, with the saved segment and who saved it', async () => {
    const stream = await listen(two, SLUG);
    await stream.next((event) => event.event === 'hello');
    const segment = (await segments(one))[3]!;
    const saved = await call(one, 'PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { revision: segment.revision, target: 'Changed on server one.' }, { 'x-diptych-user': 'Dana' });
    expect(saved.status).toBe(200);
    const heard = await stream.next((event) => event.event === 'segments' && event.data.segments.some((entry: any) => entry.segment.id === segment.id));
    expect(heard.data.segments[0]).toMatchObject({ by: 'Dana', segment: { id: segment.id, target: 'Changed on server one.', revision: segment.revision! + 1 } });
    stream.close();
  });

  it('says when another process rewrote the whole article (a batch), for the page to read it again', async () => {
    const stream = await listen(one, SLUG);
    await stream.next((event) => event.event === 'hello');
    const article = (await two.store.store.load(SLUG))!;
    // A new segment: the article's shape changed, as a re-segmenting batch changes it.
    const block = article.blocks.at(-1)!;
    block.segments.push({ ...block.segments.at(-1)!, id: `${block.segments.at(-1)!.id}-added`, source: 'Une phrase de plus.', target: 'EN Une phrase de plus.', revision: 0, history: [] });
    await two.store.store.save(article);
    await stream.next((event) => event.event === 'article' && event.data.slug === SLUG);
    stream.close();
  });

  it('carries presence marks, and their end', async () => {
    const stream = await listen(one, SLUG);
    await stream.next((event) => event.event === 'hello');
    const segment = (await segments(two))[5]!;
    const url = `/api/articles/${SLUG}/segments/${segment.id}/editing`;
    const headers = { 'x-diptych-user': 'Ben' };
    expect((await call(two, 'POST', url, { session: 'tab-0001', editing: true }, headers)).status).toBe(204);
    const mark = await stream.next((event) => event.event === 'editing' && event.data.id === segment.id);
    expect(mark.data).toMatchObject({ who: 'Ben', session: 'tab-0001', slug: SLUG });
    expect(mark.data.expiresIn).toBeGreaterThan(0);
    // A page opened now is told of the mark at once.
    const later = await listen(one, SLUG);
    await later.next((event) => event.event === 'editing' && event.data.id === segment.id && event.data.expiresIn > 0);
    expect((await call(two, 'POST', url, { session: 'tab-0001', editing: false }, headers)).status).toBe(204);
    await stream.next((event) => event.event === 'editing' && event.data.id === segment.id && event.data.expiresIn === 0);
    stream.close();
    later.close();
  });

  it('refuses a presence mark with a bad body or for an unknown segment', async () => {
    const segment = (await segments(one))[1]!;
    const url = `/api/articles/${SLUG}/segments/${segment.id}/editing`;
    expect(await call(one, 'POST', url, { session: 'x', editing: true })).toMatchObject({ status: 400, body: { error: 'bad-body' } });
    expect(await call(one, 'POST', url, { session: 'tab-0001', editing: 'yes' })).toMatchObject({ status: 400, body: { error: 'bad-body' } });
    expect(await call(one, 'POST', `/api/articles/${SLUG}/segments/nope/editing`, { session: 'tab-0001', editing: true })).toMatchObject({ status: 404, body: { error: 'not-found' } });
    // A write from another site's page is refused, as every write is.
    const crossSite = await fetch(`${base(one)}${url}`, { method: 'POST', headers: { cookie: `diptych_review=${TOKEN}`, origin: 'http://evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ session: 'tab-0001', editing: true }) });
    expect(crossSite.status).toBe(403);
  });
});

describe('two servers, one segment', () => {
  it('answers the later save 409 with the segment the other server stored, and keeps the first', async () => {
    const segment = (await segments(one))[7]!;
    // Both servers have read the segment (each has it cached).
    expect((await segments(two))[7]!.revision).toBe(segment.revision);
    const first = await call(one, 'PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { revision: segment.revision, target: 'First, on one.' });
    expect(first.status).toBe(200);
    const second = await call(two, 'PATCH', `/api/articles/${SLUG}/segments/${segment.id}`, { revision: segment.revision, target: 'Second, on two.' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: 'conflict', segment: { id: segment.id, target: 'First, on one.', revision: segment.revision! + 1 } });
    expect((await segments(two))[7]).toMatchObject({ target: 'First, on one.' });
  });

  it('keeps a save on one server of a segment the other server changed a moment before in another segment', async () => {
    const [a, b] = (await segments(one)).slice(8, 10);
    expect((await call(two, 'PATCH', `/api/articles/${SLUG}/segments/${a!.id}`, { revision: a!.revision, target: 'A, on two.' })).status).toBe(200);
    expect((await call(one, 'PATCH', `/api/articles/${SLUG}/segments/${b!.id}`, { revision: b!.revision, target: 'B, on one.' })).status).toBe(200);
    const now = await segments(two);
    expect(now.find((segment) => segment.id === a!.id)?.target).toBe('A, on two.');
    expect(now.find((segment) => segment.id === b!.id)?.target).toBe('B, on one.');
  });
});

describe('the concordance', () => {
  it('finds segments by words on either side, ranked, with article, segment and state', async () => {
    const { status, body } = await call(one, 'GET', `/api/search?q=${encodeURIComponent('phrase numéro 3')}&side=source`);
    expect(status).toBe(200);
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits[0]).toMatchObject({ slug: expect.any(String), title: expect.any(String), segmentId: expect.any(String), state: expect.any(String) });
    expect(body.hits.every((hit: any) => /phrase/i.test(hit.source) && /numéro/i.test(hit.source))).toBe(true);
    const phrase = await call(one, 'GET', `/api/search?q=${encodeURIComponent('Casques blancs')}&phrase=1&limit=5`);
    expect(phrase.body.hits.map((hit: any) => hit.slug).sort()).toEqual(['idlib', 'kaboul']);
    expect(phrase.body).toMatchObject({ limit: 5, offset: 0 });
  });

  it('refuses a query it cannot run', async () => {
    for (const query of ['', '?q=', '?q=%20%20', '?q=a&side=left', '?q=a&limit=0', '?q=a&limit=101', '?q=a&phrase=yes', '?q=a&offset=-1', '?q=a&extra=1']) {
      expect(await call(one, 'GET', `/api/search${query}`)).toMatchObject({ status: 400, body: { error: 'bad-query' } });
    }
  });
});
