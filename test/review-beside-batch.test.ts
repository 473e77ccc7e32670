// A person saves in the editor (Debian's Chromium) while a batch re-translates
// the same article in another process: the person's text stays, on the page
// and in the store of record, and the page shows the batch's new English on
// the other rows without a reload. The engine is a fake LibreTranslate on
// 127.0.0.1 holding its answer until the save is done; nothing waits a fixed time.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreOfRecord } from '../src/store/index.js';
import { BROWSER_TIMEOUT_MS, chromiumArgs, chromiumPath } from './fixtures/render/browser.js';
import { startFakeServer, type FakeServer } from './fakes/server.js';
import { runCliAsync, tempDir } from './support/cli.js';
import { serveReview } from './support/review-process.js';
import { openArticle, segmentsOf } from './support/review.js';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found — install Debian's chromium (npm run setup) or set DIPTYCH_CHROMIUM`);
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: BROWSER_TIMEOUT_MS });
  dir = await tempDir('beside-batch');
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A LibreTranslate that tags each text, its answers held until `hold` resolves; `asked` once a request came. */
async function taggingEngine(tag: string, hold: Promise<void> = Promise.resolve()): Promise<FakeServer & { asked: Promise<void> }> {
  let asked!: () => void;
  const first = new Promise<void>((resolve) => (asked = resolve));
  const server = await startFakeServer((request, respond) => {
    const body = JSON.parse(request.body) as { q: string[] };
    asked();
    void hold.then(() => respond(200, { translatedText: body.q.map((text) => `${tag} ${text}`) }));
  });
  return Object.assign(server, { asked: first });
}

describe('the editor while a batch re-translates the article', () => {
  it('keeps the person’s save and shows the batch’s new English on the other rows, without a reload', { timeout: 240_000 }, async () => {
    const input = path.join(dir, 'in');
    const out = path.join(dir, 'out');
    await mkdir(input);
    const sentences = Array.from({ length: 6 }, (_, s) => `Le conseil numéro ${s} de la ville a voté le budget.`);
    await writeFile(path.join(input, 'ville.txt'), `Chronique de la ville\n\n${sentences.join(' ')}\n`);
    const batch = (engine: FakeServer) => runCliAsync(['batch', input, '--out', out, '--translator', 'libretranslate', '--quiet'], { env: { ...process.env, LIBRETRANSLATE_URL: engine.url } });
    const first = await taggingEngine('[EN1]');
    expect((await batch(first)).status).toBe(0);
    await first.close();

    const server = await serveReview(out);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
    await context.addInitScript(() => localStorage.setItem('diptych-review-user', 'Ana'));
    const page = await context.newPage();
    try {
      await openArticle(page, server.origin, 'ville');
      await page.waitForSelector('body[data-live="open"]');
      const ids = await page.locator('#rows .row').evaluateAll((rows) => rows.map((element) => (element as HTMLElement).dataset.id!));
      const mine = ids[2]!;
      const other = ids[4]!;

      let release!: () => void;
      const second = await taggingEngine('[EN2]', new Promise<void>((resolve) => (release = resolve)));
      const running = batch(second);
      await second.asked;
      // The batch has read the article and waits for its English: Ana saves one sentence now.
      const row = (id: string) => page.locator(`#rows .row[data-id="${id}"]`);
      await row(mine).click();
      await page.keyboard.press('Enter');
      await row(mine).locator('textarea').fill('Ana’s own English for this sentence.');
      await page.keyboard.press('Control+Enter');
      await row(mine).locator('.target', { hasText: 'Ana’s own English for this sentence.' }).waitFor();
      release();
      const run = await running;
      await second.close();
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);

      // The page shows the batch's English on the other rows, and Ana's text where she saved.
      await row(other).locator('.target', { hasText: '[EN2]' }).waitFor();
      await expect(row(mine).locator('.target').textContent()).resolves.toBe('Ana’s own English for this sentence.');
      const store = await openStoreOfRecord({ outDir: out });
      try {
        const record = segmentsOf((await store.load('ville'))!);
        expect(record.find((segment) => segment.id === mine)!.target).toBe('Ana’s own English for this sentence.');
        expect(record.find((segment) => segment.id === other)!.target).toMatch(/^\[EN2\] /);
      } finally {
        await store.close();
      }
    } finally {
      await context.close();
      expect(await server.stop()).toBe(0);
    }
  });
});
