// A team on one review server: every route asked by no one, a translator, a
// reviewer, an admin (each signed in through a one-time link, so with a
// session cookie) and the owner token, against the status each must get; API
// tokens and their revocation; a removal or a role change taking effect on
// the next request; the names history and comments record; sign-in limits;
// and no secret in the database, an answer or an error.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSession } from '../src/review/index.js';
import type { FastifyRequest } from 'fastify';
import { ACCOUNTS_KNOWN_MS, identifier } from '../src/review/http/accounts.js';
import { PERMISSIONS } from '../src/review/http/permissions.js';
import { openAccountStore, STORE_DATABASE, type KyselyAccountStore, type Role } from '../src/store/index.js';
import { runCli } from './support/cli.js';
import { engineSuggester } from '../src/review/engine-suggester.js';
import { frenchArticle, GLOSSARY, makeOutput, openReviewOn, readStore, PrefixTranslator, segmentsOf, TOKEN, type Output } from './support/review.js';

let output: Output;
let session: ReviewSession;
/** A second connection to the same database, as `diptych users` in another process is. */
let accounts: KyselyAccountStore;
let base: string;
const SLUG = 'idlib';
const PEOPLE: Record<Exclude<Role, never>, string> = { translator: 'tina', reviewer: 'rémi', admin: 'ada' };
const cookies: Partial<Record<Role, string>> = {};
/** Every secret handed out in this file: none may show up in the database file or an answer. */
const secrets: string[] = [];

type Who = 'none' | Role | 'owner';
const WHO: Who[] = ['none', 'translator', 'reviewer', 'admin', 'owner'];

interface Answer {
  status: number;
  body: any;
  headers: Headers;
  text: string;
}

/** Sign in with a one-time link as the page does; the session cookie the server set. */
async function signIn(name: string): Promise<string> {
  const token = await accounts.signInToken(name);
  secrets.push(token);
  const response = await fetch(`${base}/signin?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
  expect(response.status).toBe(303);
  const cookie = response.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  expect(cookie).toMatch(/Max-Age=\d+/);
  const value = /diptych_session=([^;]+)/.exec(cookie)![1]!;
  secrets.push(decodeURIComponent(value));
  return `diptych_session=${value}`;
}

/** Headers for `who`: a session cookie (with this server's Origin, as the page sends), the owner's bearer token, or nothing. */
function as(who: Who, cookie?: string): Record<string, string> {
  if (who === 'none') return {};
  if (who === 'owner') return { authorization: `Bearer ${TOKEN}` };
  return { cookie: cookie ?? cookies[who]!, origin: base };
}

async function call(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const sent: Record<string, string> = { ...headers };
  if (body !== undefined) sent['content-type'] = 'application/json';
  const response = await fetch(`${base}${url}`, { method, headers: sent, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The page, or an empty redirect.
  }
  return { status: response.status, body: parsed, headers: response.headers, text };
}

/** The event stream answers at once and never ends: its status, and the stream closed. */
async function openStream(headers: Record<string, string>): Promise<Answer> {
  const stop = new AbortController();
  const response = await fetch(`${base}/api/events?slug=${SLUG}`, { headers, signal: stop.signal });
  stop.abort();
  return { status: response.status, body: undefined, headers: response.headers, text: '' };
}

async function segment(n: number) {
  const { body } = await call('GET', `/api/articles/${SLUG}`, as('owner'));
  return segmentsOf(body.article)[n]!;
}

const SEGMENT = `/api/articles/${SLUG}/segments`;
async function segment_(id: string) {
  const { body } = await call('GET', `/api/articles/${SLUG}`, as('owner'));
  return segmentsOf(body.article).find((candidate) => candidate.id === id);
}
let made = 0;
/** A throwaway account for the routes that change or remove one. */
async function throwaway(): Promise<string> {
  const name = `temp${++made}`;
  secrets.push((await accounts.add(name, 'translator')).signInToken);
  return name;
}

beforeAll(async () => {
  output = await makeOutput({ [SLUG]: frenchArticle('Idlib sous les bombes', 30), sommet: "Un sommet\n\nLe secrétaire général de l'OTAN a reçu Jean Dupont à Bruxelles.\n" });
  accounts = (await openAccountStore({ outDir: output.out }))!;
  session = await openReviewOn(output.out, {
    accounts,
    // Another engine (a fake that prefixes OTHER), given the review's current glossary as the CLI gives it.
    suggester: async (stateDir, current) => engineSuggester({ spec: 'other', config: {}, glossary: current, stateDir, budget: 1_000_000, translator: new PrefixTranslator('other', 'OTHER') }),
  });
  base = `http://127.0.0.1:${session.server.port}`;
  for (const [role, name] of Object.entries(PEOPLE) as Array<[Role, string]>) {
    secrets.push((await accounts.add(name, role)).signInToken);
    cookies[role] = await signIn(name);
  }
  await accounts.add('pat', 'translator');
  await accounts.setPassword('pat', 'correct horse battery');
});

