// Concordance: every segment of every article whose French or English holds
// some words (or a phrase), ranked by the database's own text search
// (`store.search`: SQLite FTS5, PostgreSQL full-text), for the editor's
// search panel and any script.

import type { FastifyPluginAsync } from 'fastify';
import type { ReviewServices } from '../http/services.js';
import { NO_NUL, NOT_BLANK } from '../http/validation.js';
import { ReviewRequestError, STATES } from '../review-store.js';

export const SEARCH_LIMIT = 100;

/** Query strings are strings (no coercion, see http/validation.ts): numbers and flags are checked as text. */
const SEARCH_QUERY = {
  type: 'object',
  additionalProperties: false,
  required: ['q'],
  properties: {
    q: { type: 'string', maxLength: 500, allOf: [{ pattern: NO_NUL }, { pattern: NOT_BLANK }] },
    side: { enum: ['source', 'target', 'both'] },
    phrase: { enum: ['0', '1'] },
    limit: { type: 'string', pattern: '^(100|[1-9][0-9]?)$' },
    offset: { type: 'string', pattern: '^(0|[1-9][0-9]{0,5})$' },
  },
} as const;

const HIT = {
  type: 'object',
  required: ['slug', 'title', 'segmentId', 'source', 'state', 'rank'],
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    segmentId: { type: 'string' },
    source: { type: 'string' },
    target: { type: 'string' },
    state: { enum: STATES },
    rank: { type: 'number' },
  },
} as const;

const SEARCH_ANSWER = {
  type: 'object',
  required: ['hits', 'limit', 'offset'],
  properties: { hits: { type: 'array', items: HIT }, bestOfFirst: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' } },
} as const;

interface SearchQuery {
  q: string;
  side?: 'source' | 'target' | 'both';
  phrase?: '0' | '1';
  limit?: string;
  offset?: string;
}

const refuseSearch = (): Error =>
  new ReviewRequestError(
    400,
    'bad-query',
    `send ?q=<words> (1–500 characters), and optionally side=source|target|both, phrase=1, limit=1–${SEARCH_LIMIT}, offset=0–999999; nothing else`,
  );

export const searchRoutes: FastifyPluginAsync<ReviewServices> = async (app, { store }) => {
  app.get<{ Querystring: SearchQuery }>('/api/search', { schema: { querystring: SEARCH_QUERY, response: { 200: SEARCH_ANSWER } }, schemaErrorFormatter: refuseSearch }, async (request, reply) => {
    const { q, side = 'both', phrase } = request.query;
    const limit = Number(request.query.limit ?? 20);
    const offset = Number(request.query.offset ?? 0);
    // bestOfFirst: the hits are the best of that many matches, not of all (store.search says when).
    const { hits, bestOfFirst } = await store.store.search(q, { side, phrase: phrase === '1', limit, offset });
    return reply.header('cache-control', 'no-store').send({ hits, ...(bestOfFirst !== undefined ? { bestOfFirst } : {}), limit, offset });
  });
};
