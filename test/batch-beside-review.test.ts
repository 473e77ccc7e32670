// A newsroom's day on one store of record, no folder lock: a batch
// re-translates 100 articles (another engine, so every sentence changes)
// while reviewers save 500 segments of those same articles through the review
// server. Every save the server acknowledged must be in the record and in the
// published files at the end, and every article published in the batch's new
// version elsewhere. The engine is a fake LibreTranslate on 127.0.0.1 whose
// answer the test holds back, so that half of the saves land while the batch
// waits for it and half while it commits its articles.

import { access, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import { openStoreOfRecord } from '../src/store/index.js';
import { startFakeServer, type FakeServer } from './fakes/server.js';
import { runCliAsync, tempDir } from './support/cli.js';
import { openReviewOn, segmentsOf, TOKEN } from './support/review.js';

const ARTICLES = 100;
const SAVES_PER_ARTICLE = 5;

/** A LibreTranslate that tags each text, and can hold its answers until released. */
async function taggingEngine(tag: string, hold?: Promise<void>): Promise<FakeServer & { asked: Promise<void> }> {
  let asked!: () => void;
  const first = new Promise<void>((resolve) => (asked = resolve));
  const server = await startFakeServer((request, respond) => {
    const body = JSON.parse(request.body) as { q: string[] };
    asked();
    void (hold ?? Promise.resolve()).then(() => respond(200, { translatedText: body.q.map((text) => `${tag} ${text}`) }));
  });
  return Object.assign(server, { asked: first });
}

function article(n: number): string {
  const sentences = Array.from({ length: 6 }, (_, s) => `Dans la ville ${n}, le conseil numéro ${s} a voté le budget de l'année.`);
  return `Chronique ${n}\n\n${sentences.join(' ')}\n`;
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('a batch and the review on one store of record', () => {
  it('keeps every acknowledged save through a batch re-translating the same articles, and publishes every article', { timeout: 300_000 }, async () => {
    const dir = await tempDir('beside');
    dirs.push(dir);
    const input = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    await mkdir(input);
    for (let n = 1; n <= ARTICLES; n++) await writeFile(path.join(input, `a${String(n).padStart(3, '0')}.txt`), article(n));
    const batch = (engine: FakeServer) => runCliAsync(['batch', input, '--out', out, '--translator', 'libretranslate', '--quiet'], { env: { ...process.env, LIBRETRANSLATE_URL: engine.url } });

    const first = await taggingEngine('[EN1]');
    const firstRun = await batch(first);
    await first.close();
    expect(firstRun.stderr).toBe('');
    expect(firstRun.status).toBe(0);

    const session = await openReviewOn(out);
    const base = `http://127.0.0.1:${session.server.port}`;
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-diptych-user': 'ana' };
    const acknowledged = new Map<string, { slug: string; id: string; target: string }>();
    let conflicts = 0;
    /** Save one segment as a reviewer does: read its revision, save; on 409 (the batch got there first) read again and redo. */
    const save = async (slug: string, index: number): Promise<void> => {
      for (let attempt = 1; attempt <= 20; attempt++) {
        const read = (await (await fetch(`${base}/api/articles/${slug}`, { headers })).json()) as { article: Article };
        const segment = segmentsOf(read.article).filter((candidate) => candidate.source.startsWith('Dans'))[index]!;
        const target = `Ana wrote sentence ${index} of ${slug} on try ${attempt}.`;
        const response = await fetch(`${base}/api/articles/${slug}/segments/${segment.id}`, { method: 'PATCH', headers, body: JSON.stringify({ revision: segment.revision, target }) });
        if (response.status === 200) {
          acknowledged.set(`${slug}/${segment.id}`, { slug, id: segment.id, target });
          return;
        }
        expect(response.status).toBe(409);
        conflicts++;
      }
      throw new Error(`${slug} sentence ${index} was refused 20 times`);
    };
    const slugs = Array.from({ length: ARTICLES }, (_, i) => `a${String(i + 1).padStart(3, '0')}`);
    const work = slugs.flatMap((slug) => Array.from({ length: SAVES_PER_ARTICLE }, (_, index) => ({ slug, index })));
    const limit = pLimit(8);

    try {
      let release!: () => void;
      const second = await taggingEngine('[EN2]', new Promise<void>((resolve) => (release = resolve)));
      const secondRun = batch(second);
      // Half of the saves while the batch waits for the engine, half while it commits.
      await second.asked;
      await Promise.all(work.slice(0, work.length / 2).map((item) => limit(() => save(item.slug, item.index))));
      release();
      await Promise.all(work.slice(work.length / 2).map((item) => limit(() => save(item.slug, item.index))));
      const run = await secondRun;
      await second.close();
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      await session.close();
    }
    expect(acknowledged.size).toBe(ARTICLES * SAVES_PER_ARTICLE);
    console.log(`batch beside review: ${acknowledged.size} saves acknowledged, ${conflicts} answered 409 first and redone`);

    // The record and the published files agree: every acknowledged save, every article in the new version elsewhere.
    const store = await openStoreOfRecord({ outDir: out });
    try {
      for (const slug of slugs) {
        const record = (await store.load(slug))!;
        const published = (JSON.parse(await readFile(path.join(out, `${slug}.json`), 'utf8')) as { article: Article }).article;
        expect(published).toEqual(record);
        const markdown = await readFile(path.join(out, `${slug}.md`), 'utf8');
        await access(path.join(out, `${slug}.html`));
        for (const segment of segmentsOf(record)) {
          const saved = acknowledged.get(`${slug}/${segment.id}`);
          if (saved) {
            expect(segment.target, `${slug} ${segment.id}`).toBe(saved.target);
            expect(markdown).toContain(saved.target);
          } else {
            expect(segment.target, `${slug} ${segment.id}`).toMatch(/^\[EN2\] /);
          }
        }
      }
    } finally {
      await store.close();
    }
  });
});
