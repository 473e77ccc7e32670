// Renders reading pages off the main thread: a 500-segment article takes a few
// hundred milliseconds to render, which would otherwise stall every save.
import { parentPort } from 'node:worker_threads';
import type { Article } from '../core/types.js';
import { writePages } from './publish-reviewed.js';

interface Job {
  id: number;
  article: Article;
  outDir: string;
  uiLang: 'en' | 'fr';
  storeTime?: number;
}

parentPort?.on('message', (job: Job) => {
  writePages(job.article, job.outDir, job.uiLang, job.storeTime).then(
    () => parentPort!.postMessage({ id: job.id }),
    (error: unknown) => parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