afterAll(async () => {
  await session?.close();
  await accounts?.close();
  if (output) await rm(output.dir, { recursive: true, force: true });
});

/**
 * Each route, how to call it so that a caller allowed to gets the status in
 * its row, and the status each of none, translator, reviewer, admin and
 * owner gets. The owner token is no account: it has no password or tokens (409).
 */
const MATRIX: Array<[key: string, call: (who: Who) => Promise<Answer>, expected: number[]]> = [
  ['GET /', (who) => call('GET', '/', as(who)), [401, 200, 200, 200, 200]],
  ['GET /assets/:name', (who) => call('GET', '/assets/editor.js', as(who)), [401, 200, 200, 200, 200]],
  ['GET /api/session', (who) => call('GET', '/api/session', as(who)), [401, 200, 200, 200, 200]],
  ['GET /api/articles', (who) => call('GET', '/api/articles', as(who)), [401, 200, 200, 200, 200]],
  ['GET /api/articles/:slug', (who) => call('GET', `/api/articles/${SLUG}`, as(who)), [401, 200, 200, 200, 200]],
  ['PATCH /api/articles/:slug/segments/:id', async (who) => { const s = await segment(2); return call('PATCH', `${SEGMENT}/${s.id}`, as(who), { revision: s.revision, comment: `note by ${who}` }); }, [401, 200, 200, 200, 200]],
  ['PATCH … state final (approving)', async (who) => { const s = await segment(3); return call('PATCH', `${SEGMENT}/${s.id}`, as(who), { revision: s.revision, state: s.state === 'final' ? 'reviewed' : 'final' }); }, [401, 403, 200, 200, 200]],
  ['POST /api/articles/:slug/segments/:id/undo', async (who) => {
    const s = await segment(4);
    const saved = await call('PATCH', `${SEGMENT}/${s.id}`, as('owner'), { revision: s.revision, target: `Text for ${who}.` });
    return call('POST', `${SEGMENT}/${s.id}/undo`, as(who), { revision: saved.body.segment.revision });
  }, [401, 200, 200, 200, 200]],
  ['POST /api/articles/:slug/segments/:id/suggest', async (who) => call('POST', `${SEGMENT}/${(await segment(5)).id}/suggest`, as(who), {}), [401, 200, 200, 200, 200]],
  ['POST /api/articles/:slug/segments/:id/editing', async (who) => call('POST', `${SEGMENT}/${(await segment(7)).id}/editing`, as(who), { session: `tab-${who}-0001`, editing: true }), [401, 204, 204, 204, 204]],
  ['GET /api/events', (who) => openStream(as(who)), [401, 200, 200, 200, 200]],
  ['GET /api/search', (who) => call('GET', '/api/search?q=phrase', as(who)), [401, 200, 200, 200, 200]],
  // Not an aligned article: a caller allowed past the role check meets the relink's own refusal (400).
  ['POST /api/articles/:slug/segments/:id/relink', async (who) => { const s = await segment(6); return call('POST', `${SEGMENT}/${s.id}/relink`, as(who), { revision: s.revision, operation: 'split' }); }, [401, 403, 400, 400, 400]],
  ['POST /api/articles/:slug/segments/:id/restore', async (who) => {
    const s = await segment(7);
    const saved = await call('PATCH', `${SEGMENT}/${s.id}`, as('owner'), { revision: s.revision, target: `Restorable ${who} ${Date.now()}.` });
    return call('POST', `${SEGMENT}/${s.id}/restore`, as(who), { revision: saved.body.segment.revision, entry: 0 });
  }, [401, 403, 200, 200, 200]],
  ['GET /api/glossary', (who) => call('GET', '/api/glossary', as(who)), [401, 200, 200, 200, 200]],
  ['GET /api/glossary/suggestions', (who) => call('GET', `/api/glossary/suggestions?slug=${SLUG}`, as(who)), [401, 200, 200, 200, 200]],
  ['POST /api/glossary', (who) => call('POST', '/api/glossary', as(who), { source: `terme inconnu ${who}`, target: `unknown term ${who}`, type: 'other' }), [401, 403, 201, 201, 201]],
  // No entry held by a segment: nothing to translate again, but the role check is what is asked here.
  ['POST /api/glossary/:id/retranslate', async (who) => call('POST', `/api/glossary/${(await accounts.addTerm({ source: `terme ${++made}`, target: 'term', type: 'other', note: '', by: 'test' })).id}/retranslate`, as(who)), [401, 403, 200, 200, 200]],
  ['DELETE /api/glossary/:id', async (who) => call('DELETE', `/api/glossary/${(await accounts.addTerm({ source: `terme ${++made}`, target: 'term', type: 'other', note: '', by: 'test' })).id}`, as(who)), [401, 403, 403, 200, 200]],
  ['GET /api/activity', (who) => call('GET', '/api/activity?limit=5', as(who)), [401, 200, 200, 200, 200]],
  ['GET /api/people', (who) => call('GET', '/api/people', as(who)), [401, 200, 200, 200, 200]],
  ['GET /api/assignments', (who) => call('GET', '/api/assignments', as(who)), [401, 200, 200, 200, 200]],
  ['GET /api/me/work', (who) => call('GET', '/api/me/work', as(who)), [401, 200, 200, 200, 200]],
  ['POST /api/articles/:slug/assignments', (who) => call('POST', `/api/articles/${SLUG}/assignments`, as(who), { name: 'ada' }), [401, 403, 201, 201, 201]],
  ['DELETE /api/assignments/:id', async (who) => call('DELETE', `/api/assignments/${(await accounts.assign({ slug: SLUG, account: 'ada', by: 'test' })).id}`, as(who)), [401, 403, 200, 200, 200]],
  ['GET /signin', async (who) => { const token = await accounts.signInToken('pat'); secrets.push(token); return call('GET', `/signin?token=${token}`, as(who)); }, [303, 303, 303, 303, 303]],
  ['GET /signin/:name', (who) => call('GET', '/signin/script.js', as(who)), [200, 200, 200, 200, 200]],
  ['GET /signin (the password page)', (who) => call('GET', '/signin', as(who)), [200, 200, 200, 200, 200]],
  ['POST /signin', (who) => call('POST', '/signin', as(who), { name: 'pat', password: 'correct horse battery' }), [200, 200, 200, 200, 200]],
  // A fresh session of each person, so signing out does not end the one the other rows use.
  ['POST /signout', async (who) => call('POST', '/signout', who === 'none' || who === 'owner' ? as(who) : as(who, await signIn(PEOPLE[who]))), [401, 200, 200, 200, 200]],
  ['GET /api/me/tokens', (who) => call('GET', '/api/me/tokens', as(who)), [401, 200, 200, 200, 409]],
  ['POST /api/me/tokens', (who) => call('POST', '/api/me/tokens', as(who), { label: `script of ${who}` }), [401, 200, 200, 200, 409]],
  ['DELETE /api/me/tokens/:id', async (who) => {
    const { id, token } = await accounts.createApiToken(who === 'none' || who === 'owner' ? 'ada' : PEOPLE[who], 'to revoke');
    secrets.push(token);
    return call('DELETE', `/api/me/tokens/${id}`, as(who));
  }, [401, 200, 200, 200, 409]],
  ['PUT /api/me/password', (who) => call('PUT', '/api/me/password', as(who), { password: 'a long enough secret' }), [401, 200, 200, 200, 409]],
  ['GET /api/users', (who) => call('GET', '/api/users', as(who)), [401, 403, 403, 200, 200]],
  ['POST /api/users', (who) => call('POST', '/api/users', as(who), { name: `new ${who} ${++made}`, role: 'translator' }), [401, 403, 403, 201, 201]],
  ['PUT /api/users/:name', async (who) => call('PUT', `/api/users/${await throwaway()}`, as(who), { role: 'reviewer' }), [401, 403, 403, 200, 200]],
  ['DELETE /api/users/:name', async (who) => call('DELETE', `/api/users/${await throwaway()}`, as(who)), [401, 403, 403, 200, 200]],
  ['POST /api/users/:name/signin-token', async (who) => call('POST', `/api/users/${await throwaway()}/signin-token`, as(who)), [401, 403, 403, 200, 200]],
];

