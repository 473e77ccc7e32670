// The review server: the JSON API over a ReviewStore, the live changes of its
// store of record (server-sent events), and the editor page.
// Fastify because it checks each request against its route's JSON Schema,
// limits bodies, answers malformed JSON and oversized bodies itself, and is
// fast and kept up. One plugin per group of routes (routes/), each given the
// services it uses; who may ask is checked once, in an onRequest hook
// (http/auth.ts), what each may do in a table (http/permissions.ts, enforced
// by http/accounts.ts); every refusal is `{ error, message }` (http/errors.ts).

import type { AddressInfo } from 'node:net';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { AccountStore } from '../store/index.js';
import { enforceRoles, identifier } from './http/accounts.js';
import { requireToken } from './http/auth.js';
import { answerErrorsAsJson, frameworkRefusal } from './http/errors.js';
import type { ReviewServices } from './http/services.js';
import { AJV_OPTIONS } from './http/validation.js';
import type { ReviewStore } from './review-store.js';
import { activityRoutes } from './routes/activity.js';
import { articleRoutes } from './routes/articles.js';
import { assignmentRoutes } from './routes/assignments.js';
import { eventRoutes } from './routes/events.js';
import { glossaryRoutes } from './routes/glossary.js';
import { pageRoutes } from './routes/pages.js';
import { peopleRoutes } from './routes/people.js';
import { restoreRoutes } from './routes/restore.js';
import { searchRoutes } from './routes/search.js';
import { segmentRoutes } from './routes/segments.js';
import { sessionRoutes } from './routes/session.js';
import { signinRoutes } from './routes/signin.js';
import type { SegmentSuggester } from './segment-suggester.js';

export { CONTENT_SECURITY_POLICY } from './routes/pages.js';

export interface ReviewServerOptions {
  store: ReviewStore;
  token: string;
  /**
   * Reviewer name from --user: the name offered to each browser and used for
   * writes that name nobody (a script). A browser's own chosen name, sent with
   * each write, is what the history records.
   */
  user?: string;
  /** "Ask another engine" and re-translation, when configured. */
  suggester?: SegmentSuggester;
  /** Largest request body, in bytes. */
  bodyLimit?: number;
  /** The team's accounts (none: one person, the owner token alone). */
  accounts?: AccountStore;
}

export const BODY_LIMIT = 64 * 1024;

/** The route groups, each a Fastify plugin given the shared services: a new group is one file and one line here. */
const ROUTES: Array<FastifyPluginAsync<ReviewServices>> = [
  pageRoutes,
  sessionRoutes,
  articleRoutes,
  segmentRoutes,
  restoreRoutes,
  signinRoutes,
  peopleRoutes,
  assignmentRoutes,
  activityRoutes,
  glossaryRoutes,
  eventRoutes,
  searchRoutes,
];

export async function buildReviewServer(options: ReviewServerOptions & { loopback?: boolean }): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? BODY_LIMIT;
  const app = Fastify({ bodyLimit, logger: false, return503OnClosing: true, ajv: AJV_OPTIONS, frameworkErrors: frameworkRefusal });
  // Cookies are parsed (and the sign-in routes' limits known) before the auth hook reads them.
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  app.addHook('onRequest', requireToken({ token: options.token, loopback: options.loopback ?? true, identify: identifier(options.accounts) }));
  enforceRoles(app);
  answerErrorsAsJson(app, bodyLimit);
  const services: ReviewServices = { store: options.store, user: options.user, suggester: options.suggester, accounts: options.accounts };
  for (const routes of ROUTES) await app.register(routes, services);
  return app;
}

export interface RunningReviewServer {
  app: FastifyInstance;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startReviewServer(options: ReviewServerOptions & { host?: string; port?: number }): Promise<RunningReviewServer> {
  const host = options.host ?? '127.0.0.1';
  const app = await buildReviewServer({ ...options, loopback: isLoopback(host) });
  await app.listen({ host, port: options.port ?? 4173 });
  const { port } = app.server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    app,
    port,
    url: `http://${shown}:${port}/?token=${encodeURIComponent(options.token)}`,
    async close() {
      await app.close();
      await options.store.close();
      await options.accounts?.close();
    },
  };
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}
