import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, QuotaError, TranslatorError, TranslatorUnavailableError } from '../src/core/errors.js';
import { FailoverTranslator } from '../src/translate/failover.js';
import { createTranslator } from '../src/translate/index.js';
import type { TranslatedUnit } from '../src/translate/translator.js';
import { FAKE_KEY, fakeDeepLTranslate, startFakeDeepL, type FakeDeepL } from './fakes/deepl.js';
import { instantPolicy, syntheticUnits } from './fakes/units.js';
import { FakeTranslator } from './support/fake-translator.js';

const LANGS = { sourceLang: 'fr', targetLang: 'en' } as const;

describe('failover chain', () => {
  let fake: FakeDeepL;
  beforeEach(async () => {
    fake = await startFakeDeepL();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('deepl,apertium: units DeepL could not finish come from Apertium, marked as fallback, placeholders kept', async () => {
    const chain = createTranslator('deepl,apertium', {
      deepl: { authKey: FAKE_KEY, serverUrl: fake.url, maxItems: 2, resilience: { ...instantPolicy().policy, retries: 1, concurrency: 1 } },
      env: {},
    });
    expect(chain).toBeInstanceOf(FailoverTranslator);
    const units = [
      { id: 'a', text: 'Bonjour.' },
      { id: 'b', text: 'Le ministre a parlé.' },
      { id: 'c', text: 'La guerre continue.' },
      { id: 'd', text: `Le ${chain.placeholder(1)} a déclaré la paix.` },
    ];
    // First request answers; DeepL then stays down (503 on the request and its one retry).
    fake.faults.push(null, { status: 503 }, { status: 503 });
    const reported: TranslatedUnit[] = [];
    const out = await chain.translate(units, { ...LANGS, onBatch: (b) => void reported.push(...b) });

    expect(out.map((u) => u.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(out.slice(0, 2).map((u) => [u.engine, u.fallback, u.text])).toEqual([
      ['deepl', false, fakeDeepLTranslate('Bonjour.')],
      ['deepl', false, fakeDeepLTranslate('Le ministre a parlé.')],
    ]);
    for (const unit of out.slice(2)) {
      expect(unit.engine).toBe('apertium');
      expect(unit.fallback).toBe(true);
      expect(unit.text).not.toMatch(/^\[en\]/);
      expect(unit.text.length).toBeGreaterThan(0);
    }
    expect(out[3]!.text).toContain('<x id="1"/>');
    expect(out[3]!.text).not.toContain('Zqx');
    // Every unit reported once, for the caller to save.
    expect(reported.map((u) => u.id).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect((chain as FailoverTranslator).failures.map((f) => f.engine)).toEqual(['deepl']);
  });

  it('does not fall back when the quota or the budget is exhausted, or the key is refused', async () => {
    for (const failure of [new QuotaError('quota'), new AuthError('key')]) {
      const backup = new FakeTranslator({ id: 'backup', prefix: 'backup:', token: 'Tok' });
      const chain = new FailoverTranslator([new FakeTranslator({ id: 'primary', prefix: 'primary:', token: 'Tok', failure }), backup]);
      await expect(chain.translate(syntheticUnits(2), LANGS)).rejects.toBe(failure);
      expect(backup.received).toHaveLength(0);
    }
  });

  it('falls back on an unreachable engine and translates placeholders into the backup engine\'s tokens', async () => {
    const primary = new FakeTranslator({ id: 'primary', prefix: 'primary:', token: 'Tok', failure: new TranslatorUnavailableError('down') });
    const backup = new FakeTranslator({ id: 'backup', prefix: 'backup:', token: 'Tok' });
    const chain = new FailoverTranslator([primary, backup]);
    const out = await chain.translate([{ id: 'x', text: `A ${primary.placeholder(1)} B ${primary.placeholder(12)}` }], LANGS);
    expect(backup.received[0]!.text).toBe('A Tok1 B Tok12');
    expect(out[0]!.text).toBe(`backup:A ${primary.placeholder(1)} B ${primary.placeholder(12)}`);
    expect(out[0]).toMatchObject({ engine: 'backup', fallback: true });
  });

  it('rethrows the last engine\'s error when every engine fails', async () => {
    const last = new TranslatorError('also down', { retryable: true });
    const chain = new FailoverTranslator([new FakeTranslator({ id: 'a', prefix: 'a:', token: 'Tok', failure: new TranslatorError('down') }), new FakeTranslator({ id: 'b', prefix: 'b:', token: 'Tok', failure: last })]);
    await expect(chain.translate(syntheticUnits(1), LANGS)).rejects.toBe(last);
  });
});
