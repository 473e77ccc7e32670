// Who may talk to the review server, checked once per request in an
// `onRequest` hook before any route runs (404s included): a loopback host name
// when bound to loopback (no DNS rebinding), the token (an HttpOnly,
// SameSite=Strict cookie set by the first visit with ?token=…, or
// Authorization: Bearer) or, once accounts exist, a person's session or API
// token (accounts.ts), and for a write carrying cookies, this server's own
// Origin. The security headers every answer carries are set here too.

import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Identify } from './accounts.js';
import { fail } from './errors.js';
import { routeNeed } from './permissions.js';

const COOKIE = 'diptych_review';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface AuthOptions {
  token: string;
  /** Bound to a loopback address: answer only to loopback host names. */
  loopback: boolean;
  /** Who the request is (the owner, an account), or undefined for no one. */
  identify: Identify;
}

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

/** Host names this server answers to: its loopback names when bound to loopback, any otherwise. */
function hostAllowed(host: string | undefined, loopback: boolean): boolean {
  if (!host) return false;
  if (!loopback) return true;
  const name = host.replace(/:\d+$/, '');
  return LOOPBACK_HOSTS.has(name);
}

/** The first visit, `GET /?token=…`: the token moves from the address into a cookie. */
function tokenFromAddress(request: FastifyRequest, reply: FastifyReply, token: string): FastifyReply | undefined {
  const url = new URL(request.url, 'http://local');
  const given = request.method === 'GET' && url.pathname === '/' ? url.searchParams.get('token') : null;
  if (given === null) return undefined;
  if (!sameSecret(given, token)) return fail(reply, 401, 'bad-token', 'the token in the address is wrong: use the address `diptych review` printed');
  // Keep the token out of the address bar and history: a cookie from now on.
  return reply
    .code(303)
    .header('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`)
    .header('location', '/')
    .send();
}

/** The onRequest hook: refuses (and ends) a request that may not go on; lets the others through. */
export function requireToken({ token, loopback, identify }: AuthOptions): onRequestAsyncHookHandler {
  return async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (!hostAllowed(request.headers.host, loopback)) return fail(reply, 403, 'bad-host', `this server answers only to ${[...LOOPBACK_HOSTS].join(', ')}`);
    const visit = tokenFromAddress(request, reply, token);
    if (visit) return visit;
    // Signing in is the one thing asked without a credential.
    if (routeNeed(request.method, request.routeOptions.url ?? '') === 'public') return undefined;
    const bearer = bearerToken(request.headers.authorization);
    // Read even beside a bearer token: a cookie that does not URL-decode is refused (bad-encoding) either way.
    const cookie = cookieToken(request.headers.cookie);
    const given = bearer ?? cookie;
    const identity = await identify({ request, owner: given !== undefined && sameSecret(given, token), ...(bearer !== undefined ? { bearer } : {}) });
    if (!identity) {
      if (given === undefined) return fail(reply, 401, 'no-token', 'open the address `diptych review` printed (with ?token=…) or your sign-in link, or send Authorization: Bearer <token>');
      return fail(reply, 401, 'bad-token', 'wrong token: use the one `diptych review` printed or --token set, or sign in again');
    }
    request.identity = identity;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const origin = request.headers.origin;
      // A browser sends cookies on its own; a cross-site write must not ride on them.
      if (origin !== undefined ? origin !== `http://${request.headers.host}` : bearer === undefined) {
        return fail(reply, 403, 'bad-origin', `writes must come from this server's own page (Origin ${origin ?? 'missing'})`);
      }
    }
    return undefined;
  };
}
