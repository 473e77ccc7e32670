// Renders the published files off the main thread: a 500-segment article takes
// a few hundred milliseconds to render, which would otherwise stall every
// save. The main thread publishes what it answers through the store.
import { parentPort } from 'node:worker_threads';
import type { Article } from '../core/types.js';
import { renderPublished } from './publish-reviewed.js';

interface Job {
  id: number;
  article: Article;
  uiLang: 'en' | 'fr';
}

parentPort?.on('message', (job: Job) => {
  try {
    parentPort!.postMessage({ id: job.id, files: renderPublished(job.article, job.uiLang) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
