// `npm run screenshots`: the pictures in docs/output.md of the bilingual page. The
// founding article is translated by the built CLI (Apertium, the project
// glossary), its page opened in Debian's Chromium and each view saved to
// docs/screenshots. A tool, not a test: nothing here can pass or fail on the
// pictures' content, so it is kept out of `npm test`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { loadGlossary } from '../src/glossary/index.js';
import { openReview } from '../src/review/index.js';
import { openStoreOfRecord, STATE_DIR, TranslationMemory } from '../src/store/index.js';
import { launchBrowser, type Browser } from '../test/fixtures/render/browser.js';

/** Runs as dist/scripts/screenshots.js: the repository is two folders up. */
const root = fileURLToPath(new URL('../..', import.meta.url));
const article = 'idlib-casques-blancs-2018-09-08.fr';
const target = path.join(root, 'docs', 'screenshots');

const views: Array<[string, RegExp]> = [
  ['side-by-side', /side by side/i],
  ['interleaved', /interleaved/i],
  ['english-only', /english only/i],
  ['french-only', /french only/i],
];

const chooseView = (page: Page, label: RegExp) => page.getByRole('radio', { name: label }).check();

const out = mkdtempSync(path.join(tmpdir(), 'diptych-screenshots-'));
const browser = await launchBrowser();
try {
  // Run from the root with a relative path: the page shows its source as `corpus/…`.
  execFileSync(process.execPath, ['dist/bundle/cli/main.js', 'translate', `corpus/${article}.txt`, '--out', out], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  mkdirSync(target, { recursive: true });
  const { page, watch } = await browser.open({ width: 1280, height: 820 });
  await page.goto(pathToFileURL(path.join(out, `${article}.html`)).href, { waitUntil: 'load' });
  for (const [name, view] of views) {
    await chooseView(page, view);
    if (name === 'side-by-side') await page.locator('.seg.tgt').nth(1).hover(); // show a highlighted pair
    else await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(target, `${name}.png`) });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await chooseView(page, /side by side/i);
  await page.screenshot({ path: path.join(target, 'narrow.png') });
  const problems = [...watch.errors, ...watch.dialogs, ...watch.requests.map((url) => `request to ${url}`)];
  if (problems.length > 0) throw new Error(`the page misbehaved while being photographed: ${problems.join('; ')}`);
  await reviewScreenshots(out, browser);
  console.log(`${views.length + 4} screenshots written to ${path.relative(process.cwd(), target) || target}`);
} finally {
  await browser.close();
  rmSync(out, { recursive: true, force: true });
}

/**
 * The review editor on the same output folder: the list, the editor after a
 * little review (an approved edit with its MT diff, a comment), and the merge
 * view this page gets when someone else saves the segment it is editing.
 */
async function reviewScreenshots(outDir: string, browser: Browser): Promise<void> {
  const token = 'screenshots-token-0123456789';
  const store = await openStoreOfRecord({ outDir });
  const memory = await TranslationMemory.open(path.join(outDir, STATE_DIR));
  const review = await openReview({ store, memory, glossary: await loadGlossary(path.join(root, 'glossary')), port: 0, token });
  const at = `http://127.0.0.1:${review.server.port}`;
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    const stored = (await (await fetch(`${at}/api/articles/${article}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      article: { blocks: Array<{ segments: Array<{ id: string; target?: string; revision?: number }> }> };
    };
    const rows = stored.article.blocks.flatMap((block) => block.segments);
    const save = (who: string, id: string, body: unknown) =>
      fetch(`${at}/api/articles/${article}/segments/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-diptych-user': who }, body: JSON.stringify(body) });
    const [, edited, commented, merged] = rows;
    await save('Dana', edited!.id, { revision: edited!.revision ?? 0, target: edited!.target!.replace(/^(\S+) (\S+)/, '$2 $1'), state: 'final' });
    await save('Dana', commented!.id, { revision: commented!.revision ?? 0, comment: 'Check the name against the agency wire.' });
    // A string: this file is compiled without the DOM's types (init scripts are not subject to the page's CSP).
    await page.addInitScript("localStorage.setItem('diptych-review-user', 'Dana')");
    await page.goto(`${at}/?token=${token}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.screenshot({ path: path.join(target, 'review-list.png') });
    await page.click(`a[href="#/a/${article}"]`);
    await page.waitForSelector('#rows .row');
    const row = page.locator(`#rows .row[data-id="${merged!.id}"]`);
    await row.click();
    await page.screenshot({ path: path.join(target, 'review-editor.png') });
    await page.keyboard.press('Enter');
    await row.locator('textarea').fill(`${merged!.target} (checked)`);
    await save('Ana', merged!.id, { revision: merged!.revision ?? 0, target: merged!.target!.replace(/^\S+/, (word) => word.toUpperCase()) });
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#merge:not([hidden])');
    await page.screenshot({ path: path.join(target, 'review-merge.png') });
  } finally {
    await page.close();
    await review.close();
    await memory.close();
    await store.close();
  }
}
