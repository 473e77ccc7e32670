// `GET /api/activity`: the recent changes (texts saved, comments, approvals)
// by person and by article, newest first, read by the store of record from
// its indexes (the editor's home page asks for them on every visit);
// `GET /api/people`: per person, what they edited, reviewed and approved.

import type { FastifyPluginAsync } from 'fastify';
import type { Article } from '../../core/types.js';
import type { ReviewServices } from '../http/services.js';
import { statsByPerson } from '../people.js';

/** A query string is text, and the API coerces no type: `limit` is digits (1–999). */
const FILTER = {
  type: 'object',
  additionalProperties: false,
  properties: { by: { type: 'string', maxLength: 80 }, slug: { type: 'string', maxLength: 200 }, limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' } },
} as const;

export const activityRoutes: FastifyPluginAsync<ReviewServices> = async (app, { store }) => {
  /** Every article that reads (a damaged one is the article list's to report). */
  const articles = async (): Promise<Article[]> => {
    const all: Article[] = [];
    for (const slug of await store.slugs()) {
      const article = await store.article(slug).catch(() => undefined);
      if (article) all.push(article);
    }
    return all;
  };

  app.get<{ Querystring: { by?: string; slug?: string; limit?: string } }>('/api/activity', { schema: { querystring: FILTER } }, async (request, reply) => {
    const { by, slug, limit } = request.query;
    const filter = { ...(by !== undefined ? { by } : {}), ...(slug !== undefined ? { slug } : {}), ...(limit !== undefined ? { limit: Number(limit) } : {}) };
    return reply.header('cache-control', 'no-store').send({ events: await store.store.activity(filter) });
  });

  app.get('/api/people', async (_request, reply) => reply.header('cache-control', 'no-store').send({ people: statsByPerson(await articles()) }));
};