describe('every route × every role', () => {
  it('has a row for every route of the permission table', () => {
    const rows = new Set(MATRIX.map(([key]) => key));
    expect(Object.keys(PERMISSIONS).filter((key) => !rows.has(key))).toEqual([]);
  });

  it.each(MATRIX)('%s', async (_key, request, expected) => {
    const got: number[] = [];
    for (const who of WHO) {
      const answer = await request(who);
      got.push(answer.status);
      if (answer.status === 403) expect(answer.body).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/needs a (reviewer|admin)/) });
      if (typeof answer.body === 'object' && answer.body?.signInToken) secrets.push(answer.body.signInToken);
      if (typeof answer.body === 'object' && answer.body?.token) secrets.push(answer.body.token);
    }
    expect(Object.fromEntries(WHO.map((who, i) => [who, got[i]]))).toEqual(Object.fromEntries(WHO.map((who, i) => [who, expected[i]])));
  });
});

describe('who did what', () => {
  it('records the signed-in name in the history and comments, whatever X-Diptych-User says', async () => {
    const s = await segment(10);
    const headers = { ...as('translator'), 'x-diptych-user': 'mallory' };
    const edited = await call('PATCH', `${SEGMENT}/${s.id}`, headers, { revision: s.revision, target: 'Edited by the translator.', comment: 'my note' });
    expect(edited.status).toBe(200);
    expect(edited.body.segment.history.at(-1).by).toBe('tina');
    expect(edited.body.segment.comments.at(-1).author).toBe('tina');
    expect(edited.body.segment.provenance.editor).toBe('tina');
    const approved = await call('PATCH', `${SEGMENT}/${s.id}`, { ...as('reviewer'), 'x-diptych-user': 'mallory' }, { revision: edited.body.segment.revision, target: 'Approved by the reviewer.', state: 'final' });
    expect(approved.status).toBe(200);
    expect(approved.body.segment.state).toBe('final');
    expect(approved.body.segment.history.map((entry: { by: string }) => entry.by)).toEqual(expect.arrayContaining(['tina', 'rémi']));
    expect(JSON.stringify(approved.body.segment)).not.toContain('mallory');
  });

  it('names who approved a segment whose text did not change, and counts per person what each did', async () => {
    const s = await segment(16);
    const approved = await call('PATCH', `${SEGMENT}/${s.id}`, as('reviewer'), { revision: s.revision, state: 'final' });
    expect(approved.body.segment.stateBy).toEqual({ state: 'final', by: 'rémi', at: expect.any(String) });
    const people = (await call('GET', '/api/people', as('translator'))).body.people as Array<{ name: string; edited: number; approved: number }>;
    expect(people.find((person) => person.name === 'tina')!.edited).toBeGreaterThan(0);
    expect(people.find((person) => person.name === 'rémi')!.approved).toBeGreaterThan(0);
    expect(people.map((person) => person.name)).not.toContain('mallory');
    const mine = (await call('GET', `/api/activity?by=${encodeURIComponent('rémi')}&slug=${SLUG}`, as('translator'))).body.events as Array<{ by: string; what: string; segment: string }>;
    expect(mine[0]).toMatchObject({ by: 'rémi', what: 'final', segment: s.id });
    expect(mine.every((event) => event.by === 'rémi')).toBe(true);
    // `diptych stats` gives the same per person (the folder's stores as saved).
    const stats = runCli(['stats', output.out, '--json']);
    const byName = Object.fromEntries((JSON.parse(stats.stdout).people as Array<{ name: string }>).map((person) => [person.name, person]));
    expect(byName['rémi']).toMatchObject({ approved: expect.any(Number), effort: expect.any(Object) });
    expect(byName['tina']).toMatchObject({ edited: expect.any(Number) });
    expect(runCli(['stats', output.out]).stdout).toMatch(/^person\s+edited\s+reviewed\s+approved\s+comments\s+kept\s+PEE\s+chrF$/m);
  });

  it("puts a translator's new text on an approved segment back to reviewed", async () => {
    const s = await segment(11);
    const approved = await call('PATCH', `${SEGMENT}/${s.id}`, as('reviewer'), { revision: s.revision, state: 'final' });
    expect(approved.body.segment.state).toBe('final');
    const edited = await call('PATCH', `${SEGMENT}/${s.id}`, as('translator'), { revision: approved.body.segment.revision, target: 'Changed after approval.' });
    expect(edited.status).toBe(200);
    expect(edited.body.segment.state).toBe('reviewed');
  });

  it('names the owner token "owner" once accounts exist, and tells the page who is signed in and what they may do', async () => {
    const s = await segment(12);
    const saved = await call('PATCH', `${SEGMENT}/${s.id}`, { ...as('owner'), 'x-diptych-user': 'mallory' }, { revision: s.revision, comment: 'from the owner' });
    expect(saved.body.segment.comments.at(-1).author).toBe('owner');
    expect((await call('GET', '/api/session', as('translator'))).body).toMatchObject({ user: 'tina', accounts: true, role: 'translator', can: { approve: false, restore: false, relink: false, manage: false } });
    expect((await call('GET', '/api/session', as('reviewer'))).body).toMatchObject({ user: 'rémi', role: 'reviewer', can: { approve: true, restore: true, relink: true, assign: true, manage: false } });
  });
});

