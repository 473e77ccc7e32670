// The glossary in the editor: `GET /api/glossary` (the version and the
// team's entries), `POST /api/glossary` (a reviewer adds a French term with
// its English, type and note: stored with who and when, the glossary version
// changes, and every article is re-checked against it at once), and
// `DELETE /api/glossary/:id` (an admin takes an entry back), and
// `GET /api/glossary/suggestions` (the candidates `glossary suggest` finds:
// names, acronyms and words the engine did not know, not yet pinned), and
// `POST /api/glossary/:id/retranslate` (machine segments holding a new entry
// translated again with it, on request; a person's text never). The glossary
// files are never written: one person's glossary keeps working as it did.

import type { FastifyPluginAsync } from 'fastify';
import { allSegments } from '../../core/segments.js';
import type { Segment } from '../../core/types.js';
import { suggestTerms, TERM_TYPES, type SuggestInput } from '../../glossary/index.js';
import { AccountError } from '../../store/index.js';
import { authorOf } from '../http/accounts.js';
import { fail } from '../http/errors.js';
import type { ReviewServices } from '../http/services.js';
import { pins, withTeamTerms } from '../team-glossary.js';

const NEW_TERM = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'target'],
  properties: {
    source: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
    target: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
    type: { enum: [...TERM_TYPES] },
    note: { type: 'string', maxLength: 2000 },
  },
} as const;
const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } as const;

/** A machine's text not yet reviewed: what a re-translation may replace (never a person's text, a memory's or an approved one). */
function machineText(segment: Segment): boolean {
  const provenance = segment.provenance;
  return provenance !== undefined && !provenance.edited && !['person', 'human', 'memory'].includes(provenance.translator) && (segment.state === 'new' || segment.state === 'translated');
}

export const glossaryRoutes: FastifyPluginAsync<ReviewServices> = async (app, { store, accounts, user, suggester }) => {
  // The glossary the review was started with: the files', before any team entry.
  const files = store.glossary;
  const rebuild = async () => (accounts ? store.useGlossary(withTeamTerms(files, await accounts.terms())) : []);
  // Entries added before this server started (by another one, or an earlier run) count from the start.
  if (accounts && (await accounts.terms()).length > 0) await rebuild();

  app.get('/api/glossary', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ version: store.glossary.version, entries: accounts ? await accounts.terms() : [] }),
  );

  app.get<{ Querystring: { slug?: string } }>('/api/glossary/suggestions', { schema: { querystring: { type: 'object', additionalProperties: false, properties: { slug: { type: 'string' } } } } }, async (request, reply) => {
    const slugs = request.query.slug !== undefined ? [request.query.slug] : await store.slugs();
    const inputs: SuggestInput[] = [];
    for (const slug of slugs) {
      const article = await store.article(slug).catch(() => undefined);
      if (!article) continue;
      const segments = allSegments(article);
      inputs.push({ name: slug, text: segments.map((segment) => segment.source).join('\n'), unknownWords: segments.flatMap((segment) => segment.unknownWords) });
    }
    return reply.header('cache-control', 'no-store').send({ suggestions: suggestTerms(inputs, store.glossary).slice(0, 50) });
  });

  app.post<{ Body: { source: string; target: string; type?: string; note?: string } }>('/api/glossary', { schema: { body: NEW_TERM } }, async (request, reply) => {
    if (!accounts) return fail(reply, 404, 'not-found', 'this review has no store database for a team glossary: edit the glossary files');
    const { source, target, type = 'other', note = '' } = request.body;
    if (pins(store.glossary, source)) return fail(reply, 409, 'exists', `the glossary already pins "${source.trim()}"`);
    try {
      const entry = await accounts.addTerm({ source, target, type, note, by: authorOf(request, user) });
      const rechecked = await rebuild();
      return reply.code(201).header('cache-control', 'no-store').send({ entry, version: store.glossary.version, rechecked });
    } catch (error) {
      if (error instanceof AccountError) return fail(reply, error.code === 'exists' ? 409 : 400, error.code, error.message);
      throw error;
    }
  });

  // On request: the machine segments holding the entry but not its English, translated again with it by the configured engine.
  app.post<{ Params: { id: string } }>('/api/glossary/:id/retranslate', { schema: { params: ID_PARAMS } }, async (request, reply) => {
    const term = accounts ? (await accounts.terms()).find((candidate) => candidate.id === request.params.id) : undefined;
    if (!term) return fail(reply, 404, 'not-found', `no team glossary entry ${request.params.id}`);
    if (!suggester) return fail(reply, 404, 'no-engine', 'no engine to translate with: start `diptych review` with --translator');
    const by = authorOf(request, user);
    const retranslated: Array<{ slug: string; id: string }> = [];
    let kept = 0;
    for (const slug of await store.slugs()) {
      const article = await store.article(slug).catch(() => undefined);
      if (!article) continue;
      for (const segment of allSegments(article)) {
        if (!segment.terms.some((hit) => hit.entry === term.source && hit.satisfied === false)) continue;
        if (!machineText(segment)) {
          kept++;
          continue;
        }
        const suggestion = await suggester.suggest(segment, article);
        const result = await store.retranslate(slug, segment.id, segment.revision ?? 0, suggestion, by).catch(() => undefined);
        if (result?.status === 200) retranslated.push({ slug, id: segment.id });
      }
    }
    return reply.header('cache-control', 'no-store').send({ retranslated, kept });
  });

  app.delete<{ Params: { id: string } }>('/api/glossary/:id', { schema: { params: ID_PARAMS } }, async (request, reply) => {
    if (!accounts || !(await accounts.removeTerm(request.params.id))) return fail(reply, 404, 'not-found', `no team glossary entry ${request.params.id}`);
    const rechecked = await rebuild();
    return reply.header('cache-control', 'no-store').send({ removed: request.params.id, version: store.glossary.version, rechecked });
  });
};
