// The published files (.json, .md, .html) follow the store of record: after a
// save, the article is published again in the background through the store's
// `publish`, newest record only (saves that arrive during a render are
// published together next; the record is read when the render starts, so a
// save by another process meanwhile is in it too). The rendering runs in a
// worker thread when the compiled worker is there. A 200 waits for the
// record, which is the truth; the files follow it.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Article } from '../core/types.js';
import type { StoreOfRecord } from '../store/index.js';
import { renderPublished, type RenderedFiles } from './publish-reviewed.js';

type Render = (article: Article) => Promise<RenderedFiles>;

export class PageRenderer {
  private readonly pending = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (files: RenderedFiles) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  /** The last publishing error, shown by the server's session answer. */
  lastError: string | undefined;
  private readonly render: Render;
  private flushing = false;
  private wake: ((value: unknown) => void) | undefined;

  constructor(
    private readonly store: StoreOfRecord,
    /** The article's newest record (the review store's cached copy while it is fresh). */
    private readonly latest: (slug: string) => Promise<Article>,
    private readonly uiLang: 'en' | 'fr' = 'en',
    /** Least time between two renders of one article while saves keep coming, in ms. */
    private readonly interval = 1000,
  ) {
    const workerFile = new URL('./render-worker.js', import.meta.url);
    // Compiled: a worker. From the TypeScript sources (tests), on this thread.
    this.render = existsSync(fileURLToPath(workerFile)) ? (article) => this.inWorker(workerFile, article) : async (article) => renderPublished(article, this.uiLang);
  }

  /** Publish the article's newest record soon; calls before it starts are one publication. */
  schedule(slug: string): void {
    this.pending.add(slug);
    if (this.running.has(slug)) return;
    const run = (async () => {
      while (this.pending.delete(slug)) {
        const started = performance.now();
        try {
          // The stamp before the record: published only while the record is still at it (see PublishOptions.stamp).
          const stamp = await this.store.stamp(slug);
          const files = await this.render(await this.latest(slug));
          await this.store.publish(slug, { json: [files.json], md: [files.md], html: [files.html] }, stamp !== undefined ? { stamp } : {});
          this.lastError = undefined;
        } catch (error) {
          this.lastError = `${slug}: ${(error as Error).message}`;
        }
        // While saves keep coming, render at most every `interval` ms: the pages
        // of a long article cost far more than a save, and the next render has them all.
        // And never more than a fifth of the time: a render that took 300 ms waits 1.2 s before the next.
        const took = performance.now() - started;
        const rest = Math.max(this.interval, 4 * took) - took;
        if (rest > 0 && this.pending.has(slug) && !this.flushing) await new Promise((resolve) => ((this.wake = resolve), setTimeout(resolve, rest)));
      }
    })().finally(() => this.running.delete(slug));
    this.running.set(slug, run);
  }

  /** Resolves once every scheduled publication is done (now, without the pause between renders). */
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

  private inWorker(file: URL, article: Article): Promise<RenderedFiles> {
    if (!this.worker) {
      this.worker = new Worker(file);
      this.worker.unref();
      this.worker.on('message', (message: { id: number; files?: RenderedFiles; error?: string }) => {
        const waiting = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if (message.files) waiting?.resolve(message.files);
        else waiting?.reject(new Error(message.error ?? 'the render worker answered nothing'));
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
      this.worker!.postMessage({ id, article, uiLang: this.uiLang });
    });
  }
}
