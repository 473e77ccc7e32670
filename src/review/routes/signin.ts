// Signing in and out: `GET /signin?token=…` (the one-time link `diptych
// users add` prints) and `POST /signin` with a name and password (from the
// page `GET /signin` shows, or a script) both start a
// session kept in an HttpOnly cookie; `POST /signout` ends it. Both sign-in
// routes are rate-limited per client address, so a password or a token cannot
// be guessed by trying.

import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';
import type { AccountStore } from '../../store/index.js';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../http/accounts.js';
import { fail } from '../http/errors.js';
import { assetDir, CONTENT_SECURITY_POLICY } from './pages.js';

/** Ten password tries a minute from one address: plenty for a person, nothing for a guesser. */
export const PASSWORD_RATE = { max: 10, timeWindow: '1 minute' };
/** A link's token (256 random bits) cannot be guessed; the limit only keeps a flood off the database. */
export const LINK_RATE = { max: 60, timeWindow: '1 minute' };

const LINK = { type: 'object', properties: { token: { type: 'string', maxLength: 200 } } } as const;
const PASSWORD = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'password'],
  properties: { name: { type: 'string', maxLength: 80 }, password: { type: 'string', maxLength: 1000 } },
} as const;

export const signinRoutes: FastifyPluginAsync<{ accounts?: AccountStore | undefined }> = async (app, { accounts }) => {
  const noAccounts = 'this review has no accounts: open the address `diptych review` printed';

  app.get<{ Querystring: { token?: string } }>('/signin', { schema: { querystring: LINK }, config: { rateLimit: LINK_RATE } }, async (request, reply) => {
    if (!accounts) return fail(reply, 404, 'not-found', noAccounts);
    // No link: the page where a person with a password signs in.
    if (request.query.token === undefined) {
      const html = await readFile(`${assetDir()}/signin.html`, 'utf8');
      return reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
    }
    const exchanged = await accounts.exchangeSignInToken(request.query.token);
    if (!exchanged) return fail(reply, 401, 'bad-token', 'this sign-in link is unknown, used or expired: ask an admin for a new one (`diptych users link NAME`)');
    // Out of the address bar and history at once, as the owner token is.
    return setSessionCookie(reply, exchanged.session).code(303).header('location', '/').header('cache-control', 'no-store').send();
  });

  // The sign-in page's own files, open to someone not signed in yet (the editor's need a session).
  const files = new Map([
    ['script.js', ['signin.js', 'text/javascript; charset=utf-8']],
    ['style.css', ['editor.css', 'text/css; charset=utf-8']],
    ['favicon.svg', ['favicon.svg', 'image/svg+xml']],
  ]);
  app.get<{ Params: { name: string } }>('/signin/:name', { schema: { params: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return fail(reply, 404, 'not-found', `no sign-in file ${request.params.name}`);
    return reply.type(file[1]!).header('cache-control', 'no-cache').send(await readFile(`${assetDir()}/${file[0]}`, 'utf8'));
  });

  app.post<{ Body: { name: string; password: string } }>('/signin', { schema: { body: PASSWORD }, config: { rateLimit: PASSWORD_RATE } }, async (request, reply) => {
    if (!accounts) return fail(reply, 404, 'not-found', noAccounts);
    // Signed in by another site's page (login CSRF): refused like any cross-site write.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${request.headers.host}`) return fail(reply, 403, 'bad-origin', `sign in from this server's own page (Origin ${origin})`);
    const signedIn = await accounts.signInWithPassword(request.body.name, request.body.password);
    // One answer for an unknown name and a wrong password: which names exist is not told.
    if (!signedIn) return fail(reply, 401, 'bad-password', 'wrong name or password');
    return setSessionCookie(reply, signedIn.session).header('cache-control', 'no-store').send({ name: signedIn.account.name, role: signedIn.account.role });
  });

  app.post('/signout', async (request, reply) => {
    const session = request.cookies[SESSION_COOKIE];
    if (accounts && session) await accounts.endSession(session);
    return clearSessionCookie(reply).header('cache-control', 'no-store').send({ signedOut: true });
  });
};
