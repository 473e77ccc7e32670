// A fake site on 127.0.0.1 (random port) with an article in French and its
// English edition, as two news pages made from the align fixtures' paragraphs.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { repoRoot } from '../support/cli.js';

export interface BilingualSite {
  url: string;
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function pageOf(file: string, lang: string, title: string): string {
  const paragraphs = readFileSync(path.join(repoRoot, 'test/fixtures/align', file), 'utf8').trim().split('\n');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('')}</article></body></html>`;
}

export async function startBilingualSite(): Promise<BilingualSite> {
  const pages = new Map([
    ['/fr/idlib.html', pageOf('idlib.fr.txt', 'fr', 'Idlib : réunion des groupes terroristes')],
    ['/en/idlib.html', pageOf('idlib.en.txt', 'en', 'Idlib: terrorist groups meet')],
  ]);
  const server = createServer((req, res) => {
    const body = pages.get(req.url ?? '/');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
