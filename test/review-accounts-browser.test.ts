// A translator and a reviewer in two browser contexts (Debian's Chromium via
// playwright-core), each signed in through the one-time link `diptych users
// add` prints: the translator edits and is offered no approve, restore or
// relink control, and the API refuses their approval (403); the reviewer
// approves; the history shows both names; a comment's markup stays text; the
// reviewer assigns the article and it shows as the translator's work; the
// reviewer adds a selected French term to the glossary and the translator's
// page marks it missing.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSession } from '../src/review/index.js';
import { openAccountStore, type KyselyAccountStore } from '../src/store/index.js';
import { BROWSER_TIMEOUT_MS, chromiumArgs, chromiumPath } from './fixtures/render/browser.js';
import { frenchArticle, GLOSSARY, makeOutput, openReviewOn, storedSegment, TOKEN, type Output } from './support/review.js';

let output: Output;
let session: ReviewSession;
let accounts: KyselyAccountStore;
let browser: Browser;
let origin: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found — install Debian's chromium (npm run setup) or set DIPTYCH_CHROMIUM`);
  output = await makeOutput({ idlib: frenchArticle('Idlib sous les bombes', 8) });
  accounts = await openAccountStore({ outDir: output.out });
  session = await openReviewOn(output.out, { accounts });
  origin = `http://127.0.0.1:${session.server.port}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: BROWSER_TIMEOUT_MS });
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await session?.close();
  await accounts?.close();
  if (output) await rm(output.dir, { recursive: true, force: true });
});

/** A person's own browser: signed in with their link, on the article; page errors collected. */
async function signedIn(name: string, role: 'translator' | 'reviewer'): Promise<{ page: Page; errors: string[] }> {
  const { signInToken } = await accounts.add(name, role);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // The translator's refused approval is the API's answer, expected here.
    if (message.type() === 'error' && !/status of 403/.test(message.text())) errors.push(message.text());
  });
  await page.goto(`${origin}/signin?token=${signInToken}`);
  await page.waitForSelector('body[data-ready="true"]');
  // The token left the address: it went into a cookie.
  expect(page.url()).toBe(`${origin}/`);
  await page.click('a[href="#/a/idlib"]');
  await page.waitForSelector('#rows .row');
  return { page, errors };
}

const row = (page: Page, id: string) => page.locator(`#rows .row[data-id="${id}"]`);

