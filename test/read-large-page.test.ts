// A page over a megabyte is parsed in a worker thread (src/read/parse-in-worker.ts,
// for memory): what comes back must be the whole article, in order, with its
// links, and the page's furniture must still be left out.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import { WORKER_PAGE_CHARACTERS } from '../src/read/parse-in-worker.js';
import { startFakeLibreTranslate } from './fakes/libretranslate.js';
import { runCliAsync, tempDir } from './support/cli.js';

describe('a page too large to parse on the main thread', () => {
  it('gives every paragraph, in order, with its link, and none of the navigation or footer', async () => {
    const libre = await startFakeLibreTranslate();
    try {
      const dir = await tempDir('large-page');
      // Past the limit as news pages are: a large inline script (the site's state
      // as JSON) beside an article of 1,500 paragraphs. The article alone would
      // need 8,000 to pass the limit, and then most of the test's time (and
      // most of its risk on a loaded machine) went into translating them.
      const count = 1500;
      const paragraphs = Array.from(
        { length: count },
        (_, i) => `La commune numéro ${i} a voté le budget de l’année prochaine après un long débat au conseil, a indiqué la <a href="https://example.org/c/${i}">mairie</a>.`,
      );
      const state = JSON.stringify({ articles: Array.from({ length: 8000 }, (_, i) => ({ id: i, title: `Titre de l’article ${i} dans la rubrique Politique`, url: `https://example.org/a/${i}` })) });
      const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Compte rendu — Le Quotidien</title><script id="state" type="application/json">${state}</script></head><body><nav><a href="/">Accueil</a> <a href="/politique">Politique</a></nav><article><h1>Un très long compte rendu</h1>\n${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}\n</article><footer>Mentions légales du Quotidien</footer></body></html>`;
      expect(html.length).toBeGreaterThan(WORKER_PAGE_CHARACTERS);
      const file = path.join(dir, 'compte-rendu.html');
      await writeFile(file, html);
      const out = path.join(dir, 'out');
      const result = await runCliAsync(['translate', file, '--out', out, '--translator', 'libretranslate', '--quiet'], { env: { ...process.env, LIBRETRANSLATE_URL: libre.url } });
      expect(result.status, result.stderr).toBe(0);

      const { article } = JSON.parse(await readFile(path.join(out, 'compte-rendu.json'), 'utf8')) as { article: Article };
      expect(article.title).toBe('Un très long compte rendu');
      const body = article.blocks.filter((block) => block.kind === 'paragraph');
      expect(body.length).toBe(count);
      body.forEach((block, i) => {
        expect(block.text).toBe(`La commune numéro ${i} a voté le budget de l’année prochaine après un long débat au conseil, a indiqué la mairie.`);
        expect(block.marks).toEqual([expect.objectContaining({ kind: 'link', href: `https://example.org/c/${i}` })]);
      });
      const text = article.blocks.map((block) => block.text).join('\n');
      expect(text).not.toContain('Accueil');
      expect(text).not.toContain('Mentions légales');
      expect(text).not.toContain('rubrique Politique');
    } finally {
      await libre.close();
    }
  });
});