describe('assignments', () => {
  it("gives a range of segments to a translator, lists it as their work until done, and shows each assignee's progress", async () => {
    const all = segmentsOf((await call('GET', `/api/articles/${SLUG}`, as('owner'))).body.article);
    const range = all.slice(20, 23);
    const refused = await call('POST', `/api/articles/${SLUG}/assignments`, as('reviewer'), { name: 'tina', from: range[2]!.id, to: range[0]!.id });
    expect(refused).toMatchObject({ status: 400, body: { error: 'bad-range' } });
    const made = await call('POST', `/api/articles/${SLUG}/assignments`, as('reviewer'), { name: 'tina', from: range[0]!.id, to: range[2]!.id });
    expect(made).toMatchObject({ status: 201, body: { assignment: { slug: SLUG, account: 'tina', by: 'rémi', segments: 3 } } });
    const work = await call('GET', '/api/me/work', as('translator'));
    expect(work.body.work).toEqual(expect.arrayContaining([expect.objectContaining({ id: made.body.assignment.id, segments: 3, title: 'Idlib sous les bombes' })]));
    expect((await call('GET', '/api/me/work', as('reviewer'))).body.work.map((entry: { account: string }) => entry.account)).not.toContain('tina');
    for (const segment of range) {
      if (segment.state === 'reviewed' || segment.state === 'final') continue;
      const current = (await segment_(segment.id))!;
      expect((await call('PATCH', `${SEGMENT}/${segment.id}`, as('translator'), { revision: current.revision, state: 'reviewed' })).status).toBe(200);
    }
    const after = await call('GET', '/api/me/work', as('translator'));
    expect(after.body.work.map((entry: { id: string }) => entry.id)).not.toContain(made.body.assignment.id);
    const listed = await call('GET', `/api/assignments?slug=${SLUG}`, as('translator'));
    expect(listed.body.assignments).toEqual(expect.arrayContaining([expect.objectContaining({ id: made.body.assignment.id, account: 'tina', segments: 3, done: 3 })]));
  });
});

