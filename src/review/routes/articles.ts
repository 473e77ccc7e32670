// Reading: the articles of the output folder (with their progress and
// effort) and one article's store, with the effort of each segment.

import type { FastifyPluginAsync } from 'fastify';
import { allSegments } from '../../core/segments.js';
import type { Article } from '../../core/types.js';
import { articleEffort, effortOf } from '../effort.js';
import type { ReviewServices } from '../http/services.js';

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
  app.get('/api/articles', async (_request, reply) => reply.header('cache-control', 'no-store').send(await store.list()));

  app.get<{ Params: { slug: string } }>('/api/articles/:slug', { schema: { params: ARTICLE_PARAMS } }, async (request, reply) => {
    const article = withRevisions(await store.article(request.params.slug));
    const segments = Object.fromEntries(allSegments(article).map((segment) => [segment.id, effortOf([segment])]));
    return reply.header('cache-control', 'no-store').send({ article, effort: { article: articleEffort(article), segments } });
  });
};
