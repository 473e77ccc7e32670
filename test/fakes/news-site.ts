// A fake news site on 127.0.0.1 (random port): article pages, redirects, a
// redirect loop, a redirect to a malformed address, HTTP errors, a PDF, a page too large, a page that stalls, a
// Latin-1 page. It records every request (path and User-Agent).

import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { repoRoot } from '../support/cli.js';

export interface NewsSite {
  url: string;
  requests: Array<{ path: string; userAgent: string }>;
  close(): Promise<void>;
}

const page = (name: string): string => readFileSync(path.join(repoRoot, 'test/fixtures/pages', name), 'utf8');

export async function startNewsSite(): Promise<NewsSite> {
  const requests: NewsSite['requests'] = [];
  const html = (res: ServerResponse, body: string | Buffer, type = 'text/html; charset=utf-8') => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push({ path: url, userAgent: req.headers['user-agent'] ?? '' });
    switch (url) {
      case '/international/2018/09/08/idlib-casques-blancs.html':
        return html(res, page('quotidien-national.html'));
      case '/short/idlib':
        res.writeHead(301, { location: '/redirect/2' });
        return res.end();
      case '/redirect/2':
        res.writeHead(302, { location: '/international/2018/09/08/idlib-casques-blancs.html' });
        return res.end();
      case '/bad-redirect':
        // An address the URL parser refuses (an IPv6 host never closed).
        res.writeHead(302, { location: 'http://[::1' });
        return res.end();
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/missing':
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<h1>Page introuvable</h1>');
      case '/broken':
        res.writeHead(503, { 'content-type': 'text/html' });
        return res.end('<h1>Service indisponible</h1>');
      case '/rapport.pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        return res.end('%PDF-1.4 …');
      case '/huge': {
        // Chunked, no Content-Length: the limit must be enforced while reading.
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = `<p>${'Un paragraphe de remplissage. '.repeat(1000)}</p>\n`;
        for (let i = 0; i < 100; i++) res.write(chunk);
        return res.end();
      }
      case '/stalls':
        // Headers, the start of a page, then nothing: the time limit must cover the body too.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<!doctype html><html><body><p>Le début');
        return;
      case '/latin1':
        return html(res, Buffer.from('<!doctype html><html><head><title>Été</title></head><body><article><h1>Été à Nîmes</h1><p>La chaleur a dépassé quarante degrés à Nîmes, où la préfecture a déclenché le plan canicule pour la première fois de l’été.</p><p>Les piscines municipales resteront ouvertes jusqu’à vingt-deux heures toute la semaine, a annoncé la mairie.</p></article></body></html>'.replace('’', "'"), 'latin1'), 'text/html; charset=iso-8859-1');
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