describe('a translator and a reviewer', () => {
  it('edit and approve each as their role allows, and the history names both', async () => {
    const translator = await signedIn('tina', 'translator');
    const reviewer = await signedIn('rémi', 'reviewer');
    const ids = await translator.page.locator('#rows .row').evaluateAll((rows) => rows.map((element) => (element as HTMLElement).dataset.id!));
    const id = ids[2]!;

    // The translator: their name from the account (never asked), and no approve button anywhere.
    await expect(translator.page.locator('#who').textContent()).resolves.toBe('tina (translator)');
    await expect(translator.page.locator('.approve-button').count()).resolves.toBe(0);
    await expect(translator.page.locator('.relink-button').count()).resolves.toBe(0);
    await expect(reviewer.page.locator('.approve-button').count()).resolves.toBeGreaterThan(0);

    await row(translator.page, id).click();
    await translator.page.keyboard.press('Enter');
    await row(translator.page, id).locator('textarea').fill('Sentence three, by the translator.');
    // Ctrl+Enter would approve; for a translator it marks the text reviewed.
    await translator.page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await storedSegment(output.out, 'idlib', id)).target).toBe('Sentence three, by the translator.');
    expect(await storedSegment(output.out, 'idlib', id)).toMatchObject({ state: 'reviewed', provenance: { editor: 'tina' } });
    await expect(translator.page.locator('#name-form').isVisible()).resolves.toBe(false);

    // The translator's own cookie cannot approve through the API either.
    const refused = await translator.page.evaluate(async ([url, revision]) => {
      const response = await fetch(url as string, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ revision, state: 'final' }) });
      return { status: response.status, body: await response.json() };
    }, [`/api/articles/idlib/segments/${id}`, (await storedSegment(output.out, 'idlib', id)).revision] as const);
    expect(refused).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    // A comment whose markup must stay text on the reviewer's page.
    const comment = await translator.page.evaluate(async ([url, revision]) => {
      const response = await fetch(url as string, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ revision, comment: '<img src=x onerror="window.pwned=1">please check' }) });
      return response.status;
    }, [`/api/articles/idlib/segments/${id}`, (await storedSegment(output.out, 'idlib', id)).revision] as const);
    expect(comment).toBe(200);

    // The reviewer sees the translator's text, corrects it and approves it with the button.
    await reviewer.page.reload();
    await reviewer.page.waitForSelector('#rows .row');
    await expect(row(reviewer.page, id).locator('.target').textContent()).resolves.toBe('Sentence three, by the translator.');
    await row(reviewer.page, id).click();
    await reviewer.page.keyboard.press('Enter');
    await row(reviewer.page, id).locator('textarea').fill('Sentence three, by the reviewer.');
    await reviewer.page.keyboard.press('Alt+ArrowDown');
    await expect.poll(async () => (await storedSegment(output.out, 'idlib', id)).target).toBe('Sentence three, by the reviewer.');
    await row(reviewer.page, id).locator('.approve-button').click();
    await expect.poll(async () => (await storedSegment(output.out, 'idlib', id)).state).toBe('final');

    // The history, on the translator's page once reloaded, names both; the translator may not restore from it.
    await translator.page.reload();
    await translator.page.waitForSelector('#rows .row');
    await row(translator.page, id).locator('details.history summary').click();
    const history = await row(translator.page, id).locator('details.history').textContent();
    expect(history).toContain('tina');
    expect(history).toContain('rémi');
    await expect(row(translator.page, id).locator('button.restore').count()).resolves.toBe(0);
    await expect(row(reviewer.page, id).locator('details.history button.restore').count()).resolves.toBeGreaterThan(0);

    // The markup of the comment is shown as text, and ran nowhere.
    await reviewer.page.reload();
    await reviewer.page.waitForSelector('#rows .row');
    await expect(row(reviewer.page, id).locator('.comments').textContent()).resolves.toContain('<img src=x onerror="window.pwned=1">please check');
    await expect(row(reviewer.page, id).locator('.comments img').count()).resolves.toBe(0);
    expect(await reviewer.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    // The reviewer gives the article to the translator; it is the translator's work, and the list shows their progress.
    await expect(translator.page.locator('#assign-name').count()).resolves.toBe(0);
    await reviewer.page.locator('#assign-name').fill('tina');
    await reviewer.page.locator('form.assign button').click();
    await expect.poll(() => reviewer.page.locator('#status').textContent()).toBe('assigned to tina');
    await translator.page.goto(`${origin}/#/`);
    await translator.page.waitForSelector('#my-work');
    await expect(translator.page.locator('#my-work').textContent()).resolves.toContain('Idlib sous les bombes');
    await expect(translator.page.locator('td.assignees').textContent()).resolves.toMatch(/^tina \d+\/9$/);

    // The reviewer selects French words and adds them to the glossary; the translator's page, open on
    // the article, shows the term (its markup as text), missing, without a reload.
    await translator.page.goto(`${origin}/#/a/idlib`);
    await translator.page.waitForSelector('body[data-live="open"]');
    await reviewer.page.goto(`${origin}/#/a/idlib`);
    await reviewer.page.waitForSelector('#rows .row');
    const french = row(reviewer.page, ids[5]!).locator('.fr');
    await french.evaluate((element) => {
      const text = element.firstChild!;
      const at = text.textContent!.indexOf('la ville');
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + 'la ville'.length);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
      element.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    });
    await expect(reviewer.page.locator('#term-source').textContent()).resolves.toBe('la ville');
    await reviewer.page.locator('#term-target').fill('the <i>town</i>');
    await reviewer.page.locator('#term-form button[type="submit"]').click();
    await expect.poll(() => reviewer.page.locator('#status').textContent()).toMatch(/^added “la ville” → “the <i>town<\/i>”; 1 article\(s\) re-checked$/);
    await expect(translator.page.locator('#term-form').count()).resolves.toBe(0);
    await expect(reviewer.page.locator('#term-candidates').count()).resolves.toBe(1);
    const mark = row(translator.page, ids[5]!).locator('mark.term.missing');
    await mark.waitFor();
    await expect(mark.locator('.pin').textContent()).resolves.toBe(' → the <i>town</i>');
    await expect(mark.locator('i').count()).resolves.toBe(0);
    await expect(translator.page.locator('#term-candidates').count()).resolves.toBe(0);
    expect(translator.errors).toEqual([]);
    expect(reviewer.errors).toEqual([]);
  });

  it('lets a person set a password, make and revoke an API token, sign out and sign in with the password', async () => {
    const { page, errors } = await signedIn('uma', 'translator');
    await page.locator('#who').click();
    await page.locator('#account-password').fill('a long passphrase');
    await page.locator('#account form').first().locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('password set');

    await page.locator('#account-token-label').fill('nightly script');
    await page.locator('#account-token-label').press('Enter');
    const token = (await page.locator('#account-new-token code').textContent())!;
    expect(token).toMatch(/^dpt_[0-9a-f]{16}_/);
    const asScript = () => fetch(`${origin}/api/articles`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status);
    expect(await asScript()).toBe(200);
    await expect(page.locator('#account-tokens li').textContent()).resolves.toContain('nightly script');
    await page.locator('#account-tokens li button').click();
    await expect.poll(() => page.locator('#account-tokens li').count()).toBe(0);
    expect(await asScript()).toBe(401);

    await page.locator('#sign-out').click();
    await page.waitForURL(`${origin}/signin`);
    expect((await page.request.get(`${origin}/api/articles`)).status()).toBe(401);
    await page.locator('#signin-name').fill('uma');
    await page.locator('#signin-password').fill('not the passphrase');
    await page.locator('#signin-form button').click();
    await expect.poll(() => page.locator('#signin-status').textContent()).toBe('wrong name or password');
    await page.locator('#signin-password').fill('a long passphrase');
    await page.locator('#signin-form button').click();
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator('#who').textContent()).resolves.toBe('uma (translator)');
    expect(errors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
