// `npm run screenshots`: the README's pictures of the bilingual page. The
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
import { launchBrowser } from '../test/fixtures/render/browser.js';

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
  execFileSync(process.execPath, ['dist/src/cli/main.js', 'translate', `corpus/${article}.txt`, '--out', out], {
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
  console.log(`${views.length + 1} screenshots written to ${path.relative(process.cwd(), target) || target}`);
} finally {
  await browser.close();
  rmSync(out, { recursive: true, force: true });
}
