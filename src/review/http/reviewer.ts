// Who makes a change (a save, a presence mark): the name the browser sends
// with each write (its person chose it once), else `--user`, else anonymous.

import type { FastifyRequest } from 'fastify';

export function reviewerOf(request: FastifyRequest, user: string | undefined): string {
  const header = request.headers['x-diptych-user'];
  const name = typeof header === 'string' ? decodeURIComponent(header).trim().slice(0, 80) : '';
  return name === '' ? (user ?? 'anonymous') : name;
}
