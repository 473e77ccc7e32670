// The worker side of parse-in-worker.ts: one page in (workerData), its blocks
// out, then the thread ends and its heap with it.

import { parentPort, workerData } from 'node:worker_threads';
import { DiptychError, InputError } from '../core/errors.js';
import type { SourceFormat } from '../core/types.js';
import { parseArticle } from './index.js';
import type { WorkerAnswer } from './parse-in-worker.js';

const { content, format } = workerData as { content: string; format: SourceFormat };
let answer: WorkerAnswer;
try {
  answer = { parsed: await parseArticle(content, format) };
} catch (error) {
  const known = error instanceof DiptychError ? error : undefined;
  answer = {
    error: {
      message: error instanceof Error ? error.message : String(error),
      input: error instanceof InputError,
      ...(known?.hint !== undefined ? { hint: known.hint } : {}),
      ...(known?.line !== undefined ? { line: known.line } : {}),
    },
  };
}
parentPort!.postMessage(answer);
