// Reader mode on pages shaped like French news sites (test/fixtures/pages/):
// each page's article comes out as exactly its expected blocks, in order, with
// the page's metadata, none of its furniture, and what was left out listed
// with its line. `npm run eval` prints the same measure as figures.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArticle } from '../src/read/index.js';
import { repoRoot } from './support/cli.js';

interface Expected {
  layout: string;
  metadata: { pageTitle?: string; byline?: string; published?: string; siteName?: string };
  blocks: Array<[string, string]>;
  junk: string[];
  skipped: Array<[string, number]>;
}

const pages = path.join(repoRoot, 'test/fixtures/pages');
const names = readdirSync(pages).filter((name) => name.endsWith('.html')).sort();

describe('reader mode on news pages', () => {
  it('has at least ten pages, each with its expected blocks', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) expect(readdirSync(pages)).toContain(name.replace(/\.html$/, '.expected.json'));
  });

  describe.each(names)('%s', (name) => {
    const expected = JSON.parse(readFileSync(path.join(pages, name.replace(/\.html$/, '.expected.json')), 'utf8')) as Expected;

    it(`keeps the article: ${expected.layout}`, async () => {
      const article = await readArticle(path.join(pages, name));
      expect(article.blocks.map((block) => [block.kind, block.text])).toEqual(expected.blocks);
      expect(article.title).toBe(expected.blocks.find(([kind]) => kind === 'title')![1]);
    });

    it('drops the page furniture', async () => {
      const article = await readArticle(path.join(pages, name));
      const html = readFileSync(path.join(pages, name), 'utf8');
      for (const junk of expected.junk) {
        // The fragment is on the page (so the test can fail), and in no block.
        expect(html.replaceAll('&amp;', '&')).toContain(junk);
        expect(article.blocks.filter((block) => block.text.includes(junk)).map((block) => block.text)).toEqual([]);
      }
    });

    it('records what the page says about itself, and lists what it left out with its line', async () => {
      const article = await readArticle(path.join(pages, name));
      const metadata = Object.fromEntries((['pageTitle', 'byline', 'published', 'siteName'] as const).flatMap((key) => (article[key] ? [[key, article[key]]] : [])));
      expect(metadata).toEqual(expected.metadata);
      expect((article.skipped ?? []).map((item) => [item.kind, item.line])).toEqual(expected.skipped);
    });
  });

  it('reads the story, not the teaser in the first <article> of the page', async () => {
    const article = await readArticle(path.join(pages, 'teasers-avant-article.html'));
    expect(article.title).toBe('Réforme des retraites : le Sénat adopte le texte en première lecture');
    expect(article.blocks.some((block) => block.text.includes('Motion de censure'))).toBe(false);
  });

  it('keeps the story’s own line numbers through the extraction', async () => {
    const file = path.join(pages, 'quotidien-national.html');
    const lines = readFileSync(file, 'utf8').split('\n');
    const article = await readArticle(file);
    for (const block of article.blocks.filter((item) => item.kind === 'paragraph')) {
      expect(lines[block.position!.line - 1]).toContain(block.text.slice(0, 20));
    }
  });
});
