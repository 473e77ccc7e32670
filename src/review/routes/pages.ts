// The editor page: one HTML shell, one script, one style sheet and an icon,
// all served from this package (no CDN, works offline), the shell with a
// Content-Security-Policy that allows only this server's own files.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { fail } from '../http/errors.js';

/** The page's policy: only this server's own script, style and API; no inline code, no frames, no forms elsewhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ASSETS = new Map([
  ['editor.js', 'text/javascript; charset=utf-8'],
  // Modules the editor imports: live changes and presence, and the concordance panel.
  ['live.js', 'text/javascript; charset=utf-8'],
  ['concordance.js', 'text/javascript; charset=utf-8'],
  ['editor.css', 'text/css; charset=utf-8'],
  // Declared by the page, so the browser never asks for a /favicon.ico that is not there.
  ['favicon.svg', 'image/svg+xml'],
]);

/** The page's files (the sign-in page's too: routes/signin.ts): in the source tree (src/review/assets), found from here once built or from the TypeScript (tests). */
export function assetDir(): string {
  const candidates = [new URL('../assets/', import.meta.url), new URL('../../../../src/review/assets/', import.meta.url)];
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  return fileURLToPath(found ?? candidates[0]!);
}

const ASSET_PARAMS = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } as const;

export const pageRoutes: FastifyPluginAsync = async (app) => {
  const assets = assetDir();

  // `?token=…` on the first visit is taken by the auth hook before this runs.
  app.get('/', async (_request, reply) => {
    const html = await readFile(`${assets}/index.html`, 'utf8');
    return reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });

  app.get<{ Params: { name: string } }>('/assets/:name', { schema: { params: ASSET_PARAMS } }, async (request, reply) => {
    const type = ASSETS.get(request.params.name);
    if (!type) return fail(reply, 404, 'not-found', `no asset ${request.params.name}`);
    return reply.type(type).header('cache-control', 'no-cache').send(await readFile(`${assets}/${request.params.name}`, 'utf8'));
  });
};
