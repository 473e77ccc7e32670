// Accounts over HTTP: one's own password and API tokens (`/api/me/…`), and,
// for an admin, the team's accounts (`/api/users…`) — the same changes as
// `diptych users`. Secrets are answered once, when made, and never listed.

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AccountError, ROLES, type AccountStore, type Role } from '../../store/index.js';
import { fail } from '../http/errors.js';

const NAME_PARAMS = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } as const;
const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } as const;
const NEW_ACCOUNT = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'role'],
  properties: { name: { type: 'string', maxLength: 80 }, role: { enum: [...ROLES] } },
} as const;
const ROLE = { type: 'object', additionalProperties: false, required: ['role'], properties: { role: { enum: [...ROLES] } } } as const;
const PASSWORD = { type: 'object', additionalProperties: false, required: ['password'], properties: { password: { type: 'string', maxLength: 1000 } } } as const;
const TOKEN = { type: 'object', additionalProperties: false, properties: { label: { type: 'string', maxLength: 200 } } } as const;

const STATUS: Record<AccountError['code'], number> = { 'unknown-account': 404, exists: 409, 'bad-name': 400, 'bad-role': 400, 'bad-password': 400, 'bad-term': 400 };

export const peopleRoutes: FastifyPluginAsync<{ accounts?: AccountStore | undefined }> = async (app, { accounts }) => {
  /** The store, and the signed-in account's name; the owner token has no account of its own. */
  const mine = (request: FastifyRequest, reply: FastifyReply): { store: AccountStore; name: string } | undefined => {
    const name = request.identity?.name;
    if (!accounts || name === undefined) {
      void fail(reply, 409, 'no-account', 'the owner token is no account: sign in as a person (`diptych users add`) to have a password or tokens');
      return undefined;
    }
    return { store: accounts, name };
  };
  const store = (reply: FastifyReply): AccountStore | undefined => {
    if (!accounts) void fail(reply, 404, 'not-found', 'this review has no account store');
    return accounts;
  };
  const refuse = (reply: FastifyReply, error: unknown) => {
    if (error instanceof AccountError) return fail(reply, STATUS[error.code], error.code, error.hint ? `${error.message}: ${error.hint}` : error.message);
    throw error;
  };
  const answer = (reply: FastifyReply, body: unknown) => reply.header('cache-control', 'no-store').send(body);

  app.put<{ Body: { password: string } }>('/api/me/password', { schema: { body: PASSWORD } }, async (request, reply) => {
    const me = mine(request, reply);
    if (!me) return reply;
    return me.store.setPassword(me.name, request.body.password).then(() => answer(reply, { name: me.name, password: true }), (error) => refuse(reply, error));
  });

  app.get('/api/me/tokens', async (request, reply) => {
    const me = mine(request, reply);
    return me ? answer(reply, { tokens: await me.store.apiTokens(me.name) }) : reply;
  });

  app.post<{ Body: { label?: string } | undefined }>('/api/me/tokens', { schema: { body: TOKEN } }, async (request, reply) => {
    const me = mine(request, reply);
    return me ? answer(reply, await me.store.createApiToken(me.name, request.body?.label ?? '')) : reply;
  });

  app.delete<{ Params: { id: string } }>('/api/me/tokens/:id', { schema: { params: ID_PARAMS } }, async (request, reply) => {
    const me = mine(request, reply);
    if (!me) return reply;
    if (!(await me.store.revokeApiToken(me.name, request.params.id))) return fail(reply, 404, 'not-found', `you have no token ${request.params.id}`);
    return answer(reply, { revoked: request.params.id });
  });

  app.get('/api/users', async (_request, reply) => {
    const people = store(reply);
    return people ? answer(reply, { users: await people.list() }) : reply;
  });

  app.post<{ Body: { name: string; role: Role } }>('/api/users', { schema: { body: NEW_ACCOUNT } }, async (request, reply) => {
    const people = store(reply);
    if (!people) return reply;
    return people.add(request.body.name, request.body.role).then(({ account, signInToken }) => answer(reply.code(201), { account, signInToken }), (error) => refuse(reply, error));
  });

  app.put<{ Params: { name: string }; Body: { role: Role } }>('/api/users/:name', { schema: { params: NAME_PARAMS, body: ROLE } }, async (request, reply) => {
    const people = store(reply);
    if (!people) return reply;
    return people.setRole(request.params.name, request.body.role).then((account) => answer(reply, { account }), (error) => refuse(reply, error));
  });

  app.delete<{ Params: { name: string } }>('/api/users/:name', { schema: { params: NAME_PARAMS } }, async (request, reply) => {
    const people = store(reply);
    if (!people) return reply;
    if (!(await people.remove(request.params.name))) return fail(reply, 404, 'unknown-account', `no account "${request.params.name}"`);
    return answer(reply, { removed: request.params.name });
  });

  app.post<{ Params: { name: string } }>('/api/users/:name/signin-token', { schema: { params: NAME_PARAMS } }, async (request, reply) => {
    const people = store(reply);
    if (!people) return reply;
    return people.signInToken(request.params.name).then((signInToken) => answer(reply, { signInToken }), (error) => refuse(reply, error));
  });
};