describe('the glossary in the editor', () => {
  it('adds a reviewer\'s term with who and when, changes the version, and re-checks every segment holding it at once', async () => {
    const before = (await call('GET', '/api/session', as('translator'))).body.glossaryVersion;
    // The candidates `glossary suggest` finds (a name, an acronym the glossary does not pin), offered in the editor.
    const candidates = await call('GET', '/api/glossary/suggestions?slug=sommet', as('reviewer'));
    expect(candidates.body.suggestions).toEqual(expect.arrayContaining([expect.objectContaining({ text: 'Jean Dupont', kind: 'name' }), expect.objectContaining({ text: 'OTAN', kind: 'acronym' })]));
    expect((await call('POST', '/api/glossary', as('reviewer'), { source: 'Casques blancs', target: 'White Helmets' })).status).toBe(409);
    const added = await call('POST', '/api/glossary', as('reviewer'), { source: 'phrase numéro', target: 'sentence number', type: 'other', note: '<b>house style</b>' });
    expect(added).toMatchObject({ status: 201, body: { entry: { source: 'phrase numéro', by: 'rémi', at: expect.any(String) }, rechecked: [SLUG] } });
    const after = (await call('GET', '/api/session', as('translator'))).body.glossaryVersion;
    expect(after).not.toBe(before);
    expect(added.body.version).toBe(after);
    // The machine text ("EN La phrase numéro 30 …") lacks the pinned English: every such segment says so, on disk too.
    const stored = segmentsOf(await readStore(output.out, SLUG));
    const holding = stored.filter((segment) => segment.source.includes('phrase numéro'));
    expect(holding.length).toBeGreaterThan(20);
    for (const segment of holding) expect(segment.terms).toEqual(expect.arrayContaining([expect.objectContaining({ entry: 'phrase numéro', target: 'sentence number', satisfied: false })]));
    // On request, the machine segments holding it are translated again, the entry pinned; a person's text is kept.
    expect((await call('POST', `/api/glossary/${added.body.entry.id}/retranslate`, as('translator'))).status).toBe(403);
    const again = await call('POST', `/api/glossary/${added.body.entry.id}/retranslate`, as('reviewer'));
    expect(again.status).toBe(200);
    expect(again.body.kept).toBeGreaterThan(0);
    expect(again.body.retranslated.length).toBeGreaterThan(10);
    const now = segmentsOf(await readStore(output.out, SLUG));
    for (const { id } of again.body.retranslated) {
      const segment = now.find((candidate) => candidate.id === id)!;
      const was = stored.find((candidate) => candidate.id === id)!;
      expect(segment.target).toMatch(/^OTHER .*sentence number/);
      expect(segment).toMatchObject({ state: was.state, provenance: { translator: 'other', edited: false, glossaryVersion: after } });
      expect(segment.terms).toEqual(expect.arrayContaining([expect.objectContaining({ entry: 'phrase numéro', satisfied: true })]));
      expect(segment.history!.at(-1)).toMatchObject({ origin: 'machine', by: 'other, re-translated for rémi' });
      expect(segment.history!.at(-2)!.target).toBe(was.target);
    }
    for (const was of stored.filter((segment) => segment.provenance?.edited)) expect(now.find((segment) => segment.id === was.id)!.target).toBe(was.target);
    const listed = await call('GET', '/api/glossary', as('translator'));
    expect(listed.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'phrase numéro', note: '<b>house style</b>', by: 'rémi' })]));
    // Taken back by an admin: the version changes again.
    expect((await call('DELETE', `/api/glossary/${added.body.entry.id}`, as('admin'))).body.version).not.toBe(after);
  });
});

