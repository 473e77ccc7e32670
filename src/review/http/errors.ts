// Every refusal the review API sends has one shape, `{ error, message }`, with
// a stable code a script can test; this file turns Fastify's own errors (body
// parsing, size, routing) and the route's typed refusals into it.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeError, TranslatorError } from '../../core/errors.js';
import { ReviewRequestError } from '../review-store.js';

export function fail(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error, message });
}

/**
 * Fastify's `frameworkErrors`: a path that does not URL-decode
 * (`/api/articles/%E0`) is answered in the API's own shape, not Fastify's.
 */
export function frameworkRefusal(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_BAD_URL') return fail(reply, 400, 'bad-url', `the address ${JSON.stringify(request.url.slice(0, 200))} does not URL-decode: encode it as UTF-8 percent escapes`);
  return fail(reply, 400, 'bad-request', error.message);
}

/**
 * The error handler and the 404 of the whole server. A schema refusal
 * arrives here already as a ReviewRequestError (each route's
 * `schemaErrorFormatter` names its code), so it is answered like any other.
 */
export function answerErrorsAsJson(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof ReviewRequestError) return fail(reply, error.status, error.code, error.message);
    if (error instanceof TranslatorError) return fail(reply, 502, 'engine-failed', describeError(error));
    // decodeURIComponent on a header the client sent (the reviewer's name, the cookie).
    if (error instanceof URIError) return fail(reply, 400, 'bad-encoding', 'a header does not URL-decode: encode it as UTF-8 percent escapes');
    if (error.statusCode === 429) return fail(reply, 429, 'too-many', 'too many sign-in attempts from this address: wait a minute');
    if (error.statusCode === 413) return fail(reply, 413, 'too-large', `the body is over ${bodyLimit} bytes`);
    if (error.statusCode === 415) return fail(reply, 400, 'bad-body', 'send JSON (Content-Type: application/json)');
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return fail(reply, 400, 'bad-body', error.message);
    return fail(reply, 500, 'internal', error.message);
  });
  app.setNotFoundHandler((request, reply) => fail(reply, 404, 'not-found', `nothing at ${request.method} ${request.url.split('?')[0]}`));
}
