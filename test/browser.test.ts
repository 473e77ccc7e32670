// The reading page in a real browser (Debian's Chromium via playwright-core):
// alignment, highlighting, views, keyboard, and hostile text staying inert.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { toHtml } from 'hast-util-to-html';
import { toHast } from 'mdast-util-to-hast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTmx, exportXliff12, exportXliff20 } from '../src/exchange/index.js';
import { renderBilingualHtml, renderBilingualMarkdown, renderCorpusIndex } from '../src/render/index.js';
import { launchBrowser, type Browser, type PageWatch } from './fixtures/render/browser.js';
import { foundingArticle, hostileArticle } from './fixtures/render/articles.js';

const article = foundingArticle();
const segmentIds = article.blocks.flatMap((block) => block.segments.map((segment) => segment.id));
let browser: Browser;
let dir: string;
const files = new Map<string, string>();

function writePage(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  files.set(name, pathToFileURL(file).href);
  return pathToFileURL(file).href;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'diptych-browser-'));
  writePage('founding.html', renderBilingualHtml(article));
  writePage('founding.fr-ui.html', renderBilingualHtml(article, { uiLang: 'fr' }));
  const hostile = hostileArticle();
  writePage('hostile.html', renderBilingualHtml(hostile));
  // Markdown as a permissive renderer shows it: raw HTML passed straight through.
  for (const layout of ['table', 'interleaved'] as const) {
    const mdast = unified().use(remarkParse).use(remarkGfm).parse(renderBilingualMarkdown(hostile, { layout }));
    const hast = toHast(mdast, { allowDangerousHtml: true });
    writePage(`hostile-md-${layout}.html`, `<!doctype html><meta charset="utf-8">${toHtml(hast, { allowDangerousHtml: true })}`);
  }
  // Saved as .xml so Chromium parses and shows them (a .xlf would only be downloaded).
  writePage('hostile.xlf.xml', exportXliff12(hostile));
  writePage('hostile.xliff2.xlf.xml', exportXliff20(hostile));
  writePage('hostile.tmx.xml', exportTmx(hostile));
  writePage(
    'index.html',
    renderCorpusIndex([{ article: hostile, files: { html: 'hostile.html', md: 'hostile.md', json: 'hostile.json' } }]),
  );
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openPage(name: string, viewport?: { width: number; height: number }): Promise<{ page: Page; watch: PageWatch }> {
  const opened = await browser.open(viewport);
  await opened.page.goto(files.get(name)!, { waitUntil: 'load' });
  return opened;
}

function expectClean(watch: PageWatch): void {
  expect(watch.errors).toEqual([]);
  expect(watch.dialogs).toEqual([]);
  expect(watch.requests).toEqual([]);
}

/** Top and left of the French and English element of every segment, in page pixels. */
async function pairBoxes(page: Page) {
  return page.evaluate((ids) => {
    return ids.map((id) => {
      const [fr, en] = Array.from(document.querySelectorAll(`[data-seg-id="${CSS.escape(id)}"]`));
      const box = (el: Element | undefined) => {
        if (!el) return null;
        const rect = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return {
          top: rect.top,
          bottom: rect.bottom,
          left: rect.left,
          lang: el.getAttribute('lang'),
          visible: style.display !== 'none' && rect.width > 0 && rect.height > 0,
        };
      };
      return { id, fr: box(fr), en: box(en) };
    });
  }, segmentIds);
}

async function chooseView(page: Page, label: RegExp): Promise<void> {
  await page.getByRole('radio', { name: label }).check();
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2 A/AA violations (contrast, lang, names, landmarks…), as "rule: n nodes". */
async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated by the driver, so the page's CSP (which allows only its own script) does not apply.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.length} nodes`);
}

