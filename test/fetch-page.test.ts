// `diptych translate <url>`: the page is fetched with a User-Agent naming
// diptych, within a time and size limit, through a bounded number of
// redirects, refused with a clear message when it is an HTTP error or not
// HTML, kept so a second run does not fetch it again (--refetch does), and the
// store records its address and what the page says about itself.
// Every request goes to a fake news site on 127.0.0.1.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../src/core/errors.js';
import type { Article } from '../src/core/types.js';
import { articleOf, fetchPage } from '../src/read/index.js';
import { hasApertium } from './support/apertium.js';
import { runCliAsync, tempDir } from './support/cli.js';
import { startNewsSite, type NewsSite } from './fakes/news-site.js';

let site: NewsSite;
beforeAll(async () => {
  site = await startNewsSite();
});
afterAll(async () => {
  await site.close();
});

const ARTICLE = '/international/2018/09/08/idlib-casques-blancs.html';

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('fetchPage', () => {
  it('follows redirects to the page and names diptych in its User-Agent', async () => {
    const before = site.requests.length;
    const page = await fetchPage(`${site.url}/short/idlib`);
    expect(page.finalUrl).toBe(`${site.url}${ARTICLE}`);
    expect(page.html).toContain('Les Casques blancs, une organisation de défense civile');
    const made = site.requests.slice(before);
    expect(made.map((request) => request.path)).toEqual(['/short/idlib', '/redirect/2', ARTICLE]);
    for (const request of made) expect(request.userAgent).toMatch(/^diptych\//);
  });

  it('gives up on a redirect loop after the allowed number of redirects', async () => {
    const before = site.requests.length;
    const error = await failure(fetchPage(`${site.url}/loop`, { maxRedirects: 3 }));
    expect(error.toLine()).toBe(`${site.url}/loop: more than 3 redirects — the site redirects in a loop; open it in a browser and give the final address`);
    expect(site.requests.length - before).toBe(4);
  });

  it('reports HTTP errors with their status', async () => {
    const missing = await failure(fetchPage(`${site.url}/missing`));
    expect(missing.status).toBe(404);
    expect(missing.toLine()).toBe(`${site.url}/missing: HTTP 404 Not Found — check the address`);
    const broken = await failure(fetchPage(`${site.url}/broken`));
    expect(broken.toLine()).toMatch(/: HTTP 503 Service Unavailable — try again later$/);
  });

  it('refuses an answer that is not HTML', async () => {
    const error = await failure(fetchPage(`${site.url}/rapport.pdf`));
    expect(error.toLine()).toBe(`${site.url}/rapport.pdf: is not an HTML page (Content-Type: application/pdf) — give the address of the article page itself`);
  });

  it('stops reading a page larger than the limit, even without a Content-Length', async () => {
    const error = await failure(fetchPage(`${site.url}/huge`, { maxBytes: 100_000 }));
    expect(error.message).toBe('is larger than 0.1 MB');
  });

  it('stops waiting for a page that stalls, within the time limit', async () => {
    const error = await failure(fetchPage(`${site.url}/stalls`, { timeoutMs: 300 }));
    expect(error.message).toBe('no complete answer within 0 s');
  });

  it('decodes a page from the charset its server declares', async () => {
    const page = await fetchPage(`${site.url}/latin1`);
    expect(page.html).toContain('Été à Nîmes');
  });

  it('refuses what is not a web address', async () => {
    const error = await failure(fetchPage('http://'));
    expect(error.message).toBe('is not a valid web address');
  });
});

describe('an article read from a fetched page', () => {
  it('resolves relative links against the page address, so they still lead to the site', async () => {
    const html = `<html><body><article><h1>Le titre de l’article du jour</h1>
      <p>La décision a été <a href="/politique/2024/decision.html">annoncée lundi</a> par le gouvernement, qui avait promis une réponse rapide aux élus locaux.</p>
      <p>Le texte sera examiné au <a href="https://www.senat.fr/">Sénat</a> dans les prochaines semaines, selon le calendrier parlementaire publié mardi.</p></article></body></html>`;
    const article = await articleOf(html, 'html', 'page.html', { url: 'https://www.example.fr/politique/2024/article.html' });
    expect(article.blocks.flatMap((block) => block.marks.map((mark) => mark.href))).toEqual(['https://www.example.fr/politique/2024/decision.html', 'https://www.senat.fr/']);
    expect(article.url).toBe('https://www.example.fr/politique/2024/article.html');
  });
});

describe.skipIf(!hasApertium)('diptych translate <url>', () => {
  it('translates the article, records the page in the store, and fetches it only once', async () => {
    const out = path.join(await tempDir('fetch'), 'out');
    const url = `${site.url}${ARTICLE}`;
    const count = () => site.requests.filter((request) => request.path === ARTICLE).length;
    const before = count();

    const first = await runCliAsync(['translate', url, '--out', out]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`↓ fetched ${url}`);
    expect(first.stdout).toContain(`✓ ${url} → ${path.join(out, 'idlib-casques-blancs')}.{json,md,html}`);
    expect(first.stdout).toContain(`${url}:51: embedded frame (Vidéo : Idlib sous les bombes) left out`);
    expect(count()).toBe(before + 1);

    const article = (JSON.parse(await readFile(path.join(out, 'idlib-casques-blancs.json'), 'utf8')) as { article: Article }).article;
    expect(article).toMatchObject({
      url,
      sourcePath: url,
      title: 'Syrie : à Idlib, les Casques blancs se préparent à l’offensive',
      pageTitle: 'Syrie : à Idlib, les Casques blancs se préparent à l’offensive',
      byline: 'Claire Dubois',
      published: '2018-09-08T07:30:00+02:00',
      siteName: 'Le Quotidien',
    });
    expect(article.blocks.some((block) => block.text.includes('La Turquie renforce'))).toBe(false);
    expect(article.blocks.filter((block) => block.kind === 'table-cell')).toHaveLength(6);
    // The bilingual page links to the address it came from and names the site, byline and date.
    const html = await readFile(path.join(out, 'idlib-casques-blancs.html'), 'utf8');
    expect(html).toContain(`<dt>Source</dt><dd><a href="${url}" rel="noopener noreferrer nofollow">${url}</a></dd>`);
    expect(html).toContain('<dt>Site</dt><dd>Le Quotidien</dd><dt>Byline</dt><dd>Claire Dubois</dd>');
    expect(html).toContain('<dt>Published</dt><dd><time datetime="2018-09-08T07:30:00+02:00">2018-09-08T07:30:00+02:00</time></dd>');

    const second = await runCliAsync(['translate', url, '--out', out]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(`= kept copy of ${url}`);
    expect(second.stdout).toContain('0 written, 0 failed, 1 up to date');
    expect(count()).toBe(before + 1);

    const third = await runCliAsync(['translate', url, '--out', out, '--refetch']);
    expect(third.status).toBe(0);
    expect(third.stdout).toContain(`↓ fetched ${url}`);
    expect(count()).toBe(before + 2);
  });

  it('says on one line why a page cannot be translated, and still translates the others', async () => {
    const dir = await tempDir('fetch-bad');
    const out = path.join(dir, 'out');
    const result = await runCliAsync(['translate', `${site.url}/rapport.pdf`, `${site.url}/latin1`, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`✗ ${site.url}/rapport.pdf: is not an HTML page (Content-Type: application/pdf) — give the address of the article page itself\n`);
    expect(result.stdout).toContain(`✓ ${site.url}/latin1`);
    const article = (JSON.parse(await readFile(path.join(out, 'latin1.json'), 'utf8')) as { article: Article }).article;
    expect(article.title).toBe('Été à Nîmes');
  });

  it('names a page whose redirect leads to a malformed address, and still translates the others', async () => {
    const dir = await tempDir('fetch-bad-redirect');
    const result = await runCliAsync(['translate', `${site.url}/bad-redirect`, `${site.url}/latin1`, '--out', path.join(dir, 'out')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `✗ ${site.url}/bad-redirect: redirects to a malformed address (Location: "http://[::1") — the site is misconfigured; save the page from your browser and give the .html file\n`,
    );
    expect(result.stdout).toContain(`✓ ${site.url}/latin1`);
  });

  it('names the scheme of an address it cannot fetch, rather than taking it for a file', async () => {
    const dir = await tempDir('fetch-ftp');
    const result = await runCliAsync(['translate', 'ftp://example.org/article.html', `${site.url}/latin1`, '--out', path.join(dir, 'out')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('✗ ftp://example.org/article.html: is not an http:// or https:// address — only web pages can be fetched; save the page from your browser and give the .html file\n');
    expect(result.stdout).toContain(`✓ ${site.url}/latin1`);
  });
});
