// A burst of saves on one article is published once, after it: the page
// renderer waits for a pause in the article's saves (or, under saves that
// never pause, a few seconds after the first it publishes), so rendering a
// long article's pages does not take the CPU the saves of the burst need.
// Timers are vitest's fake ones: no test waits on the clock.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article } from '../src/core/types.js';
import { PageRenderer } from '../src/review/page-renderer.js';
import type { StoreOfRecord } from '../src/store/index.js';
import { foundingArticle } from './fixtures/render/articles.js';

/** A store that only counts publications, and the version each showed. */
function countingStore(): { store: StoreOfRecord; published: string[]; version: { n: number } } {
  const published: string[] = [];
  const version = { n: 1 };
  const store = {
    stamp: async () => String(version.n),
    publish: async (_slug: string, _pieces: unknown, options: { stamp?: string }) => {
      published.push(options.stamp ?? '');
      return {};
    },
  } as unknown as StoreOfRecord;
  return { store, published, version };
}

describe('page renderer', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('publishes a burst of saves once, after it, showing the newest record', async () => {
    const { store, published, version } = countingStore();
    const article: Article = foundingArticle();
    const pages = new PageRenderer(store, async () => article, 'en', 250, 5000);
    for (let save = 0; save < 10; save++) {
      version.n++;
      pages.schedule(article.slug);
      await vi.advanceTimersByTimeAsync(100);
    }
    // Saves every 100 ms: nothing published while they come.
    expect(published).toEqual([]);
    await vi.advanceTimersByTimeAsync(300);
    expect(published).toEqual(['11']);
    await pages.close();
  });

  it('publishes under saves that never pause, at most a few seconds behind the first', async () => {
    const { store, published, version } = countingStore();
    const article: Article = foundingArticle();
    const pages = new PageRenderer(store, async () => article, 'en', 250, 5000);
    for (let save = 0; save < 60; save++) {
      version.n++;
      pages.schedule(article.slug);
      await vi.advanceTimersByTimeAsync(100);
    }
    // Six seconds of saves: one publication five seconds in, the rest still waiting for their pause.
    expect(published).toEqual(['51']);
    await pages.idle();
    expect(published).toEqual(['51', '61']);
    await pages.close();
  });
});
