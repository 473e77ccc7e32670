// The review server: the JSON API over a ReviewStore, and the editor page
// (one HTML shell, one script, one style sheet, all served from this package:
// no CDN, works offline). Fastify because it validates and limits bodies,
// answers malformed JSON and oversized bodies itself, and is fast and kept up.
//
// Safety: a random token is required on every request (an HttpOnly,
// SameSite=Strict cookie set by the first visit with ?token=…, or
// Authorization: Bearer); a write carrying cookies must come from this
// server's own origin; the page's CSP allows only its own script and style.

import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describeError, TranslatorError } from '../core/errors.js';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { articleEffort, effortOf } from './effort.js';
import { RELINK_OPERATIONS, type RelinkRequest } from './relink.js';
import { parsePatch, ReviewRequestError, segmentsOf, type PatchResult, type ReviewStore } from './review-store.js';
import type { SegmentSuggester } from './suggest.js';

export interface ReviewServerOptions {
  store: ReviewStore;
  token: string;
  /**
   * Reviewer name from --user: the name offered to each browser and used for
   * writes that name nobody (a script). A browser's own chosen name, sent with
   * each write, is what the history records.
   */
  user?: string;
  /** "Ask another engine" and re-translation, when configured. */
  suggester?: SegmentSuggester;
  /** Largest request body, in bytes. */
  bodyLimit?: number;
}

const COOKIE = 'diptych_review';
export const BODY_LIMIT = 64 * 1024;

/** The page's policy: only this server's own script, style and API; no inline code, no frames, no forms elsewhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The page's files: beside this module once built, or in the source tree (tests run the TypeScript). */
function assetDir(): string {
  const candidates = [new URL('./assets/', import.meta.url), new URL('../../../src/review/assets/', import.meta.url)];
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  return fileURLToPath(found ?? candidates[0]!);
}

const ASSETS = new Map([
  ['editor.js', 'text/javascript; charset=utf-8'],
  ['editor.css', 'text/css; charset=utf-8'],
  // Declared by the page, so the browser never asks for a /favicon.ico that is not there.
  ['favicon.svg', 'image/svg+xml'],
]);

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function fail(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error, message });
}

/** Host names this server answers to: its loopback names when bound to loopback (no DNS rebinding), any otherwise. */
function hostAllowed(host: string | undefined, loopback: boolean): boolean {
  if (!host) return false;
  if (!loopback) return true;
  const name = host.replace(/:\d+$/, '');
  return LOOPBACK_HOSTS.has(name);
}