describe('reading page in Chromium', () => {
  it('side by side: the French and English of every segment start on the same row', async () => {
    const { page, watch } = await openPage('founding.html');
    const boxes = await pairBoxes(page);
    expect(boxes).toHaveLength(segmentIds.length);
    for (const { id, fr, en } of boxes) {
      expect(fr?.lang, id).toBe('fr');
      expect(en?.lang, id).toBe('en');
      expect(Math.abs(fr!.top - en!.top), `segment ${id}`).toBeLessThanOrEqual(2);
      expect(en!.left, `segment ${id} English to the right`).toBeGreaterThan(fr!.left + 100);
    }
    // Rows follow each other: each pair starts below the previous pair's longer side.
    for (let i = 1; i < boxes.length; i++) {
      const previousBottom = Math.max(boxes[i - 1]!.fr!.bottom, boxes[i - 1]!.en!.bottom);
      expect(boxes[i]!.fr!.top).toBeGreaterThanOrEqual(previousBottom - 1);
    }
    expectClean(watch);
    await page.close();
  });

  it('hovering a sentence highlights its counterpart, and only that pair', async () => {
    const { page, watch } = await openPage('founding.html');
    const id = segmentIds[3]!;
    const other = segmentIds[5]!;
    const background = (segId: string, lang: string) =>
      page.locator(`[data-seg-id="${segId}"][lang="${lang}"]`).evaluate((el) => getComputedStyle(el).backgroundColor);
    const before = await background(id, 'en');
    await page.locator(`[data-seg-id="${id}"][lang="fr"]`).hover();
    const during = await background(id, 'en');
    expect(during).not.toBe(before);
    expect(await background(id, 'fr')).toBe(during);
    expect(await background(other, 'en')).toBe(before);
    // And from the other side.
    await page.locator(`[data-seg-id="${other}"][lang="en"]`).hover();
    expect(await background(other, 'fr')).toBe(during);
    expect(await background(id, 'en')).toBe(before);
    expectClean(watch);
    await page.close();
  });

  it('keyboard focus highlights the counterpart; arrows move between sentences and sides', async () => {
    const { page, watch } = await openPage('founding.html');
    const first = page.locator(`[data-seg-id="${segmentIds[0]}"][lang="fr"]`);
    await first.focus();
    const focused = () => page.evaluate(() => [document.activeElement?.getAttribute('data-seg-id'), document.activeElement?.getAttribute('lang')]);
    expect(await page.locator(`[data-seg-id="${segmentIds[0]}"][lang="en"]`).evaluate((el) => el.classList.contains('is-active'))).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toEqual([segmentIds[0], 'en']);
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toEqual([segmentIds[1], 'en']);
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toEqual([segmentIds[1], 'fr']);
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual([segmentIds[1], 'en']);
    expectClean(watch);
    await page.close();
  });

  it('glossary terms show their pinned form: tooltip on hover, inline when the sentence has focus', async () => {
    const { page, watch } = await openPage('founding.html');
    const id = segmentIds[1]!; // Front al-Nosra, Casques blancs, Idlib
    const term = page.locator(`[data-seg-id="${id}"][lang="fr"] .term`).nth(1);
    expect(await term.textContent()).toBe('Casques blancs');
    expect(await term.getAttribute('title')).toContain('White Helmets');
    const after = () => term.evaluate((el) => getComputedStyle(el, '::after').content);
    expect(await after()).toBe('none');
    await page.locator(`[data-seg-id="${id}"][lang="fr"]`).focus();
    expect(await after()).toContain('White Helmets');
    expectClean(watch);
    await page.close();
  });

  it('each view toggle works: interleaved, English only, French only, back to side by side', async () => {
    const { page, watch } = await openPage('founding.html');

    await chooseView(page, /interleaved/i);
    for (const { id, fr, en } of await pairBoxes(page)) {
      expect(fr!.visible && en!.visible, id).toBe(true);
      expect(en!.top, `${id}: English under French`).toBeGreaterThanOrEqual(fr!.bottom - 1);
    }

    await chooseView(page, /english only/i);
    for (const { id, fr, en } of await pairBoxes(page)) {
      expect([fr!.visible, en!.visible], id).toEqual([false, true]);
    }
    expect(await page.locator('.heads').isVisible()).toBe(false); // no "French" column label over English text

    await chooseView(page, /french only/i);
    for (const { id, fr, en } of await pairBoxes(page)) {
      expect([fr!.visible, en!.visible], id).toEqual([true, false]);
    }

    await chooseView(page, /side by side/i);
    for (const { id, fr, en } of await pairBoxes(page)) {
      expect(Math.abs(fr!.top - en!.top), id).toBeLessThanOrEqual(2);
    }
    expectClean(watch);
    await page.close();
  });

  it('reads, highlights pairs and switches views with JavaScript disabled', async () => {
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const { page, watch } = await noScript.open();
      await page.goto(files.get('founding.html')!, { waitUntil: 'load' });
      for (const { id, fr, en } of await pairBoxes(page)) expect(Math.abs(fr!.top - en!.top), id).toBeLessThanOrEqual(2);
      const id = segmentIds[2]!;
      const en = page.locator(`[data-seg-id="${id}"][lang="en"]`);
      const background = () => en.evaluate((el) => getComputedStyle(el).backgroundColor);
      const before = await background();
      await page.locator(`[data-seg-id="${id}"][lang="fr"]`).hover();
      expect(await background()).not.toBe(before); // CSS alone highlights the pair
      expect(await en.evaluate((el) => el.classList.contains('is-active'))).toBe(false); // proof the page script did not run
      await chooseView(page, /english only/i);
      expect(await page.locator('.seg.src').first().isVisible()).toBe(false);
      expect(await page.locator('.seg.tgt').first().isVisible()).toBe(true);
      expectClean(watch);
    } finally {
      await noScript.close();
    }
  });

  it('stacks French above English on a narrow screen', async () => {
    const { page, watch } = await openPage('founding.html', { width: 390, height: 844 });
    for (const { id, fr, en } of await pairBoxes(page)) {
      expect(en!.top, id).toBeGreaterThanOrEqual(fr!.bottom - 1);
      expect(Math.abs(en!.left - fr!.left), id).toBeLessThan(40);
    }
    expectClean(watch);
    await page.close();
  });

  it('prints both columns with the controls hidden', async () => {
    const { page, watch } = await openPage('founding.html');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.views').isVisible()).toBe(false);
    const boxes = await pairBoxes(page);
    for (const { id, fr, en } of boxes) expect(Math.abs(fr!.top - en!.top), id).toBeLessThanOrEqual(2);
    expectClean(watch);
    await page.close();
  });

  it('French interface words and page language with --ui-lang fr', async () => {
    const { page, watch } = await openPage('founding.fr-ui.html');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await chooseView(page, /anglais seul/i);
    expect(await page.locator('.seg.src').first().isVisible()).toBe(false);
    expectClean(watch);
    await page.close();
  });
});

