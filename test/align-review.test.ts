// Review fixes an alignment: on a store written by the pipeline's
// alignDocuments, the review API moves sentences between links, merges and
// splits them; the store, the page and each touched segment's history follow.

import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from './fixtures/render/browser.js';
import type { Segment } from '../src/core/types.js';
import { alignDocuments } from '../src/pipeline/index.js';
import type { ReviewSession } from '../src/review/index.js';
import { tempDir } from './support/cli.js';
import { FakeTranslator } from './support/fake-translator.js';
import { GLOSSARY, readStore, segmentsOf, TOKEN, openReviewOn } from './support/review.js';

const FRENCH = ['Le conseil a voté le budget mardi.', 'Les bibliothèques ouvriront le dimanche.', 'Trois annexes rouvriront au printemps.', 'Le maire a salué la décision.'];
const ENGLISH = ['The council voted the budget on Tuesday.', 'Libraries will open on Sundays.', 'Three branches will reopen in the spring.', 'The mayor welcomed the decision.'];

/** Answers each French sentence with its English above, so the alignment is known (1-1 throughout). */
const knownTranslator = () => new FakeTranslator({ id: 'known', answer: (text) => ENGLISH[FRENCH.indexOf(text)] ?? text });

let dir: string;
let out: string;
let session: ReviewSession;
let base: string;
const SLUG = 'news';

beforeAll(async () => {
  dir = await tempDir('align-review');
  out = path.join(dir, 'out');
  await mkdir(out);
  await writeFile(path.join(dir, 'news.txt'), FRENCH.join('\n') + '\n');
  await writeFile(path.join(dir, 'news.en.txt'), ENGLISH.join('\n') + '\n');
  await alignDocuments({ french: { file: path.join(dir, 'news.txt') }, english: { file: path.join(dir, 'news.en.txt') } }, { glossary: GLOSSARY, translator: knownTranslator() }, { outDir: out, presegmented: true });
  session = await openReviewOn(out);
  base = `http://127.0.0.1:${session.server.port}`;
});

afterAll(async () => {
  await session?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function relink(id: string, body: object): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}/api/articles/${SLUG}/segments/${encodeURIComponent(id)}/relink`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-diptych-user': 'Ana' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const links = (segments: Segment[]) => segments.map((segment) => [segment.link!.fr, segment.link!.en]);

describe('review of an alignment', () => {
  it('starts from the aligner\'s links', async () => {
    expect(links(segmentsOf(await readStore(out, SLUG)))).toEqual([[[0], [0]], [[1], [1]], [[2], [2]], [[3], [3]]]);
  });

  it('moves an English sentence to the link before, and the store, history and page follow', async () => {
    const second = segmentsOf(await readStore(out, SLUG))[1]!;
    const answer = await relink(second.id, { revision: second.revision ?? 0, operation: 'english-to-previous' });
    expect(answer.status).toBe(200);
    const stored = segmentsOf(await readStore(out, SLUG));
    expect(links(stored)).toEqual([[[0], [0, 1]], [[1], []], [[2], [2]], [[3], [3]]]);
    expect(stored[0]!.target).toBe(`${ENGLISH[0]} ${ENGLISH[1]}`);
    expect(stored[0]!.history!.at(-1)).toMatchObject({ origin: 'person', by: 'Ana (english to previous)', target: `${ENGLISH[0]} ${ENGLISH[1]}` });
    expect(stored[0]!.history![0]).toMatchObject({ origin: 'import', target: ENGLISH[0] });
    expect(stored[1]!.target).toBe('');
    expect(stored[0]!.provenance).toMatchObject({ edited: true, editor: 'Ana', translator: 'human' });
    await session.store.idle();
    expect(await readFile(path.join(out, `${SLUG}.html`), 'utf8')).toContain(`${ENGLISH[0]} ${ENGLISH[1]}`);
  });

  it('merges a link with the next and splits it again', async () => {
    let stored = segmentsOf(await readStore(out, SLUG));
    const merged = await relink(stored[2]!.id, { revision: stored[2]!.revision ?? 0, operation: 'merge-with-next' });
    expect(merged.status).toBe(200);
    stored = segmentsOf(await readStore(out, SLUG));
    expect(links(stored)).toEqual([[[0], [0, 1]], [[1], []], [[2, 3], [2, 3]]]);
    expect(stored[2]!.source).toBe(`${FRENCH[2]} ${FRENCH[3]}`);
    const split = await relink(stored[2]!.id, { revision: stored[2]!.revision!, operation: 'split', french: 1, english: 1 });
    expect(split.status).toBe(200);
    stored = segmentsOf(await readStore(out, SLUG));
    expect(links(stored)).toEqual([[[0], [0, 1]], [[1], []], [[2], [2]], [[3], [3]]]);
    expect(stored[3]!.history!.at(-1)).toMatchObject({ by: 'Ana (split)', target: ENGLISH[3] });
  });

  it('refuses a stale revision, a move with nothing to move, and a split that keeps everything', async () => {
    const stored = segmentsOf(await readStore(out, SLUG));
    expect((await relink(stored[0]!.id, { revision: 0, operation: 'english-to-next' })).status).toBe(409);
    const empty = await relink(stored[1]!.id, { revision: stored[1]!.revision!, operation: 'english-to-next' });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/no English sentence to move/);
    const whole = await relink(stored[0]!.id, { revision: stored[0]!.revision!, operation: 'split', french: 1, english: 2 });
    expect(whole.status).toBe(400);
    expect((await relink(stored[0]!.id, { revision: stored[0]!.revision!, operation: 'shuffle' })).status).toBe(400);
  });
});

describe('the editor on an alignment', () => {
  it('moves a sentence with the link buttons and shows the new links', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    try {
      const context = await browser.newContext();
      await context.addInitScript(() => localStorage.setItem('diptych-review-user', 'Bea'));
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${base}/?token=${TOKEN}`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.click(`a[href="#/a/${SLUG}"]`);
      await page.waitForSelector('#rows .row');
      const before = segmentsOf(await readStore(out, SLUG));
      // The last link's English goes up to the link before it.
      const last = page.locator(`#rows .row[data-id="${before[3]!.id}"]`);
      await last.locator('button', { hasText: 'EN↑' }).click();
      await page.waitForFunction((id) => document.querySelector(`#rows .row[data-id="${id}"] .target`)?.textContent?.includes('The mayor'), before[2]!.id);
      const after = segmentsOf(await readStore(out, SLUG));
      expect(after[2]!.link!.en).toEqual([2, 3]);
      expect(after[3]!.link!.en).toEqual([]);
      expect(after[2]!.history!.at(-1)!.by).toBe('Bea (english to previous)');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
