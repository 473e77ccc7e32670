// Assignments: a reviewer gives an article, or a range of its segments, to a
// person; "my work" lists what is given to the signed-in person and not yet
// done (reviewed or final), and the article list shows each assignee's
// progress. The assignments live with the accounts (the store's database);
// progress is counted here, from the articles as they are now.

import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Article, Segment } from '../../core/types.js';
import { allSegments } from '../../core/segments.js';
import type { AccountStore, Assignment } from '../../store/index.js';
import { authorOf } from '../http/accounts.js';
import { fail } from '../http/errors.js';
import type { ReviewServices } from '../http/services.js';

const ARTICLE_PARAMS = { type: 'object', required: ['slug'], properties: { slug: { type: 'string' } } } as const;
const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } as const;
const NEW_ASSIGNMENT = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', maxLength: 80 }, from: { type: 'string', maxLength: 200 }, to: { type: 'string', maxLength: 200 } },
} as const;

export interface AssignmentProgress extends Assignment {
  title: string;
  segments: number;
  /** Reviewed or final. */
  done: number;
}

/** The segments an assignment covers, in article order; undefined when its range is no longer in the article. */
function covered(article: Article, assignment: Pick<Assignment, 'from' | 'to'>): Segment[] | undefined {
  const all = allSegments(article);
  const first = assignment.from === undefined ? 0 : all.findIndex((segment) => segment.id === assignment.from);
  const last = assignment.to === undefined ? all.length - 1 : all.findIndex((segment) => segment.id === assignment.to);
  if (first < 0 || last < 0 || last < first) return undefined;
  return all.slice(first, last + 1);
}

const isDone = (segment: Segment) => segment.state === 'reviewed' || segment.state === 'final';

export const assignmentRoutes: FastifyPluginAsync<ReviewServices> = async (app, { store, accounts, user }) => {
  const people = (reply: FastifyReply): AccountStore | undefined => {
    if (!accounts) void fail(reply, 404, 'not-found', 'this review has no account store');
    return accounts;
  };

  /** Each assignment with its article's title and progress; one whose article is gone is left out. */
  const withProgress = async (assignments: Assignment[]): Promise<AssignmentProgress[]> => {
    const answers: AssignmentProgress[] = [];
    for (const assignment of assignments) {
      const article = await store.article(assignment.slug).catch(() => undefined);
      const segments = article && covered(article, assignment);
      if (!article || !segments) continue;
      answers.push({ ...assignment, title: article.title, segments: segments.length, done: segments.filter(isDone).length });
    }
    return answers;
  };

  app.get<{ Querystring: { slug?: string } }>('/api/assignments', { schema: { querystring: { type: 'object', properties: { slug: { type: 'string' } } } } }, async (request, reply) => {
    if (!accounts) return reply.header('cache-control', 'no-store').send({ assignments: [] });
    const assignments = await accounts.assignments(request.query.slug !== undefined ? { slug: request.query.slug } : {});
    return reply.header('cache-control', 'no-store').send({ assignments: await withProgress(assignments) });
  });

  app.get('/api/me/work', async (request, reply) => {
    const name = request.identity?.name;
    // The owner token is no account: nothing is assigned to it.
    const mine = accounts && name !== undefined ? await withProgress(await accounts.assignments({ account: name })) : [];
    return reply.header('cache-control', 'no-store').send({ work: mine.filter((assignment) => assignment.done < assignment.segments) });
  });

  app.post<{ Params: { slug: string }; Body: { name: string; from?: string; to?: string } }>(
    '/api/articles/:slug/assignments',
    { schema: { params: ARTICLE_PARAMS, body: NEW_ASSIGNMENT } },
    async (request, reply) => {
      const accountStore = people(reply);
      if (!accountStore) return reply;
      const { slug } = request.params;
      const { name, from, to } = request.body;
      const article = await store.article(slug);
      if (!covered(article, { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) })) {
        return fail(reply, 400, 'bad-range', `"from" and "to" must be segment ids of "${slug}", "from" first`);
      }
      if (!(await accountStore.get(name))) return fail(reply, 404, 'unknown-account', `no account "${name}"`);
      const made = await accountStore.assign({ slug, account: name, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), by: authorOf(request, user) });
      const [answer] = await withProgress([made]);
      return reply.code(201).header('cache-control', 'no-store').send({ assignment: answer });
    },
  );

  app.delete<{ Params: { id: string } }>('/api/assignments/:id', { schema: { params: ID_PARAMS } }, async (request, reply) => {
    const accountStore = people(reply);
    if (!accountStore) return reply;
    if (!(await accountStore.unassign(request.params.id))) return fail(reply, 404, 'not-found', `no assignment ${request.params.id}`);
    return reply.header('cache-control', 'no-store').send({ removed: request.params.id });
  });
};
