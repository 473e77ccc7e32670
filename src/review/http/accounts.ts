// Who is asking, once accounts exist: the owner token (the admin's, as
// printed by `diptych review`), a signed-in browser (a session cookie from a
// sign-in link or a password), or a script's API token. Every session and API
// token is checked against the account store as it is now, so removing a
// person or revoking a token ends their access on the next request, on every
// server.
// With no accounts, nothing changes for one person: the owner token alone,
// and the names the page or `--user` give.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleAllows, SESSION_LIFETIME, type AccountStore, type Role } from '../../store/index.js';
import { fail } from './errors.js';
import { needOf, routeKey, routeNeed } from './permissions.js';

export const SESSION_COOKIE = 'diptych_session';

export interface Identity {
  role: Role;
  via: 'owner' | 'session' | 'api';
  /** The account's name (undefined for the owner token, which is no account). */
  name?: string;
  /** Accounts exist: names come from them, never from what a request types. */
  accounts: boolean;
  /** The session's or API token's public id. */
  credential?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
  }
}

/** What the auth hook knows once it has read the request: whether it carries the owner token, and its bearer token. */
export interface Credentials {
  request: FastifyRequest;
  owner: boolean;
  bearer?: string;
}

export type Identify = (credentials: Credentials) => Promise<Identity | undefined>;

/**
 * How long "accounts exist" is taken as known for the owner token's requests
 * (ms): the owner's saves are named from it, and asking the account store at
 * every save was a query per save (a round trip on PostgreSQL). No accounts
 * is never kept: the first account counts at once; removing the last counts
 * within this time. Sessions and API tokens are still checked at every request.
 */
export const ACCOUNTS_KNOWN_MS = 1000;

/** The identify step of the auth hook: the owner, an account, or no one (401). */
export function identifier(accounts: AccountStore | undefined, now: () => number = Date.now): Identify {
  let accountsSeenAt = -Infinity;
  const accountsExist = async (): Promise<boolean> => {
    if (!accounts) return false;
    if (now() - accountsSeenAt < ACCOUNTS_KNOWN_MS) return true;
    const exist = (await accounts.count()) > 0;
    accountsSeenAt = exist ? now() : -Infinity;
    return exist;
  };
  return async ({ request, owner, bearer }) => {
    if (owner) return { role: 'admin', via: 'owner', accounts: await accountsExist() };
    if (!accounts) return undefined;
    const session = request.cookies?.[SESSION_COOKIE];
    const signedIn = bearer !== undefined ? await accounts.authenticate(bearer, 'api') : session ? await accounts.authenticate(session, 'session') : undefined;
    if (!signedIn) return undefined;
    return { role: signedIn.account.role, via: signedIn.kind, name: signedIn.account.name, accounts: true, credential: signedIn.id };
  };
}

/**
 * The name a change is recorded under: the signed-in account's; for the
 * owner once accounts exist, `--user` or "owner"; with no accounts, as
 * always, the name the page sends, else `--user`, else anonymous.
 */
export function authorOf(request: FastifyRequest, user: string | undefined): string {
  const identity = request.identity;
  if (identity?.name !== undefined) return identity.name;
  if (identity?.accounts) return user ?? 'owner';
  const header = request.headers['x-diptych-user'];
  const name = typeof header === 'string' ? decodeURIComponent(header).trim().slice(0, 80) : '';
  return name === '' ? (user ?? 'anonymous') : name;
}

/** The session cookie: HttpOnly, expiring with the session; Lax so that a sign-in link opened from a mail program lands signed in (writes still check Origin). */
export function setSessionCookie(reply: FastifyReply, session: string): FastifyReply {
  return reply.setCookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: SESSION_LIFETIME / 1000 });
}

export function clearSessionCookie(reply: FastifyReply): FastifyReply {
  return reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/' });
}

/**
 * Every route must be in the permission table (a route left out would not
 * start), and every request is refused with 403 what its role may not do —
 * after its body is parsed, since approving is a save with `state: final`.
 */
export function enforceRoles(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (routeNeed(method, route.url) === undefined) throw new Error(`the review route ${routeKey(method, route.url)} declares no role: add it to PERMISSIONS in src/review/http/permissions.ts`);
    }
  });
  app.addHook('preValidation', async (request, reply) => {
    const url = request.routeOptions.url;
    const routeNeeds = url === undefined ? undefined : routeNeed(request.method, url);
    if (routeNeeds === undefined || routeNeeds === 'public') return undefined;
    const identity = request.identity;
    if (!identity) return fail(reply, 401, 'no-token', 'sign in first');
    const needs = needOf(request, routeNeeds);
    if (needs !== 'public' && !roleAllows(identity.role, needs)) {
      return fail(reply, 403, 'forbidden', `${identity.name ?? 'this token'} is a ${identity.role}: ${request.method} ${url} needs a ${needs} (ask an admin)`);
    }
    keepTranslatorTextsUnapproved(request, identity.role);
    return undefined;
  });
}

/**
 * A translator's new text is never final: saving a text keeps the segment's
 * state, so without this a translator could change an approved segment and
 * leave it approved. Their text goes back to reviewed, for a reviewer.
 */
function keepTranslatorTextsUnapproved(request: FastifyRequest, role: Role): void {
  if (roleAllows(role, 'reviewer') || request.method !== 'PATCH') return;
  const body = request.body as Record<string, unknown> | null;
  if (body && typeof body === 'object' && !Array.isArray(body) && body['target'] !== undefined && body['state'] === undefined) body['state'] = 'reviewed';
}
