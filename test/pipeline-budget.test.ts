// The pipeline with DeepL against a fake DeepL server of our own: what a run
// bills, what a second run bills (nothing), what a budget or an exhausted
// quota leaves for a later run (only the remainder), and what a dry run predicts.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QuotaError } from '../src/core/errors.js';
import type { Article } from '../src/core/types.js';
import { loadGlossary } from '../src/glossary/index.js';
import { runTranslation, type RunOptions } from '../src/batch/index.js';
import { DeepLTranslator, type DeepLConfig } from '../src/translate/index.js';
import { FAKE_KEY, startFakeDeepL, type FakeDeepL } from './fakes/deepl.js';
import { instantPolicy } from './fakes/units.js';
import { repoRoot, tempDir } from './support/cli.js';

const founding = path.join(repoRoot, 'corpus/idlib-casques-blancs-2018-09-08.fr.txt');
const glossaryDir = path.join(repoRoot, 'glossary');

let fake: FakeDeepL;
beforeEach(async () => {
  fake = await startFakeDeepL();
});
afterEach(async () => {
  await fake.close();
});

function deepl(config: DeepLConfig = {}): DeepLTranslator {
  return new DeepLTranslator({ authKey: FAKE_KEY, serverUrl: fake.url, resilience: instantPolicy().policy, ...config }, {});
}

async function setup() {
  const out = path.join(await tempDir('budget'), 'out');
  const run = (translator: DeepLTranslator, extra: Partial<RunOptions> = {}) =>
    runTranslation([{ file: founding }], { outDir: out, translator, glossary: { location: glossaryDir, load: () => loadGlossary(glossaryDir) }, ...extra });
  return { out, run };
}

async function stored(out: string): Promise<Article> {
  return (JSON.parse(await readFile(path.join(out, 'idlib-casques-blancs-2018-09-08.fr.json'), 'utf8')) as { article: Article }).article;
}

/** What one complete run of the founding article bills, on a fresh server. */
async function completeBilling(): Promise<number> {
  const other = await startFakeDeepL();
  try {
    const { run } = await setup();
    await run(new DeepLTranslator({ authKey: FAKE_KEY, serverUrl: other.url, resilience: instantPolicy().policy }, {}));
    return other.billed;
  } finally {
    await other.close();
  }
}

describe('pipeline with DeepL (fake server)', () => {
  it('records billed characters per segment and per run, and bills nothing on a second run', async () => {
    const { out, run } = await setup();
    const report = await run(deepl());
    expect(report.written).toHaveLength(1);
    expect(fake.billed).toBeGreaterThan(0);
    expect(report.totals.billed).toBe(fake.billed);
    const segments = (await stored(out)).blocks.flatMap((b) => b.segments);
    expect(segments.every((s) => typeof s.provenance?.billedCharacters === 'number')).toBe(true);
    expect(segments.reduce((sum, s) => sum + s.provenance!.billedCharacters!, 0)).toBe(fake.billed);

    const calls = fake.translateCalls();
    const billed = fake.billed;
    const again = await run(deepl(), { force: true });
    expect(fake.translateCalls()).toBe(calls);
    expect(fake.billed).toBe(billed);
    expect(again.totals).toMatchObject({ sent: 0, characters: 0, billed: 0, written: 1 });
  });

  it('with --budget 500, stops cleanly at a segment boundary; a later run bills only the remainder', async () => {
    const { out, run } = await setup();
    const first = await run(deepl(), { budget: 500 });
    expect(first.stopped).toBeInstanceOf(QuotaError);
    expect(String((first.stopped as Error).message)).toMatch(/budget of 500/);
    expect(fake.billed).toBeGreaterThan(0);
    expect(fake.billed).toBeLessThanOrEqual(500);
    expect(first.articles[0]).toMatchObject({ kind: 'incomplete' });
    // Not written: an incomplete article never replaces anything.
    await expect(stored(out)).rejects.toThrow();

    const second = await run(deepl());
    expect(second.stopped).toBeUndefined();
    expect(second.written).toHaveLength(1);
    expect(fake.billed).toBe(await completeBilling());
    expect((await stored(out)).blocks.flatMap((b) => b.segments).every((s) => s.target?.startsWith('[en] '))).toBe(true);
  });

  it('when the account quota runs out (456), stops cleanly; a later run bills only the remainder', async () => {
    const { run } = await setup();
    fake.characterLimit = 1500;
    const first = await run(deepl({ maxItems: 2 }));
    expect(first.stopped).toBeInstanceOf(QuotaError);
    const paid = fake.billed;
    expect(paid).toBeGreaterThan(0);
    fake.characterLimit = Number.POSITIVE_INFINITY;
    const second = await run(deepl({ maxItems: 2 }));
    expect(second.written).toHaveLength(1);
    expect(fake.billed).toBe(await completeBilling());
    expect(second.totals.billed).toBe(fake.billed - paid);
  });

  it('a dry run predicts exactly the characters the real run then bills, with the cost at the configured price', async () => {
    const { run } = await setup();
    await run(deepl(), { budget: 400 });
    const billedBefore = fake.billed;
    const dry = await run(deepl({ pricePerMillionCharacters: 25 }), { dryRun: true });
    expect(fake.billed).toBe(billedBefore);
    const real = await run(deepl());
    expect(dry.dryRun!.characters).toBe(fake.billed - billedBefore);
    expect(dry.dryRun!.characters).toBe(real.totals.characters);
    expect(dry.dryRun!.toSend).toBe(real.totals.sent);
    expect(dry.dryRun!.cost).toBeCloseTo((dry.dryRun!.characters * 25) / 1_000_000, 12);
  });
});
