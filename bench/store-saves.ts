// The store of record's save latency on each engine: a 500-segment article,
// one segment changed per save at the revision read (as a review save is),
// 500 saves one after another, then 50 editors saving at once. The baseline
// is one atomic, fsynced write of the same article's JSON store (what the
// folder store does for every save), measured in the same run on the same
// disk. PostgreSQL is a throwaway cluster (test/support/postgres.ts) started
// with fsync off, so its figures show the engine's cost, not a disk's.
// Run: npm run build --silent && node dist/bench/store-saves.js

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article, Segment } from '../src/core/types.js';
import { FolderStore, openStoreOfRecord, type DatabaseStore } from '../src/store/index.js';
import { postgresBinaries, startPostgres } from '../test/support/postgres.js';

const SEGMENTS = 500;
const SAVES = 500;
const EDITORS = 50;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

function segment(n: number): Segment {
  return {
    id: `s${n}`,
    source: `La phrase numéro ${n} de cet article parle de la situation à Idlib.`,
    target: `Sentence number ${n} of this article is about the situation in Idlib.`,
    sourceMarks: [],
    targetMarks: [],
    provenance: { translator: 'apertium', model: 'fr-es-en', glossaryVersion: 'g1', edited: false, at: '2026-01-01T00:00:00.000Z' },
    state: 'translated',
    terms: [{ entry: 'Idlib', source: 'Idlib', target: 'Idlib', satisfied: true }],
    unknownWords: [],
    findings: [],
    revision: 0,
  };
}

function longArticle(): Article {
  const blocks = Array.from({ length: SEGMENTS / 5 }, (_, b) => {
    const segments = Array.from({ length: 5 }, (_, s) => segment(b * 5 + s));
    return { kind: 'paragraph' as const, text: segments.map((one) => one.source).join(' '), marks: [], segments };
  });
  return { slug: 'long', sourcePath: 'long.txt', format: 'txt', sourceLang: 'fr', targetLang: 'en', title: 'Un long article', blocks };
}

/** Saves of one article in the order they were asked, as the review server queues them (the one object holds every edit). */
let queue: Promise<unknown> = Promise.resolve();

/** One save as review makes it: a segment's new English at the revision read, timed from the request to its commit. */
async function saveOne(store: DatabaseStore, article: Article, n: number): Promise<number> {
  const start = performance.now();
  const saved = queue.then(() => {
    const target = article.blocks[Math.floor(n / 5) % article.blocks.length]!.segments[n % 5]!;
    const read = target.revision ?? 0;
    target.target = `Edit ${n} of sentence ${target.id}.`;
    target.revision = read + 1;
    target.history = [...(target.history ?? []), { target: target.target, origin: 'person', by: 'bench', at: new Date().toISOString(), state: 'reviewed', revision: read + 1 }];
    // Naming the one segment changed, as review does: the store digests and writes that one alone.
    return store.save(article, { expected: new Map([[target.id, read]]), changed: new Set([target.id]) });
  });
  queue = saved.catch(() => undefined);
  await saved;
  return performance.now() - start;
}

async function benchEngine(options: { outDir: string; db?: string }): Promise<{ engine: string; alone: number[]; together: number[] }> {
  const store = await openStoreOfRecord(options);
  try {
    const article = longArticle();
    await store.save(article);
    const alone: number[] = [];
    for (let n = 0; n < SAVES; n++) alone.push(await saveOne(store, article, n));
    // 50 editors at once, each on its own segments of the one article the server holds, ten saves each.
    const together = (
      await Promise.all(
        Array.from({ length: EDITORS }, async (_, e) => {
          const times: number[] = [];
          for (let k = 0; k < SAVES / EDITORS; k++) times.push(await saveOne(store, article, e * (SAVES / EDITORS) + k));
          return times;
        }),
      )
    ).flat();
    return { engine: store.engine, alone, together };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'diptych-bench-store-'));
  const server = postgresBinaries() ? await startPostgres() : undefined;
  try {
    const folder = new FolderStore(path.join(dir, 'folder'));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(folder.location);
    const writes: number[] = [];
    const article = longArticle();
    for (let n = 0; n < 50; n++) {
      const start = performance.now();
      await folder.save(article);
      writes.push(performance.now() - start);
    }
    const baseline = percentile(writes, 95);
    console.log(`baseline, one fsynced write of the ${SEGMENTS}-segment store: p50 ${percentile(writes, 50).toFixed(1)} ms, p95 ${baseline.toFixed(1)} ms`);
    const runs = [await benchEngine({ outDir: path.join(dir, 'sqlite') })];
    if (server) runs.push(await benchEngine({ outDir: path.join(dir, 'postgres'), db: await server.createDatabase('bench') }));
    for (const { engine, alone, together } of runs) {
      console.log(`save latency (${engine}) p50 ${percentile(alone, 50).toFixed(1)} ms, p95 ${percentile(alone, 95).toFixed(1)} ms (${SAVES} saves one at a time; p95 = ${(percentile(alone, 95) / baseline).toFixed(2)}× the baseline's)`);
      console.log(`  ${EDITORS} editors at once (${together.length} saves): p50 ${percentile(together, 50).toFixed(1)} ms, p95 ${percentile(together, 95).toFixed(1)} ms`);
    }
  } finally {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
