// The reading pages (.md, .html) follow the store: after a save, the article's
// pages are re-rendered in the background, newest version only (saves that
// arrive during a render are rendered together next), in a worker thread
// when the compiled worker is there. A 200 waits for the store, which is the
// truth; pages left stale by a kill are re-rendered the next time the review
// or a batch run opens the article.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Article } from '../core/types.js';
import { writePages } from './publish-reviewed.js';

type Render = (article: Article, storeTime?: number) => Promise<void>;

export class PageRenderer {
  private readonly pending = new Map<string, { article: Article; storeTime?: number }>();
  private readonly running = new Map<string, Promise<void>>();
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 0;
  /** The last rendering error, shown by the server's session answer. */
  lastError: string | undefined;
  private readonly render: Render;
  private flushing = false;
  private wake: ((value: unknown) => void) | undefined;

  constructor(
    private readonly outDir: string,
    private readonly uiLang: 'en' | 'fr' = 'en',
    /** Least time between two renders of one article while saves keep coming, in ms. */
    private readonly interval = 1000,
  ) {
    const workerFile = new URL('./render-worker.js', import.meta.url);
    // Compiled: a worker. From the TypeScript sources (tests), on this thread.
    this.render = existsSync(fileURLToPath(workerFile))
      ? (article, storeTime) => this.inWorker(workerFile, article, storeTime)
      : (article, storeTime) => writePages(article, this.outDir, this.uiLang, storeTime);
  }

  /** Render this version of the article (stored at `storeTime`, its store's mtime) soon; a later call before it starts replaces it. */
  schedule(article: Article, storeTime?: number): void {
    this.pending.set(article.slug, { article, ...(storeTime !== undefined ? { storeTime } : {}) });
    if (this.running.has(article.slug)) return;
    const run = (async () => {
      for (let next = this.pending.get(article.slug); next; next = this.pending.get(article.slug)) {
        this.pending.delete(article.slug);
        const started = performance.now();
        try {
          await this.render(next.article, next.storeTime);
          this.lastError = undefined;
        } catch (error) {
          this.lastError = `${article.slug}: ${(error as Error).message}`;
        }
        // While saves keep coming, render at most every `interval` ms: the pages
        // of a long article cost far more than a save, and the next render has them all.
        // And never more than a fifth of the time: a render that took 300 ms waits 1.2 s before the next.
        const took = performance.now() - started;
        const rest = Math.max(this.interval, 4 * took) - took;
        if (rest > 0 && this.pending.has(article.slug) && !this.flushing) await new Promise((resolve) => (this.wake = resolve, setTimeout(resolve, rest)));
      }
    })().finally(() => this.running.delete(article.slug));
    this.running.set(article.slug, run);
  }

  /** Resolves once every scheduled page is written (now, without the pause between renders). */
  async idle(): Promise<void> {
    this.flushing = true;
    this.wake?.(undefined);
    try {
      while (this.running.size > 0) await Promise.all(this.running.values());
    } finally {
      this.flushing = false;
    }
  }

  async close(): Promise<void> {
    await this.idle();
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private inWorker(file: URL, article: Article, storeTime?: number): Promise<void> {
    if (!this.worker) {
      this.worker = new Worker(file);
      this.worker.unref();
      this.worker.on('message', (message: { id: number; error?: string }) => {
        const waiting = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if (message.error) waiting?.reject(new Error(message.error));
        else waiting?.resolve();
      });
      this.worker.on('error', (error) => {
        for (const waiting of this.waiting.values()) waiting.reject(error);
        this.waiting.clear();
        this.worker = undefined;
      });
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker!.postMessage({ id, article, outDir: this.outDir, uiLang: this.uiLang, storeTime });
    });
  }
}
