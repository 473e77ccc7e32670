// The review editor as a translator uses it, in a real browser (Debian's
// Chromium via playwright-core) against a review server on 127.0.0.1, for the
// paths where text used to be lost or mislaid: an overlapping merge (never
// saved with its ⟦mine | theirs⟧ marks; Esc cancels; taking theirs keeps
// mine in the history), Enter on buttons, filtered moves, Esc in search, the
// name each browser gives — and the reading pages the review writes.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSession } from '../src/review/index.js';
import { BROWSER_TIMEOUT_MS, chromiumArgs, chromiumPath } from './fixtures/render/browser.js';
import { frenchArticle, makeOutput, openArticle, readStore, segmentsOf, storedSegment, TOKEN, type Output, openReviewOn } from './support/review.js';

let output: Output;
let session: ReviewSession;
let browser: Browser;
let origin: string;

const LONG_FIRST_LINE = 'Un rassemblement de différents groupes terroristes, y compris le Front al-Nosra, s’est tenu le 7 septembre à Idlib.';

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found — install Debian's chromium (npm run setup) or set DIPTYCH_CHROMIUM`);
  output = await makeOutput({
    idlib: frenchArticle('Idlib sous les bombes', 14),
    kaboul: frenchArticle('Attaque à Kaboul', 8),
    droits: 'Les droits humains\n\nVive les droits humains ! La phrase numéro 2 parle de la ville.\n',
    long: `${LONG_FIRST_LINE} La phrase numéro 2 parle de la ville.\n`,
  });
  // --user names the default the page offers, not everyone.
  session = await openReviewOn(output.out, { user: 'alice' });
  origin = `http://127.0.0.1:${session.server.port}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: BROWSER_TIMEOUT_MS });
});

afterAll(async () => {
  await browser?.close();
  await session?.close();
  if (output) await rm(output.dir, { recursive: true, force: true });
});

async function editor(options: { name?: string } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: 'light', reducedMotion: 'reduce' });
  context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
  if (options.name) await context.addInitScript((name) => localStorage.setItem('diptych-review-user', name), options.name);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    // A 409 is the API's answer to a stale save, which the page handles (the merge view).
    if (message.type() === 'error' && !/status of 409/.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route('**/*', (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort()));
  return { context, page, errors };
}


const row = (page: Page, id: string) => page.locator(`#rows .row[data-id="${id}"]`);
const selected = (page: Page) => page.locator('#rows .row.selected').getAttribute('data-id');
const shownIds = (page: Page) => page.locator('#rows .row').evaluateAll((rows) => rows.map((element) => (element as HTMLElement).dataset.id!));


