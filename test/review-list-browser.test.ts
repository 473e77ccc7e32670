// The editor's article list on a store too large to list whole: it shows a
// page of fifty (GET /api/articles?offset&limit), says where it is among how
// many, and pages with links the browser's Back follows.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSession } from '../src/review/index.js';
import { openStoreOfRecord } from '../src/store/index.js';
import { foundingArticle } from './fixtures/render/articles.js';
import { BROWSER_TIMEOUT_MS, chromiumArgs, chromiumPath } from './fixtures/render/browser.js';
import { openReviewOn, TOKEN } from './support/review.js';
import { tempDir } from './support/cli.js';

const ARTICLES = 60;
let out: string;
let session: ReviewSession;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found — install Debian's chromium (npm run setup) or set DIPTYCH_CHROMIUM`);
  out = await tempDir('review-list');
  const store = await openStoreOfRecord({ outDir: out });
  // Slugs that sort as their numbers do: article-00 … article-59.
  await store.saveAll(Array.from({ length: ARTICLES }, (_, n) => Object.assign(foundingArticle(), { slug: `article-${String(n).padStart(2, '0')}`, title: `Article ${n}` })));
  await store.close();
  session = await openReviewOn(out);
  origin = `http://127.0.0.1:${session.server.port}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: BROWSER_TIMEOUT_MS });
});

afterAll(async () => {
  await browser?.close();
  await session?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('the article list', () => {
  it('shows a page of fifty with where it is, pages forward by a link, and back with the browser', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/?token=${TOKEN}`);
    await page.waitForSelector('body[data-ready="true"]');
    const rows = page.locator('table.list tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await rows.first().locator('a').getAttribute('href')).toBe('#/a/article-00');
    expect(await page.locator('nav.pager').first().textContent()).toMatch(/Articles 1–50 of 60/);
    await page.locator('nav.pager a[rel="next"]').first().click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/p/50');
    await expect.poll(() => rows.count()).toBe(10);
    expect(await rows.first().locator('a').getAttribute('href')).toBe('#/a/article-50');
    expect(await page.locator('nav.pager').first().textContent()).toMatch(/Articles 51–60 of 60/);
    expect(await page.locator('nav.pager a[rel="next"]').count()).toBe(0);
    await page.goBack();
    await expect.poll(() => rows.count()).toBe(50);
    expect(await rows.first().locator('a').getAttribute('href')).toBe('#/a/article-00');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a store of one page whole: no pager, and nothing stray between the heading and the table', async () => {
    const small = await tempDir('review-list-small');
    const store = await openStoreOfRecord({ outDir: small });
    await store.saveAll([0, 1, 2].map((n) => Object.assign(foundingArticle(), { slug: `small-${n}`, title: `Small ${n}` })));
    await store.close();
    const smallSession = await openReviewOn(small);
    const context = await browser.newContext();
    try {
      context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${smallSession.server.port}/?token=${TOKEN}`);
      await page.waitForSelector('body[data-ready="true"]');
      await expect.poll(() => page.locator('table.list tbody tr').count()).toBe(3);
      expect(await page.locator('nav.pager').count()).toBe(0);
      // Text directly in the page's main part, outside any element (a "null" once stood there).
      const stray = await page.locator('#main').evaluate((main) => Array.from(main.childNodes).filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent));
      expect(stray).toEqual([]);
    } finally {
      await context.close();
      await smallSession.close();
      await rm(small, { recursive: true, force: true });
    }
  });
});
