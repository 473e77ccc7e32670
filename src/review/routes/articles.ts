// Reading: the articles of the store (with their progress and effort), a
// page at a time for the editor, and one article, with the effort of each
// segment.

import type { FastifyPluginAsync } from 'fastify';
import { allSegments } from '../../core/segments.js';
import type { Article } from '../../core/types.js';
import { articleEffort, effortOf } from '../effort.js';
import type { ReviewServices } from '../http/services.js';
import { ReviewRequestError } from '../review-store.js';

/** Articles on a page of the list when only `offset` is given, and the most a page may ask for. */
export const LIST_LIMIT = 50;
const LIST_MOST = 200;

/** Query strings are strings (no coercion, see http/validation.ts): the numbers are checked as text. */
const LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    offset: { type: 'string', pattern: '^(0|[1-9][0-9]{0,8})$' },
    limit: { type: 'string', pattern: '^(200|1[0-9]{2}|[1-9][0-9]?)$' },
  },
} as const;

interface ListQuery {
  offset?: string;
  limit?: string;
}

const refuseList = (): Error => new ReviewRequestError(400, 'bad-query', `send nothing (every article), or offset=0–999999999 and/or limit=1–${LIST_MOST} (a page, default ${LIST_LIMIT} articles); nothing else`);

/** Any string: the store decides what names an article (and answers 404 for the rest), as it does for every caller. */
const ARTICLE_PARAMS = { type: 'object', required: ['slug'], properties: { slug: { type: 'string' } } } as const;

/**
 * The article as the API shows it: every segment with its revision, 0 when it
 * was never changed (the record leaves it out then, and is saved as read).
 */
export function withRevisions(article: Article): Article {
  return { ...article, blocks: article.blocks.map((block) => ({ ...block, segments: block.segments.map((segment) => (segment.revision === undefined ? { ...segment, revision: 0 } : segment)) })) };
}

export const articleRoutes: FastifyPluginAsync<ReviewServices> = async (app, { store }) => {
  app.get<{ Querystring: ListQuery }>('/api/articles', { schema: { querystring: LIST_QUERY }, schemaErrorFormatter: refuseList }, async (request, reply) => {
    const { offset, limit } = request.query;
    // Without either, every article, as before paging (a script's whole list); with either, one page and the total.
    const answer = offset === undefined && limit === undefined ? await store.list() : await store.listPage({ offset: Number(offset ?? 0), limit: Number(limit ?? LIST_LIMIT) });
    return reply.header('cache-control', 'no-store').send(answer);
  });

  app.get<{ Params: { slug: string } }>('/api/articles/:slug', { schema: { params: ARTICLE_PARAMS } }, async (request, reply) => {
    const article = withRevisions(await store.article(request.params.slug));
    const segments = Object.fromEntries(allSegments(article).map((segment) => [segment.id, effortOf([segment])]));
    return reply.header('cache-control', 'no-store').send({ article, effort: { article: articleEffort(article), segments } });
  });
};