describe('the merge view', () => {
  it('never saves unresolved marks, cancels with Esc, and keeps the text not taken in the history', async () => {
    const first = await editor({ name: 'Ana' });
    const second = await editor({ name: 'Ben' });
    await openArticle(first.page, origin, 'kaboul');
    await openArticle(second.page, origin, 'kaboul');
    const id = (await first.page.locator('#rows .row').nth(3).getAttribute('data-id'))!;
    const original = (await storedSegment(output.out, 'kaboul', id)).target!;
    for (const { page } of [first, second]) {
      await row(page, id).click();
      await page.keyboard.press('Enter');
    }
    // Both rewrite the start of the sentence: an overlap the merge cannot settle.
    const anas = original.replace(/^EN La/, 'The');
    const bens = original.replace(/^EN La/, 'This');
    await row(first.page, id).locator('textarea').fill(anas);
    await first.page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await storedSegment(output.out, 'kaboul', id)).target).toBe(anas);
    await row(second.page, id).locator('textarea').fill(bens);
    await second.page.keyboard.press('Control+Enter');
    await second.page.waitForSelector('#merge:not([hidden])');
    await expect(second.page.locator('#merge-result').inputValue()).resolves.toContain('⟦This | The⟧');

    // Saving the merge as it is: refused on the page, which says what is unresolved.
    await second.page.click('#merge-save');
    await expect(second.page.locator('#merge').isVisible()).resolves.toBe(true);
    await expect(second.page.locator('#merge-note').textContent()).resolves.toContain('⟦This | The⟧');

    // Esc cancels: back to editing Ben's own text, nothing taken from either side.
    await second.page.keyboard.press('Escape');
    await expect(second.page.locator('#merge').isHidden()).resolves.toBe(true);
    await expect(row(second.page, id).locator('textarea').inputValue()).resolves.toBe(bens);
    const stored = await storedSegment(output.out, 'kaboul', id);
    expect(stored.target).toBe(anas);
    expect(JSON.stringify(stored)).not.toContain('⟦');

    // Saving again meets the merge again; taking theirs is an explicit button, and Ben's text stays restorable.
    await second.page.keyboard.press('Control+Enter');
    await second.page.waitForSelector('#merge:not([hidden])');
    await second.page.click('#merge-theirs-button');
    await expect.poll(async () => (await storedSegment(output.out, 'kaboul', id)).history?.map((version) => version.target)).toContain(bens);
    expect((await storedSegment(output.out, 'kaboul', id)).target).toBe(anas);
    await expect.poll(() => row(second.page, id).locator('.history li', { hasText: bens }).locator('button.restore').count()).toBe(1);
    for (const { context, errors } of [first, second]) {
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});

describe('a refused save', () => {
  it('keeps the text in the editor and says why', async () => {
    const { context, page, errors } = await editor({ name: 'Gil' });
    await openArticle(page, origin, 'kaboul');
    const id = (await page.locator('#rows .row').nth(5).getAttribute('data-id'))!;
    const before = await storedSegment(output.out, 'kaboul', id);
    await row(page, id).click();
    await page.keyboard.press('Enter');
    const typed = '⟦In late | At the end of⟧ August.';
    await row(page, id).locator('textarea').fill(typed);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#status').textContent()).toContain('⟦In late | At the end of⟧');
    await expect(row(page, id).locator('textarea').inputValue()).resolves.toBe(typed);
    // Still editing: fixing the text and saving again works.
    await row(page, id).locator('textarea').fill('At the end of August.');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(async () => (await storedSegment(output.out, 'kaboul', id)).target).toBe('At the end of August.');
    expect((await storedSegment(output.out, 'kaboul', id)).revision).toBe((before.revision ?? 0) + 1);
    // The API's 400 is the page's answer here, shown in the status line.
    expect(errors.filter((error) => !/status of 400/.test(error))).toEqual([]);
    await context.close();
  });
});

describe('the keyboard', () => {
  it('leaves Enter to buttons and History, and Ctrl+Enter adds a comment', async () => {
    const { context, page, errors } = await editor({ name: 'Cy' });
    await openArticle(page, origin, 'idlib');
    const ids = await shownIds(page);
    // A row with a history to open.
    const withHistory = ids[7]!;
    const before = await storedSegment(output.out, 'idlib', withHistory);
    await session.store.patch('idlib', withHistory, { revision: before.revision ?? 0, target: 'Sentence seven, by hand.' }, 'Cy');
    await page.reload();
    await page.waitForSelector('#rows .row');

    await row(page, ids[6]!).click();
    await page.keyboard.press('c');
    await row(page, ids[6]!).locator('.comment-input').fill('Check the town’s name.');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Add comment');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await storedSegment(output.out, 'idlib', ids[6]!)).comments?.map((comment) => comment.text)).toEqual(['Check the town’s name.']);
    await expect(page.locator('#rows textarea.editor').count()).resolves.toBe(0);

    await row(page, ids[5]!).click();
    await page.keyboard.press('c');
    await row(page, ids[5]!).locator('.comment-input').fill('Sent with Ctrl+Enter.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await storedSegment(output.out, 'idlib', ids[5]!)).comments?.map((comment) => comment.text)).toEqual(['Sent with Ctrl+Enter.']);
    // The comment is all it did: no approval.
    expect((await storedSegment(output.out, 'idlib', ids[5]!)).state).toBe('translated');

    await row(page, withHistory).locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect(row(page, withHistory).locator('details.history').getAttribute('open')).resolves.toBe('');
    await expect(page.locator('#rows textarea.editor').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Esc in search clears the search and its filter', async () => {
    const { context, page, errors } = await editor({ name: 'Di' });
    await openArticle(page, origin, 'idlib');
    const all = await page.locator('#rows .row').count();
    await page.locator('#filter-search').fill('numéro 12 ');
    await expect.poll(() => page.locator('#rows .row').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#rows .row').count()).toBe(all);
    await expect(page.locator('#filter-search').inputValue()).resolves.toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('filtered review', () => {
  it('goes on to the row after this one in the filtered list', async () => {
    const { context, page, errors } = await editor({ name: 'Em' });
    await openArticle(page, origin, 'idlib');

    // "needs work": Ctrl+Enter on the 4th row approves it and selects the 5th.
    await page.locator('#filter-state').selectOption('todo');
    const todo = await shownIds(page);
    await row(page, todo[3]!).click();
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await storedSegment(output.out, 'idlib', todo[3]!)).state).toBe('final');
    await expect.poll(() => selected(page)).toBe(todo[4]);
    await expect(shownIds(page)).resolves.not.toContain(todo[3]);

    // "with findings": fixing the first flagged row and Alt+↓ lands on the one that was next.
    await page.locator('#filter-state').selectOption('');
    await page.locator('#filter-findings').check();
    const flagged = await shownIds(page);
    expect(flagged.length).toBeGreaterThan(2);
    const first = await storedSegment(output.out, 'idlib', flagged[0]!);
    const number = /numéro (\d+)/.exec(first.source)?.[1];
    const clean = first.source.includes('Casques blancs') ? 'The White Helmets arrived in Idlib.' : number ? `Sentence number ${number} is about the town.` : 'Idlib under the bombs';
    await row(page, flagged[0]!).click();
    await page.keyboard.press('Enter');
    await row(page, flagged[0]!).locator('textarea').fill(clean);
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(async () => (await storedSegment(output.out, 'idlib', flagged[0]!)).target).toBe(clean);
    await expect.poll(() => shownIds(page)).not.toContain(flagged[0]);
    await expect.poll(() => selected(page)).toBe(flagged[1]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('names', () => {
  it('offers the --user name and records the one this browser gives', async () => {
    const { context, page, errors } = await editor();
    await openArticle(page, origin, 'kaboul');
    const id = (await page.locator('#rows .row').nth(6).getAttribute('data-id'))!;
    await row(page, id).click();
    await page.keyboard.press('Enter');
    await row(page, id).locator('textarea').fill('Saved by Bob.');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#name-form:not([hidden])');
    await expect(page.locator('#name-input').inputValue()).resolves.toBe('alice');
    await page.locator('#name-input').fill('bob');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await storedSegment(output.out, 'kaboul', id)).target).toBe('Saved by Bob.');
    const stored = await storedSegment(output.out, 'kaboul', id);
    expect(stored.provenance?.editor).toBe('bob');
    expect(stored.history?.at(-1)?.by).toBe('bob');
    await expect(page.locator('#who').textContent()).resolves.toBe('bob');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the reading page', () => {
  async function readingPage(slug: string): Promise<{ context: BrowserContext; page: Page }> {
    await session.store.idle();
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, colorScheme: 'light' });
    context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(output.out, `${slug}.html`)).href);
    return { context, page };
  }

  it('keeps the findings mark off the punctuation, prints only the text, names the file, marks approved sentences', async () => {
    const article = await readStore(output.out, 'droits');
    const flagged = segmentsOf(article).find((segment) => segment.source.startsWith('Vive'))!;
    expect(flagged.findings.length).toBeGreaterThan(0);
    expect(flagged.target).toMatch(/!$/);
    const approved = segmentsOf(article).find((segment) => segment.source.includes('numéro 2'))!;
    await session.store.patch('droits', approved.id, { revision: approved.revision ?? 0, state: 'final' }, 'alice');
    const { context, page } = await readingPage('droits');

    // English only: the sentences flow inline; the mark must not sit on "!".
    await page.locator('label', { has: page.locator('#view-target') }).click();
    const target = page.locator(`.row.has-findings .seg.tgt[data-seg-id="${flagged.id}"]`);
    await expect(target.evaluate((element) => getComputedStyle(element).boxShadow)).resolves.toBe('none');
    const geometry = await target.evaluate((element) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let last: Text | null = null;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) if ((node as Text).data.trim()) last = node as Text;
      const range = document.createRange();
      range.setStart(last!, last!.data.trimEnd().length - 1);
      range.setEnd(last!, last!.data.trimEnd().length);
      const badge = element.parentElement!.querySelector('.badge')!.getBoundingClientRect();
      const mark = range.getBoundingClientRect();
      return { char: range.toString(), markRight: mark.right, badgeLeft: badge.left, sameLine: Math.abs(badge.top - mark.top) < mark.height };
    });
    expect(geometry.char).toBe('!');
    if (geometry.sameLine) expect(geometry.badgeLeft).toBeGreaterThanOrEqual(geometry.markRight);
    // French only: findings about the English are not shown against the French.
    await page.locator('label', { has: page.locator('#view-source') }).click();
    await expect(page.locator('.badge').first().isVisible()).resolves.toBe(false);

    // The header names the file, not where it sat on this machine.
    const header = (await page.locator('header').textContent())!;
    expect(header).toContain('droits.txt');
    expect(header).not.toContain(output.input);

    // A sentence a reviewer approved is marked, quietly.
    await page.locator('label', { has: page.locator('#view-side') }).click();
    const tick = page.locator(`.seg.tgt.approved[data-seg-id="${approved.id}"]`);
    await expect(tick.count()).resolves.toBe(1);
    await expect(tick.evaluate((element) => getComputedStyle(element, '::after').content)).resolves.toContain('✓');
    await expect(page.locator(`.seg.tgt.approved[data-seg-id="${flagged.id}"]`).count()).resolves.toBe(0);

    // Print: the text, without the technical findings list.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('section.findings').isVisible()).resolves.toBe(false);
    await expect(page.locator('main').isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('never makes a cut sentence the headline of an untitled article', async () => {
    const { context, page } = await readingPage('long');
    const cut = LONG_FIRST_LINE.slice(0, 40);
    const h1 = (await page.locator('h1').textContent())!;
    expect(h1).toBe('long.txt');
    await expect(page.title()).resolves.not.toContain(cut);
    await context.close();
    const review = await editor({ name: 'Fi' });
    await review.page.goto(`${origin}/?token=${TOKEN}`);
    await review.page.waitForSelector('body[data-ready="true"]');
    await expect(review.page.locator('a[href="#/a/long"]').textContent()).resolves.toBe('long.txt');
    await review.context.close();
  });
});
