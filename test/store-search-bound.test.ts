// The concordance on a store where one word is in more segments than
// PostgreSQL ranks for one search (SEARCH_CANDIDATES): PostgreSQL answers the
// best of the first matches it found and says so — in the store's answer, in
// GET /api/search and on `diptych search`'s stderr — while SQLite's FTS5
// (which ranks from its index) still ranks every match. On both, the answer
// is ranked, a rarer word is ranked whole, and the best match comes first.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import { SEARCH_CANDIDATES } from '../src/store/database/postgres-engine.js';
import { openStoreOfRecord, type DatabaseStore } from '../src/store/index.js';
import { foundingArticle } from './fixtures/render/articles.js';
import { runCliAsync, tempDir } from './support/cli.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';
import { TOKEN } from './support/review.js';
import { serveReview } from './support/review-process.js';

const PER_ARTICLE = 1_000;
const BEST = 500;
/** Articles enough for more matches of "témoins" than PostgreSQL ranks. */
const ARTICLES = Math.ceil((SEARCH_CANDIDATES + 1) / PER_ARTICLE) + 1;

let server: TestPostgres;
const opened: DatabaseStore[] = [];

beforeAll(async () => {
  server = await startPostgres();
}, 300_000);
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await server?.stop();
});

/** One-segment paragraphs, every one naming the witnesses; a segment mid-way through the first article names them three times (the best match, which the tie-break alone would not put first), and one segment of each article a rarer word. */
function witnesses(n: number): Article {
  const article = foundingArticle();
  const template = article.blocks[1]!;
  article.slug = `temoins-${String(n).padStart(2, '0')}`;
  article.blocks = Array.from({ length: PER_ARTICLE }, (_, k) => {
    const best = n === 0 && k === BEST;
    const source = best ? 'Des témoins, des témoins, encore des témoins.' : `Selon des témoins, la ville ${n * PER_ARTICLE + k} a été touchée${k === 7 ? ' à Tombouctou' : ''}.`;
    return { ...structuredClone(template), segments: [{ ...structuredClone(template.segments[0]!), id: `p${k}`, source, target: `According to witnesses, town ${k}.` }] };
  });
  return article;
}

const engines = {
  sqlite: async (outDir: string) => ({ outDir }),
  postgres: async (outDir: string) => ({ outDir, db: await server.createDatabase('search_bound') }),
};

for (const [engine, where] of Object.entries(engines)) {
  describe(`the concordance on ${engine} with more matches than PostgreSQL ranks (${SEARCH_CANDIDATES.toLocaleString('en')})`, () => {
    let store: DatabaseStore;
    let options: { outDir: string; db?: string };

    beforeAll(async () => {
      options = await where(await tempDir('search-bound'));
      store = await openStoreOfRecord(options);
      opened.push(store);
      await store.saveAll(Array.from({ length: ARTICLES }, (_, n) => witnesses(n)));
    }, 300_000);

    it(engine === 'postgres' ? 'answers the best of the first matches, ranked, and says so' : 'ranks every match and says nothing of a bound', async () => {
      for (const phrase of [false, true]) {
        const { hits, bestOfFirst } = await store.search('des témoins', { phrase, side: 'source', limit: 20 });
        expect(bestOfFirst).toBe(engine === 'postgres' ? SEARCH_CANDIDATES : undefined);
        expect(hits).toHaveLength(20);
        expect(hits[0]).toMatchObject({ slug: 'temoins-00', segmentId: `p${BEST}`, title: expect.any(String), state: expect.any(String) });
        const ranks = hits.map((hit) => hit.rank);
        expect([...ranks].sort((x, y) => y - x)).toEqual(ranks);
      }
    });

    it(engine === 'postgres' ? 'pages only within the matches it ranked' : 'pages beyond them', async () => {
      const beyond = await store.search('témoins', { limit: 5, offset: SEARCH_CANDIDATES });
      expect(beyond.hits).toHaveLength(engine === 'postgres' ? 0 : 5);
      expect(beyond.bestOfFirst).toBe(engine === 'postgres' ? SEARCH_CANDIDATES : undefined);
    });

    it('ranks every match of a rarer word', async () => {
      const { hits, bestOfFirst } = await store.search('Tombouctou', { limit: 100 });
      expect(bestOfFirst).toBeUndefined();
      expect(hits.map((hit) => hit.slug).sort()).toEqual(Array.from({ length: ARTICLES }, (_, n) => witnesses(n).slug));
    });

    it('tells the editor (GET /api/search) and the command line', async () => {
      const review = await serveReview(options.outDir, options.db !== undefined ? ['--db', options.db] : []);
      try {
        const response = await fetch(`${review.origin}/api/search?q=${encodeURIComponent('selon des témoins')}&phrase=1&limit=3`, { headers: { authorization: `Bearer ${TOKEN}` } });
        const body = (await response.json()) as { hits: unknown[]; bestOfFirst?: number };
        expect(response.status).toBe(200);
        expect(body.hits).toHaveLength(3);
        expect(body.bestOfFirst).toBe(engine === 'postgres' ? SEARCH_CANDIDATES : undefined);
      } finally {
        await review.stop();
      }
      const cli = await runCliAsync(['search', 'témoins', '--out', options.outDir, ...(options.db !== undefined ? ['--db', options.db] : []), '--json', '--limit', '2']);
      expect(cli.status, cli.stderr).toBe(0);
      expect(JSON.parse(cli.stdout)).toHaveLength(2);
      if (engine === 'postgres') expect(cli.stderr).toMatch(/more than 10,000 segments match; these are the best of the first 10,000 found/);
      else expect(cli.stderr).toBe('');
    });
  });
}
