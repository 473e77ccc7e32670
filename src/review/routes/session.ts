// `GET /api/session`: what the page needs before anything else — the name to
// offer (or, with accounts, the signed-in person and what their role may do,
// so the page offers nothing the API would refuse), the engines it may ask,
// and the glossary saves are checked against.

import type { FastifyPluginAsync } from 'fastify';
import { abilitiesOf } from '../http/permissions.js';
import type { ReviewServices } from '../http/services.js';

const SESSION = {
  type: 'object',
  required: ['user', 'engines', 'glossaryVersion'],
  properties: {
    user: { type: ['string', 'null'] },
    engines: { type: 'array', items: { type: 'string' } },
    glossaryVersion: { type: 'string' },
    accounts: { type: 'boolean' },
    /** A person's own session or token (not the owner token): they have a password and tokens to manage. */
    account: { type: 'boolean' },
    role: { type: 'string' },
    can: { type: 'object', properties: { approve: { type: 'boolean' }, restore: { type: 'boolean' }, relink: { type: 'boolean' }, assign: { type: 'boolean' }, glossary: { type: 'boolean' }, manage: { type: 'boolean' } } },
  },
} as const;

export const sessionRoutes: FastifyPluginAsync<ReviewServices> = async (app, { store, user, suggester }) => {
  app.get('/api/session', { schema: { response: { 200: SESSION } } }, async (request, reply) => {
    const identity = request.identity;
    const role = identity?.role ?? 'admin';
    // With accounts the name is the account's (the owner's is `--user` or "owner"): the page no longer asks for one.
    const name = identity?.accounts ? (identity.name ?? user ?? 'owner') : (user ?? null);
    return reply
      .header('cache-control', 'no-store')
      .send({ user: name, engines: suggester?.engines() ?? [], glossaryVersion: store.glossary.version, accounts: identity?.accounts ?? false, account: identity?.name !== undefined, role, can: abilitiesOf(role) });
  });
};
