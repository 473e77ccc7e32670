// `GET /api/session`: what the page needs before anything else — the name to
// offer, the engines it may ask, and the glossary saves are checked against.

import type { FastifyPluginAsync } from 'fastify';
import type { ReviewServices } from '../http/services.js';

const SESSION = {
  type: 'object',
  required: ['user', 'engines', 'glossaryVersion'],
  properties: {
    user: { type: ['string', 'null'] },
    engines: { type: 'array', items: { type: 'string' } },
    glossaryVersion: { type: 'string' },
  },
} as const;

export const sessionRoutes: FastifyPluginAsync<ReviewServices> = async (app, { store, user, suggester }) => {
  app.get('/api/session', { schema: { response: { 200: SESSION } } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ user: user ?? null, engines: suggester?.engines() ?? [], glossaryVersion: store.glossary.version }),
  );
};
