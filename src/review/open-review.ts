// Everything `diptych review` holds while it runs: the output folder's lock
// (so a batch run cannot overwrite a review edit: it is refused while the
// review runs, and keeps every edit after it), the translation memory, the
// team's accounts (in the folder's store database, or `--db`), and the server.

import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { Glossary } from '../glossary/index.js';
import { FolderStore, openAccountStore, STATE_DIR, TranslationMemory, type AccountStore } from '../store/index.js';
import { ReviewStore } from './review-store.js';
import { startReviewServer, type RunningReviewServer } from './server.js';
import type { SegmentSuggester } from './segment-suggester.js';

export interface ReviewSession {
  server: RunningReviewServer;
  store: ReviewStore;
  token: string;
  close(): Promise<void>;
}

export interface OpenReviewOptions {
  outDir: string;
  glossary: Glossary;
  host?: string;
  port?: number;
  token?: string;
  user?: string;
  uiLang?: 'en' | 'fr';
  /** The store of record holding the team's accounts, when not the folder's own (postgres://… or a SQLite file; default DIPTYCH_DB). */
  db?: string;
  /** The engine a reviewer may ask; given the review's current glossary (team entries included). */
  suggester?: (memoryDir: string, glossary: () => Glossary) => Promise<SegmentSuggester | undefined>;
}

export async function openReview(options: OpenReviewOptions): Promise<ReviewSession> {
  const info = await stat(options.outDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError('no such output folder', { file: options.outDir, hint: 'run `diptych batch <articles> --out <dir>` first, then review <dir>' });
  const token = options.token ?? randomBytes(24).toString('base64url');
  const release = await new FolderStore(options.outDir).lock();
  let memory: TranslationMemory | undefined;
  let accounts: AccountStore | undefined;
  try {
    // Opened (and made) even for one person, so that accounts added while the review runs count at once.
    accounts = await openAccountStore({ outDir: options.outDir, ...(options.db !== undefined ? { db: options.db } : {}) });
    const stateDir = path.join(options.outDir, STATE_DIR);
    memory = await TranslationMemory.open(stateDir);
    const store = new ReviewStore({ outDir: options.outDir, glossary: options.glossary, memory, ...(options.uiLang ? { uiLang: options.uiLang } : {}) });
    const suggester = await options.suggester?.(stateDir, () => store.glossary);
    const server = await startReviewServer({
      store,
      token,
      ...(options.user ? { user: options.user } : {}),
      ...(options.host ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(suggester ? { suggester } : {}),
      ...(accounts ? { accounts } : {}),
    });
    const opened = memory;
    return {
      server,
      store,
      token,
      async close() {
        await server.close();
        await suggester?.close?.();
        await opened.close();
        await release();
      },
    };
  } catch (error) {
    await accounts?.close();
    await memory?.close();
    await release();
    throw error;
  }
}
