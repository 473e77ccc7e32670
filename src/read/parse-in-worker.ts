// Large HTML pages are parsed in a worker thread. The reader builds several
// trees of a page (its hast, a DOM for Readability, Readability's result) that
// are garbage once the blocks exist; on the main thread that garbage reaches
// V8's old generation, whose size then lets the heap grow several times over
// while the article is translated and rendered (a 2.4 MB page peaked at
// 342 MB, the same article as plain text at 257–275 MB). A worker's heap goes
// with it; only the blocks come back. Small pages stay on this thread: a
// worker costs its start and a second load of the reader's modules.

import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors.js';
import type { SourceFormat } from '../core/types.js';
import type { ParsedArticle } from './parsed-article.js';

/** Pages longer than this (characters) are parsed in a worker. */
export const WORKER_PAGE_CHARACTERS = 1_000_000;

/** What the worker sends back: the parsed page, or its error as data (errors lose their class on the way). */
export type WorkerAnswer = { parsed: ParsedArticle } | { error: { message: string; input: boolean; hint?: string; line?: number } };

export async function parseInWorker(content: string, format: SourceFormat, parse: (content: string, format: SourceFormat) => Promise<ParsedArticle>): Promise<ParsedArticle> {
  const file = new URL('./parse-worker.js', import.meta.url);
  // From the TypeScript sources (tests run them), on this thread.
  if (!existsSync(fileURLToPath(file))) return parse(content, format);
  const worker = new Worker(file, { workerData: { content, format } });
  try {
    const [answer] = (await once(worker, 'message')) as [WorkerAnswer];
    if ('parsed' in answer) return answer.parsed;
    const { message, input, hint, line } = answer.error;
    throw input ? new InputError(message, { ...(hint !== undefined ? { hint } : {}), ...(line !== undefined ? { line } : {}) }) : new Error(message);
  } finally {
    await worker.terminate();
  }
}
