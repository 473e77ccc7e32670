// What each route of the review server needs, in one table: the whole policy
// can be read (and tested) in one place, and a route missing from it stops
// the server from starting rather than being open to everyone. The roles
// build on each other: translator (edit, comment, mark reviewed), reviewer
// (also approve, restore history, fix alignments, assign work, add glossary
// terms), admin (also accounts, and taking glossary terms back).

import type { FastifyRequest } from 'fastify';
import type { Role } from '../../store/index.js';

/** `public`: no credential at all (signing in); otherwise the least role that may. */
export type Need = Role | 'public';

const SEGMENT = '/api/articles/:slug/segments/:id';

export const PERMISSIONS: Readonly<Record<string, Need>> = {
  'GET /': 'translator',
  'GET /assets/:name': 'translator',
  'GET /api/session': 'translator',
  'GET /api/articles': 'translator',
  'GET /api/articles/:slug': 'translator',
  // Approving (state final) needs a reviewer: see needOf.
  [`PATCH ${SEGMENT}`]: 'translator',
  [`POST ${SEGMENT}/undo`]: 'translator',
  [`POST ${SEGMENT}/suggest`]: 'translator',
  [`POST ${SEGMENT}/relink`]: 'reviewer',
  [`POST ${SEGMENT}/restore`]: 'reviewer',
  // Live pages and the concordance: anyone who may read the articles.
  [`POST ${SEGMENT}/editing`]: 'translator',
  'GET /api/events': 'translator',
  'GET /api/search': 'translator',
  'GET /api/glossary': 'translator',
  'GET /api/glossary/suggestions': 'translator',
  // Adding a term is a reviewer's (who meets the new name); taking one back is an admin's.
  'POST /api/glossary': 'reviewer',
  'DELETE /api/glossary/:id': 'admin',
  'POST /api/glossary/:id/retranslate': 'reviewer',
  'GET /api/activity': 'translator',
  'GET /api/people': 'translator',
  'GET /api/assignments': 'translator',
  'GET /api/me/work': 'translator',
  'POST /api/articles/:slug/assignments': 'reviewer',
  'DELETE /api/assignments/:id': 'reviewer',
  'GET /signin': 'public',
  'GET /signin/:name': 'public',
  'POST /signin': 'public',
  'POST /signout': 'translator',
  'GET /api/me/tokens': 'translator',
  'POST /api/me/tokens': 'translator',
  'DELETE /api/me/tokens/:id': 'translator',
  'PUT /api/me/password': 'translator',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PUT /api/users/:name': 'admin',
  'DELETE /api/users/:name': 'admin',
  'POST /api/users/:name/signin-token': 'admin',
};

/** The key of a route in PERMISSIONS (a HEAD route needs what its GET needs). */
export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

/** What a route needs before its body is read: from the table, or undefined when the route is not in it. */
export function routeNeed(method: string, url: string): Need | undefined {
  return PERMISSIONS[routeKey(method, url)];
}

/** What this request needs once its body is parsed: saving a segment as final is approving it. */
export function needOf(request: FastifyRequest, routeNeeds: Need): Need {
  if (routeKey(request.method, request.routeOptions.url ?? '') === `PATCH ${SEGMENT}`) {
    const body = request.body as { state?: unknown } | null;
    if (body && typeof body === 'object' && body.state === 'final') return 'reviewer';
  }
  return routeNeeds;
}

/** What the page may offer a role (it offers nothing the API would refuse). */
export function abilitiesOf(role: Role): { approve: boolean; restore: boolean; relink: boolean; assign: boolean; glossary: boolean; manage: boolean } {
  const reviewer = role === 'reviewer' || role === 'admin';
  return { approve: reviewer, restore: reviewer, relink: reviewer, assign: reviewer, glossary: reviewer, manage: role === 'admin' };
}
