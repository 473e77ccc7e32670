// Everything `diptych review` holds while it runs, given the store of record
// the caller opened (the CLI: the output folder's embedded database, or
// PostgreSQL): the review store over it and the server. No folder-wide lock:
// a batch, a queue worker or another review server may write the same store
// meanwhile; each save meets theirs on the segments' revisions.

import { randomBytes } from 'node:crypto';
import type { Glossary } from '../glossary/index.js';
import type { ApprovedMemory } from '../pipeline/index.js';
import type { AccountStore, StoreOfRecord } from '../store/index.js';
import { ReviewStore } from './review-store.js';
import { startReviewServer, type RunningReviewServer } from './server.js';
import type { SegmentSuggester } from './segment-suggester.js';

export interface ReviewSession {
  server: RunningReviewServer;
  store: ReviewStore;
  token: string;
  /** Stop the server and finish every save and publication; the store and memory stay open (the caller's). */
  close(): Promise<void>;
}

export interface OpenReviewOptions {
  /** The store of record, opened by the caller, who closes it after the session. */
  store: StoreOfRecord;
  /** Where approved segments go at once (the caller's, closed by it). */
  memory: ApprovedMemory;
  glossary: Glossary;
  host?: string;
  port?: number;
  token?: string;
  user?: string;
  uiLang?: 'en' | 'fr';
  /** Store files of the folder the store could not take in when it opened (named on the article list). */
  notTakenIn?: ReadonlyArray<{ place: string; error: unknown }>;
  /** "Ask another engine", when configured; closed with the session. */
  suggester?: SegmentSuggester;
  /** The team's accounts, in the store's database (the caller's, closed by it); none: one person, one owner token. */
  accounts?: AccountStore;
}

export async function openReview(options: OpenReviewOptions): Promise<ReviewSession> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const store = new ReviewStore({
    store: options.store,
    glossary: options.glossary,
    memory: options.memory,
    ...(options.uiLang ? { uiLang: options.uiLang } : {}),
    ...(options.notTakenIn ? { notTakenIn: options.notTakenIn } : {}),
  });
  const { suggester } = options;
  const server = await startReviewServer({
    store,
    token,
    ...(options.user ? { user: options.user } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(suggester ? { suggester } : {}),
    ...(options.accounts ? { accounts: options.accounts } : {}),
  });
  // A review killed between a save and its publication left those files behind the record.
  await store.publishStale();
  return {
    server,
    store,
    token,
    async close() {
      await server.close();
      await suggester?.close?.();
    },
  };
}