export async function buildReviewServer(options: ReviewServerOptions & { loopback?: boolean }): Promise<FastifyInstance> {
  const { store, token } = options;
  const loopback = options.loopback ?? true;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? BODY_LIMIT,
    logger: false,
    return503OnClosing: true,
    // A path that does not URL-decode (`/api/articles/%E0`) is answered in the API's own shape, not Fastify's.
    frameworkErrors: (error, request, reply) => {
      if (error.code === 'FST_ERR_BAD_URL') return fail(reply, 400, 'bad-url', `the address ${JSON.stringify(request.url.slice(0, 200))} does not URL-decode: encode it as UTF-8 percent escapes`);
      return fail(reply, 400, 'bad-request', error.message);
    },
  });
  const assets = assetDir();

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (!hostAllowed(request.headers.host, loopback)) return fail(reply, 403, 'bad-host', `this server answers only to ${[...LOOPBACK_HOSTS].join(', ')}`);
    const url = new URL(request.url, 'http://local');
    const fromQuery = request.method === 'GET' && url.pathname === '/' ? url.searchParams.get('token') : null;
    if (fromQuery !== null) {
      if (!sameSecret(fromQuery, token)) return fail(reply, 401, 'bad-token', 'the token in the address is wrong: use the address `diptych review` printed');
      // Keep the token out of the address bar and history: a cookie from now on.
      return reply
        .code(303)
        .header('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`)
        .header('location', '/')
        .send();
    }
    const bearer = bearerToken(request.headers.authorization);
    const cookie = cookieToken(request.headers.cookie);
    const given = bearer ?? cookie;
    if (given === undefined) return fail(reply, 401, 'no-token', 'open the address `diptych review` printed (with ?token=…), or send Authorization: Bearer <token>');
    if (!sameSecret(given, token)) return fail(reply, 401, 'bad-token', 'wrong token: use the one `diptych review` printed or --token set');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const origin = request.headers.origin;
      // A browser sends cookies on its own; a cross-site write must not ride on them.
      if (origin !== undefined ? origin !== `http://${request.headers.host}` : bearer === undefined) {
        return fail(reply, 403, 'bad-origin', `writes must come from this server's own page (Origin ${origin ?? 'missing'})`);
      }
    }
    return undefined;
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof ReviewRequestError) return fail(reply, error.status, error.code, error.message);
    if (error instanceof TranslatorError) return fail(reply, 502, 'engine-failed', describeError(error));
    // decodeURIComponent on a header the client sent (the reviewer's name, the cookie).
    if (error instanceof URIError) return fail(reply, 400, 'bad-encoding', 'a header does not URL-decode: encode it as UTF-8 percent escapes');
    if (error.statusCode === 413) return fail(reply, 413, 'too-large', `the body is over ${options.bodyLimit ?? BODY_LIMIT} bytes`);
    if (error.statusCode === 415) return fail(reply, 400, 'bad-body', 'send JSON (Content-Type: application/json)');
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return fail(reply, 400, 'bad-body', error.message);
    return fail(reply, 500, 'internal', error.message);
  });

  app.setNotFoundHandler((request, reply) => fail(reply, 404, 'not-found', `nothing at ${request.method} ${request.url.split('?')[0]}`));

  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    const html = await readFile(`${assets}/index.html`, 'utf8');
    return reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  };
  app.get('/', page);

  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const type = ASSETS.get(request.params.name);
    if (!type) return fail(reply, 404, 'not-found', `no asset ${request.params.name}`);
    return reply.type(type).header('cache-control', 'no-cache').send(await readFile(`${assets}/${request.params.name}`, 'utf8'));
  });

  app.get('/api/session', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ user: options.user ?? null, engines: options.suggester?.engines() ?? [], glossaryVersion: store.glossary.version }),
  );

  app.get('/api/articles', async (_request, reply) => reply.header('cache-control', 'no-store').send(await store.list()));

  app.get<{ Params: { slug: string } }>('/api/articles/:slug', async (request, reply) => {
    const article = await store.article(request.params.slug);
    const segments = Object.fromEntries(segmentsOf(article).map((segment) => [segment.id, effortOf([segment])]));
    return reply.header('cache-control', 'no-store').send({ article, effort: { article: articleEffort(article), segments } });
  });

  const reviewer = (request: FastifyRequest): string => {
    const header = request.headers['x-diptych-user'];
    const name = typeof header === 'string' ? decodeURIComponent(header).trim().slice(0, 80) : '';
    return name === '' ? (options.user ?? 'anonymous') : name;
  };

  /** A change's answer: the segment and the effort it leaves, or 409 with the current segment. */
  const answerChange = async (reply: FastifyReply, slug: string, result: PatchResult, conflict: string) => {
    if (result.status === 409) return reply.code(409).header('cache-control', 'no-store').send({ error: 'conflict', message: conflict, segment: result.segment });
    const article = await store.article(slug);
    return reply.header('cache-control', 'no-store').send({ segment: result.segment, effort: { segment: effortOf([result.segment]), article: articleEffort(article) } });
  };

  app.patch<{ Params: { slug: string; id: string } }>('/api/articles/:slug/segments/:id', async (request, reply) => {
    const patch = parsePatch(request.body);
    const result = await store.patch(request.params.slug, request.params.id, patch, reviewer(request));
    return answerChange(reply, request.params.slug, result, `segment ${request.params.id} changed since revision ${patch.revision}: merge with the current one`);
  });

  app.post<{ Params: { slug: string; id: string } }>('/api/articles/:slug/segments/:id/undo', async (request, reply) => {
    const body = request.body as { revision?: unknown } | null;
    const revision = body?.revision;
    if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0) throw new ReviewRequestError(400, 'bad-revision', 'send { "revision": n }: the revision the change to undo made');
    const result = await store.undo(request.params.slug, request.params.id, revision, reviewer(request));
    return answerChange(reply, request.params.slug, result, `segment ${request.params.id} changed since revision ${revision}: nothing undone`);
  });

  // An aligned article's links: move a sentence to the link before or after, merge with the next link, split one.
  app.post<{ Params: { slug: string; id: string } }>('/api/articles/:slug/segments/:id/relink', async (request, reply) => {
    const body = parseRelink(request.body);
    const result = await store.relinkSegment(request.params.slug, request.params.id, body, reviewer(request));
    if (result.status === 409) {
      return reply.code(409).header('cache-control', 'no-store').send({ error: 'conflict', message: `segment ${request.params.id} changed since revision ${body.revision}: reload the article`, segment: result.segment });
    }
    return reply.header('cache-control', 'no-store').send({ segment: result.segment, article: await store.article(request.params.slug) });
  });

  app.post<{ Params: { slug: string; id: string } }>('/api/articles/:slug/segments/:id/suggest', async (request, reply) => {
    if (!options.suggester) return fail(reply, 404, 'not-found', 'no other engine configured: start `diptych review` with --translator');
    const body = request.body as { engine?: unknown } | null;
    const engine = typeof body?.engine === 'string' ? body.engine : undefined;
    const article = await store.article(request.params.slug);
    const segment = article.blocks.flatMap((block) => block.segments).find((candidate) => candidate.id === request.params.id);
    if (!segment) return fail(reply, 404, 'not-found', `no segment "${request.params.id}"`);
    const suggestion = await options.suggester.suggest(segment, article, engine);
    store.rememberSuggestion(request.params.slug, request.params.id, suggestion);
    return reply.header('cache-control', 'no-store').send({ suggestion });
  });

  return app;
}

export interface RunningReviewServer {
  app: FastifyInstance;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startReviewServer(options: ReviewServerOptions & { host?: string; port?: number }): Promise<RunningReviewServer> {
  const host = options.host ?? '127.0.0.1';
  const app = await buildReviewServer({ ...options, loopback: isLoopback(host) });
  await app.listen({ host, port: options.port ?? 4173 });
  const { port } = app.server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    app,
    port,
    url: `http://${shown}:${port}/?token=${encodeURIComponent(options.token)}`,
    async close() {
      await app.close();
      await options.store.close();
    },
  };
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function parseRelink(body: unknown): RelinkRequest {
  const given = body as Partial<Record<keyof RelinkRequest, unknown>> | null;
  const operation = RELINK_OPERATIONS.find((name) => name === given?.operation);
  if (!given || typeof given.revision !== 'number' || !Number.isInteger(given.revision) || !operation) {
    throw new ReviewRequestError(400, 'bad-body', `send {"revision": <the segment's revision>, "operation": one of ${RELINK_OPERATIONS.join(', ')}}`);
  }
  const count = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const french = count(given.french);
  const english = count(given.english);
  return { revision: given.revision, operation, ...(french !== undefined ? { french } : {}), ...(english !== undefined ? { english } : {}) };
}
