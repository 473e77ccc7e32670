// The editor's concordance panel in a real browser (Debian's Chromium via
// playwright-core): every article searched at once, each hit shown with its
// article, segment and state, its text inert (markup shown, never run), and
// a hit's link opening its article with that segment selected.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSession } from '../src/review/index.js';
import { BROWSER_TIMEOUT_MS, chromiumArgs, chromiumPath } from './fixtures/render/browser.js';
import { frenchArticle, makeOutput, openArticle, openReviewOn, readStore, segmentsOf, TOKEN, type Output } from './support/review.js';

let output: Output;
let session: ReviewSession;
let browser: Browser;
let origin: string;
const MARKUP = '<img src=x onerror="document.title=1">';

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found — install Debian's chromium (npm run setup) or set DIPTYCH_CHROMIUM`);
  output = await makeOutput({ idlib: frenchArticle('Idlib sous les bombes', 12), kaboul: frenchArticle('Attaque à Kaboul', 6) });
  session = await openReviewOn(output.out);
  origin = `http://127.0.0.1:${session.server.port}`;
  // An English text holding markup, saved as any reviewer could.
  const segment = segmentsOf(await readStore(output.out, 'kaboul'))[3]!;
  const saved = await fetch(`${origin}/api/articles/kaboul/segments/${segment.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ revision: 0, target: `Markup ${MARKUP} in the town.` }),
  });
  expect(saved.status).toBe(200);
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: BROWSER_TIMEOUT_MS });
});

afterAll(async () => {
  await browser?.close();
  await session?.close();
  if (output) await rm(output.dir, { recursive: true, force: true });
});

describe('the concordance panel', () => {
  it('finds a phrase in every article, shows each hit as text, and opens a hit at its segment', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await openArticle(page, origin, 'idlib');
    await page.click('#concordance-button');
    await page.locator('#concordance-query').fill('Casques blancs');
    await page.locator('#concordance-phrase').check();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#concordance-results .hit').count()).toBe(2);
    const slugs = await page.locator('#concordance-results .hit').evaluateAll((hits) => hits.map((hit) => (hit as HTMLElement).dataset.slug).sort());
    expect(slugs).toEqual(['idlib', 'kaboul']);
    await expect(page.locator('#concordance-results .hit .badge').first().textContent()).resolves.toMatch(/^(new|translated|reviewed|final)$/);

    // Markup in a hit is shown as text.
    await page.locator('#concordance-side').selectOption('target');
    await page.locator('#concordance-phrase').uncheck();
    await page.locator('#concordance-query').fill('Markup');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#concordance-results .hit').count()).toBe(1);
    await expect(page.locator('#concordance-results .hit .en').textContent()).resolves.toContain(MARKUP);
    expect(await page.locator('#concordance-results img').count()).toBe(0);

    // Its link opens the other article with that segment selected.
    const id = await page.locator('#concordance-results .hit').getAttribute('data-id');
    await page.locator('#concordance-results .hit a').click();
    await expect.poll(() => page.locator('#rows .row.selected').getAttribute('data-id')).toBe(id);
    await expect(page.locator('#concordance').isHidden()).resolves.toBe(true);
    expect(await page.title()).toBe('diptych review');
    expect(errors).toEqual([]);
    await context.close();
  });
});