describe('accessibility', () => {
  it('axe-core really checks: it flags a page without a language', async () => {
    const { page } = await openPage('hostile-md-table.html');
    expect(await accessibilityViolations(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^html-has-lang/)]));
    await page.close();
  });

  it.each([
    ['side by side', /side by side/i],
    ['interleaved', /interleaved/i],
    ['English only', /english only/i],
  ])('no WCAG 2.1 A/AA violations found by axe-core (%s view)', async (_name, view) => {
    const { page, watch } = await openPage('founding.html');
    await chooseView(page, view);
    expect(await accessibilityViolations(page)).toEqual([]);
    expectClean(watch);
    await page.close();
  });

  it('no violations in dark mode or on the corpus index', async () => {
    const { page, watch } = await openPage('founding.html');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(files.get('index.html')!);
    expect(await accessibilityViolations(page)).toEqual([]);
    expectClean(watch);
    await page.close();
  });
});

describe('hostile text is inert in every output, in the browser', () => {
  it('HTML page: no dialog, no script run, no element from the text', async () => {
    const { page, watch } = await openPage('hostile.html');
    // Interact with everything a reader might: hover and focus each segment, click the inert links.
    for (const segment of await page.locator('[data-seg-id]').all()) {
      await segment.hover();
      await segment.focus();
    }
    for (const link of await page.locator('.inert-link').all()) await link.click();
    expect(await page.locator('main img, main svg, main script').count()).toBe(0);
    expect(await page.locator('main a[href^="javascript" i], main a[href^="data" i]').count()).toBe(0);
    expect(await page.locator('[data-seg-id][lang="fr"]').first().textContent()).toContain('<script>');
    expect(page.url()).toBe(files.get('hostile.html'));
    expectClean(watch);
    await page.close();
  });

  it.each(['hostile-md-table.html', 'hostile-md-interleaved.html'])('Markdown rendered with raw HTML allowed (%s)', async (name) => {
    const { page, watch } = await openPage(name);
    expect(await page.locator('body img, body svg, body script').count()).toBe(0);
    expect(await page.locator('body a').count()).toBe(0);
    expect(await page.locator('body').textContent()).toContain('<img src=x onerror=alert(1)>');
    expectClean(watch);
    await page.close();
  });

  it.each(['hostile.xlf.xml', 'hostile.xliff2.xlf.xml', 'hostile.tmx.xml'])('exchange file opened in the browser (%s)', async (name) => {
    const { page, watch } = await openPage(name);
    // Whatever namespace: no script, image or frame element came out of the text.
    const elements = await page.evaluate(() =>
      Array.from(document.getElementsByTagName('*')).filter((el) => ['script', 'img', 'svg', 'iframe'].includes(el.localName)).length,
    );
    expect(elements).toBe(0);
    expect(await page.evaluate(() => document.documentElement.textContent)).toContain('<script>alert(1)</script>');
    expectClean(watch);
    await page.close();
  });

  it('corpus index page', async () => {
    const { page, watch } = await openPage('index.html');
    expect(await page.locator('script, img').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('<script>alert(1)</script>');
    expectClean(watch);
    await page.close();
  });
});
