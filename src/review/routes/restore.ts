// Restoring a segment's earlier text from its history: its own route, so that
// it can need a reviewer (a translator edits; bringing back a version someone
// replaced is a reviewer's call). The text restored is the history's, never
// one the request sends.

import type { FastifyPluginAsync } from 'fastify';
import { allSegments } from '../../core/segments.js';
import { articleEffort, effortOf } from '../effort.js';
import { authorOf } from '../http/accounts.js';
import { fail } from '../http/errors.js';
import type { ReviewServices } from '../http/services.js';
import { SEGMENT_PARAMS } from './segment-bodies.js';

const RESTORE = {
  type: 'object',
  additionalProperties: false,
  required: ['revision', 'entry'],
  properties: { revision: { type: 'integer', minimum: 0 }, entry: { type: 'integer', minimum: 0 } },
} as const;

export const restoreRoutes: FastifyPluginAsync<ReviewServices> = async (app, { store, user }) => {
  app.post<{ Params: { slug: string; id: string }; Body: { revision: number; entry: number } }>(
    '/api/articles/:slug/segments/:id/restore',
    { schema: { params: SEGMENT_PARAMS, body: RESTORE } },
    async (request, reply) => {
      const { slug, id } = request.params;
      const segment = allSegments(await store.article(slug)).find((candidate) => candidate.id === id);
      if (!segment) return fail(reply, 404, 'not-found', `no segment "${id}"`);
      const version = segment.history?.[request.body.entry];
      if (!version) return fail(reply, 404, 'not-found', `segment ${id} has no history entry ${request.body.entry}`);
      const result = await store.patch(slug, id, { revision: request.body.revision, target: version.target }, authorOf(request, user));
      if (result.status === 409) return reply.code(409).header('cache-control', 'no-store').send({ error: 'conflict', message: `segment ${id} changed since revision ${request.body.revision}: reload it`, segment: result.segment });
      return reply.header('cache-control', 'no-store').send({ segment: result.segment, effort: { segment: effortOf([result.segment]), article: articleEffort(result.article) } });
    },
  );
};
