// The review editor in a real browser (Debian's Chromium via playwright-core),
// against a review server on 127.0.0.1: keyboard editing that survives a
// reload, two editors of one segment meeting in the merge view with nothing
// lost, markup in comments staying inert, and no way in without the token.
// Every request leaving the review server is aborted and recorded.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSession } from '../src/review/index.js';
import { BROWSER_TIMEOUT_MS, chromiumArgs, chromiumPath } from './fixtures/render/browser.js';
import { frenchArticle, makeOutput, openArticle, readStore, segmentsOf, storedSegment, type Output, openReviewOn } from './support/review.js';

let output: Output;
let session: ReviewSession;
let browser: Browser;
let origin: string;

interface Watch {
  errors: string[];
  dialogs: string[];
  outside: string[];
}

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found — install Debian's chromium (npm run setup) or set DIPTYCH_CHROMIUM`);
  output = await makeOutput({ idlib: frenchArticle('Idlib sous les bombes', 24), kaboul: frenchArticle('Attaque à Kaboul', 8) });
  session = await openReviewOn(output.out);
  origin = `http://127.0.0.1:${session.server.port}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: BROWSER_TIMEOUT_MS });
});

afterAll(async () => {
  await browser?.close();
  await session?.close();
  if (output) await rm(output.dir, { recursive: true, force: true });
});

async function editor(options: { name?: string } = {}): Promise<{ context: BrowserContext; page: Page; watch: Watch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: 'light', reducedMotion: 'reduce' });
  context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
  if (options.name) await context.addInitScript((name) => localStorage.setItem('diptych-review-user', name), options.name);
  const page = await context.newPage();
  const watch: Watch = { errors: [], dialogs: [], outside: [] };
  page.on('console', (message) => {
    // A 409 is the API's answer to a stale save, which the page handles (the merge view).
    if (message.type() === 'error' && !/status of 409/.test(message.text())) watch.errors.push(message.text());
  });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    watch.outside.push(url);
    return route.abort();
  });
  return { context, page, watch };
}


const row = (page: Page, id: string) => page.locator(`#rows .row[data-id="${id}"]`);


