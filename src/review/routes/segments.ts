// Changing one segment: a save (text, state, comment, a text not kept), Undo,
// a change of alignment (relink), and "ask another engine". Bodies are
// checked by the schemas in segment-bodies.ts before a handler runs; a
// handler only applies the change.

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { allSegments } from '../../core/segments.js';
import { articleEffort, effortOf } from '../effort.js';
import { authorOf } from '../http/accounts.js';
import { fail } from '../http/errors.js';
import { withRevisions } from './articles.js';
import type { ReviewServices } from '../http/services.js';
import { type PatchResult } from '../review-store.js';
import type { RelinkRequest } from '../relink.js';
import { patchOf, refuseChange, refuseRelink, refuseUndo, RELINK, SEGMENT_CHANGE, SEGMENT_PARAMS, SUGGEST, UNDO, type SegmentChange } from './segment-bodies.js';

interface SegmentParams {
  slug: string;
  id: string;
}

const SEGMENT = '/api/articles/:slug/segments/:id';

export const segmentRoutes: FastifyPluginAsync<ReviewServices> = async (app, { store, user, suggester }) => {
  /** Who makes the change: the signed-in account; with no accounts, the name the browser sends, else `--user`, else anonymous. */
  const reviewer = (request: FastifyRequest): string => authorOf(request, user);

  /** A change's answer: the segment and the effort it leaves, or 409 with the current segment. */
  const answerChange = async (reply: FastifyReply, slug: string, result: PatchResult, conflict: string) => {
    if (result.status === 409) return reply.code(409).header('cache-control', 'no-store').send({ error: 'conflict', message: conflict, segment: result.segment });
    // The article as this save left it: no read of the store per answer (fifty answers to one group of saves).
    return reply.header('cache-control', 'no-store').send({ segment: result.segment, effort: { segment: effortOf([result.segment]), article: articleEffort(result.article) } });
  };

  app.patch<{ Params: SegmentParams; Body: SegmentChange }>(SEGMENT, { schema: { params: SEGMENT_PARAMS, body: SEGMENT_CHANGE }, schemaErrorFormatter: refuseChange }, async (request, reply) => {
    const { slug, id } = request.params;
    const patch = patchOf(request.body);
    const result = await store.patch(slug, id, patch, reviewer(request));
    return answerChange(reply, slug, result, `segment ${id} changed since revision ${patch.revision}: merge with the current one`);
  });

  app.post<{ Params: SegmentParams; Body: { revision: number } }>(`${SEGMENT}/undo`, { schema: { params: SEGMENT_PARAMS, body: UNDO }, schemaErrorFormatter: refuseUndo }, async (request, reply) => {
    const { slug, id } = request.params;
    const { revision } = request.body;
    const result = await store.undo(slug, id, revision, reviewer(request));
    return answerChange(reply, slug, result, `segment ${id} changed since revision ${revision}: nothing undone`);
  });

  app.post<{ Params: SegmentParams; Body: RelinkRequest }>(`${SEGMENT}/relink`, { schema: { params: SEGMENT_PARAMS, body: RELINK }, schemaErrorFormatter: refuseRelink }, async (request, reply) => {
    const { slug, id } = request.params;
    const result = await store.relinkSegment(slug, id, request.body, reviewer(request));
    if (result.status === 409) {
      return reply.code(409).header('cache-control', 'no-store').send({ error: 'conflict', message: `segment ${id} changed since revision ${request.body.revision}: reload the article`, segment: result.segment });
    }
    return reply.header('cache-control', 'no-store').send({ segment: result.segment, article: withRevisions(result.article) });
  });

  app.post<{ Params: SegmentParams; Body: unknown }>(`${SEGMENT}/suggest`, { schema: { params: SEGMENT_PARAMS, body: SUGGEST } }, async (request, reply) => {
    if (!suggester) return fail(reply, 404, 'not-found', 'no other engine configured: start `diptych review` with --translator');
    const { slug, id } = request.params;
    const body = request.body as { engine?: unknown } | null;
    const engine = typeof body?.engine === 'string' ? body.engine : undefined;
    const article = await store.article(slug);
    const segment = allSegments(article).find((candidate) => candidate.id === id);
    if (!segment) return fail(reply, 404, 'not-found', `no segment "${id}"`);
    const suggestion = await suggester.suggest(segment, article, engine);
    store.rememberSuggestion(slug, id, suggestion);
    return reply.header('cache-control', 'no-store').send({ suggestion });
  });
};
