// The published files (.json, .md, .html) follow the store of record: after a
// save, the article is published again in the background through the store's
// `publish`, newest record only. A burst of saves (fifty editors on one long
// article) is published once, after it: a publication waits for a pause in the
// article's saves, yet never falls more than a few seconds behind the first
// save it waits for; rendering a long article costs far more than a save, and
// on a small machine it takes the saves' CPU. The record is read when the
// render starts, so a save by another process meanwhile is in it too. The
// rendering runs in a worker thread when the compiled worker is there. A 200
// waits for the record, which is the truth; the files follow it.

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
  /** Publications waiting for their time: `idle()` wakes them all. */
  private readonly sleepers = new Set<() => void>();
  /** When each article's last save was scheduled. */
  private readonly lastSave = new Map<string, number>();

  constructor(
    private readonly store: StoreOfRecord,
    /** The article's newest record (the review store's cached copy while it is fresh). */
    private readonly latest: (slug: string) => Promise<Article>,
    private readonly uiLang: 'en' | 'fr' = 'en',
    /** A pause in an article's saves this long (ms) is the end of a burst: it is published then. */
    private readonly quiet = 250,
    /** A publication waits for the pause at most this long after the first save it publishes (ms). */
    private readonly most = 5000,
  ) {
    const workerFile = new URL('./render-worker.js', import.meta.url);
    // Compiled: a worker. From the TypeScript sources (tests), on this thread.
    this.render = existsSync(fileURLToPath(workerFile)) ? (article) => this.inWorker(workerFile, article) : async (article) => renderPublished(article, this.uiLang);
  }

  /** Publish the article's newest record soon; calls before it starts are one publication. */
  schedule(slug: string): void {
    this.pending.add(slug);
    this.lastSave.set(slug, performance.now());
    if (this.running.has(slug)) return;
    const run = (async () => {
      // Since when the oldest save not yet published has waited.
      let since = performance.now();
      while (this.pending.has(slug)) {
        await this.pause(slug, since);
        this.pending.delete(slug);
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
        // Saves that came during this publication are in the next; it renders no more than a fifth of
        // the time (a render that took 300 ms waits 1.2 s before the next).
        since = started;
        const took = performance.now() - started;
        if (this.pending.has(slug) && !this.flushing) await this.sleep(3 * took);
      }
    })().finally(() => {
      this.running.delete(slug);
      this.lastSave.delete(slug);
    });
    this.running.set(slug, run);
  }

  /** Until the article's saves pause, or the oldest waiting one has waited `most` ms (at once while flushing). */
  private async pause(slug: string, since: number): Promise<void> {
    for (;;) {
      const now = performance.now();
      const quietFor = now - (this.lastSave.get(slug) ?? 0);
      const waited = now - since;
      if (this.flushing || quietFor >= this.quiet || waited >= this.most) return;
      await this.sleep(Math.min(this.quiet - quietFor, this.most - waited));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /** Resolves once every scheduled publication is done (now, without the pause between renders). */
  async idle(): Promise<void> {
    this.flushing = true;
    for (const wake of [...this.sleepers]) wake();
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