describe('the editor', () => {
  it('edits and approves with the keyboard, and the edit is there after a reload', async () => {
    const { context, page, watch } = await editor();
    await openArticle(page, origin, 'idlib');
    const ids = await page.locator('#rows .row').evaluateAll((rows) => rows.map((element) => (element as HTMLElement).dataset.id!));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('#rows .row.selected').getAttribute('data-id')).toBe(ids[2]);
    await page.keyboard.press('Enter');
    const textarea = row(page, ids[2]!).locator('textarea');
    await textarea.fill('Sentence two, corrected by hand.');
    await page.keyboard.press('Control+Enter');
    // No name yet: asked once, kept in the browser.
    await page.locator('#name-input').fill('Dana');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await storedSegment(output.out, 'idlib', ids[2]!)).target).toBe('Sentence two, corrected by hand.');
    expect(await storedSegment(output.out, 'idlib', ids[2]!)).toMatchObject({ state: 'final', provenance: { editor: 'Dana' } });
    // Ctrl+Enter went on to the next segment that needs work.
    await expect.poll(() => page.locator('#rows .row.selected').getAttribute('data-id')).toBe(ids[3]);
    // Alt+↑ moves back as ↑ does.
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => page.locator('#rows .row.selected').getAttribute('data-id')).toBe(ids[2]);
    // Esc cancels an edit: nothing saved.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await row(page, ids[3]!).locator('textarea').fill('Never saved.');
    await page.keyboard.press('Escape');
    await expect(row(page, ids[3]!).locator('.target').textContent()).resolves.not.toContain('Never saved.');
    // `?` lists the shortcuts.
    await page.keyboard.press('?');
    await expect(page.locator('#help').isVisible()).resolves.toBe(true);
    await page.keyboard.press('?');

    await page.reload();
    await page.waitForSelector('#rows .row');
    await expect(row(page, ids[2]!).locator('.target').textContent()).resolves.toBe('Sentence two, corrected by hand.');
    await expect(row(page, ids[2]!).locator('.badge').textContent()).resolves.toBe('final');
    await expect(page.locator('#who').textContent()).resolves.toBe('Dana');
    // The MT diff shows what the person changed.
    await expect(row(page, ids[2]!).locator('.mt del').count()).resolves.toBeGreaterThan(0);
    // Undo of the last save, with the keyboard (after a reload nothing to undo; make one).
    await page.keyboard.press('Escape');
    await row(page, ids[4]!).click();
    await page.keyboard.press('Enter');
    await row(page, ids[4]!).locator('textarea').fill('To be undone.');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(async () => (await storedSegment(output.out, 'idlib', ids[4]!)).target).toBe('To be undone.');
    // The page has heard back (and moved on) before it can undo.
    await expect.poll(() => page.locator('#rows .row.selected').getAttribute('data-id')).toBe(ids[5]);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await storedSegment(output.out, 'idlib', ids[4]!)).target).toMatch(/^EN /);
    expect(watch).toEqual({ errors: [], dialogs: [], outside: [] });
    await context.close();
  });

  it('sends the second of two editors of one segment to the merge view, and loses neither edit', async () => {
    const first = await editor({ name: 'Ana' });
    const second = await editor({ name: 'Ben' });
    await openArticle(first.page, origin, 'kaboul');
    await openArticle(second.page, origin, 'kaboul');
    const id = await first.page.locator('#rows .row').nth(2).getAttribute('data-id');
    const original = (await storedSegment(output.out, 'kaboul', id!)).target!;
    for (const { page } of [first, second]) {
      await row(page, id!).click();
      await page.keyboard.press('Enter');
    }
    // Ana changes the start of the sentence, Ben its end.
    const anas = original.replace(/^EN La/, 'The');
    const bens = original.replace(/ville\.$/, 'town.');
    await row(first.page, id!).locator('textarea').fill(anas);
    await first.page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await storedSegment(output.out, 'kaboul', id!)).target).toBe(anas);
    await row(second.page, id!).locator('textarea').fill(bens);
    await second.page.keyboard.press('Control+Enter');
    await second.page.waitForSelector('#merge:not([hidden])');
    await expect(second.page.locator('#merge-base').textContent()).resolves.toBe(original);
    await expect(second.page.locator('#merge-theirs').textContent()).resolves.toBe(anas);
    await expect(second.page.locator('#merge-mine').textContent()).resolves.toBe(bens);
    const merged = original.replace(/^EN La/, 'The').replace(/ville\.$/, 'town.');
    await expect(second.page.locator('#merge-result').inputValue()).resolves.toBe(merged);
    await second.page.click('#merge-save');
    await expect.poll(async () => (await storedSegment(output.out, 'kaboul', id!)).target).toBe(merged);
    const stored = await storedSegment(output.out, 'kaboul', id!);
    expect(stored.history!.map((version) => [version.by, version.target])).toEqual([
      ['fake', original],
      ['Ana', anas],
      ['Ben', merged],
    ]);
    for (const { watch, context } of [first, second]) {
      expect(watch).toEqual({ errors: [], dialogs: [], outside: [] });
      await context.close();
    }
  });

  it('shows a comment with markup as text: no element, no script', async () => {
    const { context, page, watch } = await editor({ name: '<b>Eve</b>' });
    await openArticle(page, origin, 'idlib');
    const id = await page.locator('#rows .row').nth(6).getAttribute('data-id');
    await row(page, id!).click();
    await page.keyboard.press('c');
    const markup = '<img src=x onerror=alert(1)>';
    await row(page, id!).locator('.comment-input').fill(markup);
    await row(page, id!).locator('.comment-form button').click();
    await expect.poll(async () => (await storedSegment(output.out, 'idlib', id!)).comments?.[0]?.text).toBe(markup);
    await page.reload();
    await page.waitForSelector('#rows .row');
    await expect(row(page, id!).locator('.comment .text').textContent()).resolves.toBe(markup);
    await expect(row(page, id!).locator('.comment .who').textContent()).resolves.toContain('<b>Eve</b>');
    expect(await page.locator('#rows img, #rows b').count()).toBe(0);
    expect(watch).toEqual({ errors: [], dialogs: [], outside: [] });
    await context.close();
  });

  it('filters by state, findings, glossary term and text on both sides', async () => {
    const { context, page, watch } = await editor({ name: 'Fay' });
    await openArticle(page, origin, 'idlib');
    const count = () => page.locator('#rows .row').count();
    const all = await count();
    await page.locator('#filter-search').fill('numéro 12 ');
    await expect.poll(count).toBe(1);
    await page.locator('#filter-search').fill('EN La phrase numéro 1');
    // The English side: sentences 10–19 (the first sentence names the Casques blancs instead).
    await expect.poll(count).toBe(10);
    await page.locator('#filter-search').fill('');
    await page.locator('#filter-term').selectOption('Casques blancs');
    await expect.poll(count).toBe(1);
    await expect(page.locator('#rows .row mark.term .pin').first().textContent()).resolves.toContain('White Helmets');
    await page.locator('#filter-term').selectOption('');
    await page.locator('#filter-state').selectOption('final');
    await expect.poll(count).toBe(segmentsOf(await readStore(output.out, 'idlib')).filter((segment) => segment.state === 'final').length);
    await page.locator('#filter-state').selectOption('');
    await page.locator('#filter-findings').check();
    await expect.poll(count).toBe(segmentsOf(await readStore(output.out, 'idlib')).filter((segment) => segment.findings.length > 0).length);
    await page.locator('#filter-findings').uncheck();
    await expect.poll(count).toBe(all);
    expect(watch).toEqual({ errors: [], dialogs: [], outside: [] });
    await context.close();
  });

  it('refuses a visit without the token', async () => {
    const { context, page } = await editor();
    const response = await page.goto(`${origin}/`);
    expect(response!.status()).toBe(401);
    const api = await page.goto(`${origin}/api/articles`);
    expect(api!.status()).toBe(401);
    expect(await api!.json()).toMatchObject({ error: 'no-token' });
    await context.close();
  });
});