describe('sessions and tokens end at once', () => {
  it('takes an API token as Authorization: Bearer until it is revoked', async () => {
    const made = await call('POST', '/api/me/tokens', as('reviewer'), { label: 'nightly script' });
    expect(made.status).toBe(200);
    secrets.push(made.body.token);
    const bearer = { authorization: `Bearer ${made.body.token}` };
    const s = await segment(13);
    const approved = await call('PATCH', `${SEGMENT}/${s.id}`, bearer, { revision: s.revision, state: 'final' });
    expect(approved.status).toBe(200);
    expect(approved.body.segment.history ?? []).toEqual(expect.any(Array));
    const listed = await call('GET', '/api/me/tokens', as('reviewer'));
    expect(listed.body.tokens).toEqual(expect.arrayContaining([expect.objectContaining({ id: made.body.id, label: 'nightly script' })]));
    expect(JSON.stringify(listed.body)).not.toContain(made.body.token);
    expect((await call('DELETE', `/api/me/tokens/${made.body.id}`, as('reviewer'))).status).toBe(200);
    const after = await call('GET', '/api/articles', bearer);
    expect(after.status).toBe(401);
    expect(after.text).not.toContain(made.body.token);
  });

  it("refuses another person's token to be revoked by someone else", async () => {
    const { id, token } = await accounts.createApiToken('rémi', 'mine');
    secrets.push(token);
    expect((await call('DELETE', `/api/me/tokens/${id}`, as('translator'))).status).toBe(404);
    expect((await call('GET', '/api/session', { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('ends a live session on the next request when the account is removed in another process', async () => {
    await accounts.add('leo', 'reviewer');
    const cookie = await signIn('leo');
    expect((await call('GET', '/api/articles', as('reviewer', cookie))).status).toBe(200);
    expect(await accounts.remove('leo')).toBe(true);
    expect((await call('GET', '/api/articles', as('reviewer', cookie))).status).toBe(401);
  });

  it('applies a role change on the next request', async () => {
    await accounts.add('max', 'translator');
    const cookie = await signIn('max');
    const s = await segment(14);
    expect((await call('PATCH', `${SEGMENT}/${s.id}`, as('translator', cookie), { revision: s.revision, state: 'final' })).status).toBe(403);
    await accounts.setRole('max', 'reviewer');
    expect((await call('PATCH', `${SEGMENT}/${s.id}`, as('reviewer', cookie), { revision: s.revision, state: 'final' })).status).toBe(200);
  });

  it('takes a sign-in link once', async () => {
    const token = await accounts.signInToken('tina');
    secrets.push(token);
    expect((await call('GET', `/signin?token=${token}`, {})).status).toBe(303);
    const again = await call('GET', `/signin?token=${token}`, {});
    expect(again.status).toBe(401);
    expect(again.text).not.toContain(token);
  });

  it('ends the session on sign-out', async () => {
    const cookie = await signIn('tina');
    expect((await call('POST', '/signout', as('translator', cookie))).status).toBe(200);
    expect((await call('GET', '/api/articles', as('translator', cookie))).status).toBe(401);
  });
});

describe('security', () => {
  it('refuses a write through a session cookie without this server\'s Origin', async () => {
    const s = await segment(15);
    const { origin: _origin, ...noOrigin } = as('admin');
    expect((await call('PATCH', `${SEGMENT}/${s.id}`, noOrigin, { revision: s.revision, comment: 'x' })).status).toBe(403);
    const forged = await call('PATCH', `${SEGMENT}/${s.id}`, { ...noOrigin, origin: 'http://evil.example' }, { revision: s.revision, comment: 'x' });
    expect(forged).toMatchObject({ status: 403, body: { error: 'bad-origin' } });
  });

  it("refuses a password sign-in from another site's page", async () => {
    const answer = await call('POST', '/signin', { origin: 'http://evil.example' }, { name: 'pat', password: 'correct horse battery' });
    expect(answer).toMatchObject({ status: 403, body: { error: 'bad-origin' } });
    expect(answer.headers.get('set-cookie')).toBeNull();
  });

  it('answers the same to an unknown name and a wrong password', async () => {
    const unknown = await call('POST', '/signin', {}, { name: 'nobody', password: 'whatever it is' });
    const wrong = await call('POST', '/signin', {}, { name: 'pat', password: 'not the password' });
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('limits sign-in attempts from one address (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11 && !statuses.includes(429); i++) statuses.push((await call('POST', '/signin', {}, { name: 'nobody', password: `guess ${i}` })).status);
    expect(statuses).toContain(429);
  });

  it('keeps no secret in the database, in clear', async () => {
    const database = await readFile(path.join(output.out, STORE_DATABASE));
    const wal = await readFile(path.join(output.out, `${STORE_DATABASE}-wal`)).catch(() => Buffer.alloc(0));
    const bytes = Buffer.concat([database, wal]).toString('latin1');
    expect(secrets.length).toBeGreaterThan(20);
    // A token is dpt_<id>_<secret>: the id is stored (it is looked up), the secret never.
    const found = [...secrets.map((token) => token.slice('dpt_0123456789abcdef_'.length)), 'correct horse battery', 'a long enough secret'].filter((secret) => bytes.includes(secret));
    expect(found).toEqual([]);
  });
});

describe('the owner token and the account count', () => {
  it('asks the account store once while accounts exist, at once while none do, and sees the last one go', async () => {
    let accounts = 0;
    let asked = 0;
    const store = {
      count: async () => {
        asked++;
        return accounts;
      },
    } as unknown as KyselyAccountStore;
    let clock = 0;
    const identify = identifier(store, () => clock);
    const owner = async () => (await identify({ request: {} as FastifyRequest, owner: true }))!.accounts;
    // None yet: asked at every request, so the first account counts at once.
    expect(await owner()).toBe(false);
    expect(await owner()).toBe(false);
    expect(asked).toBe(2);
    accounts = 1;
    expect(await owner()).toBe(true);
    expect(asked).toBe(3);
    // Known to exist: the saves that follow ask nothing.
    clock += ACCOUNTS_KNOWN_MS - 1;
    expect(await owner()).toBe(true);
    expect(asked).toBe(3);
    // The last one removed: seen once the known time has passed.
    accounts = 0;
    clock += 1;
    expect(await owner()).toBe(false);
    expect(asked).toBe(4);
  });
});
