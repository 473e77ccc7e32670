import { describe, expect, it } from 'vitest';
import { AuthError, QuotaError, RateLimitError, TranslatorError } from '../src/core/errors.js';
import { Budget, billableCharacters, countCharacters, metered } from '../src/translate/transport/budget.js';
import { translateInBatches, type BatchEngine } from '../src/translate/transport/batches.js';
import { Resilience, errorFromStatus, parseRetryAfter } from '../src/translate/transport/resilience.js';
import { normalisePlaceholders, placeholdersIn } from '../src/translate/transport/tags.js';
import type { TranslatedUnit, TranslationUnit, Translator } from '../src/translate/translator.js';
import { syntheticUnits } from './fakes/units.js';

const LABEL = { name: 'Test', keyHint: 'set TEST_KEY' };
const LANGS = { sourceLang: 'fr', targetLang: 'en' };

function recorder() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe('Resilience', () => {
  it('retries retryable errors with growing, jittered delays and then gives up', async () => {
    const { delays, sleep } = recorder();
    const resilience = new Resilience(LABEL, { retries: 4, baseDelayMs: 100, maxDelayMs: 10_000, sleep, random: () => 0.5 });
    let calls = 0;
    const error = await resilience
      .request(async () => {
        calls++;
        throw errorFromStatus(LABEL, 503);
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslatorError);
    expect(calls).toBe(5);
    // Equal jitter with random 0.5: three quarters of 100·2^n.
    expect(delays).toEqual([75, 150, 300, 600]);
  });

  it('keeps jittered delays within [half, whole] of the exponential step and under the cap', () => {
    const low = new Resilience(LABEL, { baseDelayMs: 1000, maxDelayMs: 5000, random: () => 0 });
    const high = new Resilience(LABEL, { baseDelayMs: 1000, maxDelayMs: 5000, random: () => 0.999999 });
    const plain = new TranslatorError('x', { retryable: true });
    expect([0, 1, 2, 3, 8].map((n) => low.delayBeforeRetry(n, plain))).toEqual([500, 1000, 2000, 2500, 2500]);
    expect([0, 1, 2, 3, 8].map((n) => high.delayBeforeRetry(n, plain))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('waits what Retry-After says, and refuses to wait longer than the policy allows', async () => {
    const { delays, sleep } = recorder();
    const resilience = new Resilience(LABEL, { sleep, maxRetryAfterMs: 60_000 });
    let calls = 0;
    const answer = await resilience.request(async () => {
      if (calls++ === 0) throw errorFromStatus(LABEL, 429, '', new Headers({ 'retry-after': '12' }));
      return 'ok';
    });
    expect(answer).toBe('ok');
    expect(delays).toEqual([12_000]);

    const tooLong = await resilience
      .request(async () => {
        throw errorFromStatus(LABEL, 429, '', new Headers({ 'retry-after': '3600' }));
      })
      .catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(RateLimitError);
    expect((tooLong as Error).message).toMatch(/3600 s/);
  });

  it('does not retry refused keys or exhausted quotas', async () => {
    for (const status of [401, 403, 456]) {
      let calls = 0;
      const error = await new Resilience(LABEL, recorder())
        .request(async () => {
          calls++;
          throw errorFromStatus(LABEL, status);
        })
        .catch((e: unknown) => e);
      expect(calls).toBe(1);
      expect(error).toBeInstanceOf(status === 456 ? QuotaError : AuthError);
    }
    expect(errorFromStatus(LABEL, 401).toLine()).toContain('set TEST_KEY');
  });

  it('never has more requests in flight than the concurrency', async () => {
    const resilience = new Resilience(LABEL, { concurrency: 2 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        resilience.request(async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight--;
        }),
      ),
    );
    expect(most).toBe(2);
  });

  it('spaces request starts to honour requests per minute', async () => {
    const { delays, sleep } = recorder();
    let now = 1_000_000;
    const resilience = new Resilience(LABEL, { requestsPerMinute: 30, sleep, now: () => now });
    for (let i = 0; i < 3; i++) await resilience.request(async () => 'ok');
    expect(delays).toEqual([2000, 4000]);
    now += 10_000;
    await resilience.request(async () => 'ok');
    expect(delays).toHaveLength(2);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('translateInBatches', () => {
  function echo(overrides: Partial<BatchEngine> = {}, fail?: (batch: TranslationUnit[], call: number) => void) {
    let call = 0;
    const sent: string[][] = [];
    const engine: BatchEngine = {
      id: 'echo',
      capabilities: { nativeGlossary: false, context: false, maxItems: 4, maxBytes: 10_000 },
      concurrency: 1,
      async send(batch) {
        fail?.(batch, call++);
        sent.push(batch.map((u) => u.id));
        return batch.map((u) => ({ id: u.id, text: u.text.toUpperCase(), unknownWords: [], billedCharacters: countCharacters(u.text) }));
      },
      ...overrides,
    };
    return { engine, sent };
  }

  /** A batch engine as a translator, with the budget charged around it as the pipeline does. */
  function meteredOf(engine: BatchEngine): Translator {
    return metered({
      id: engine.id,
      capabilities: engine.capabilities,
      identity: { engine: engine.id, settings: {} },
      placeholder: (n) => `Zqx${n}`,
      translate: (units, options) => translateInBatches(engine, units, options),
    });
  }

  it('returns units in order, matched by id, and reports each batch as it finishes', async () => {
    const units = syntheticUnits(10);
    const { engine, sent } = echo({ concurrency: 3 });
    const reported: TranslatedUnit[][] = [];
    const out = await translateInBatches(engine, units, { ...LANGS, onBatch: (b) => void reported.push(b) });
    expect(out.map((u) => u.text)).toEqual(units.map((u) => u.text.toUpperCase()));
    expect(sent.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(reported.flat().map((u) => u.id).sort()).toEqual(units.map((u) => u.id).sort());
  });

  it('stops after the first failing batch, keeping what finished, and sends nothing more', async () => {
    const units = syntheticUnits(12);
    const { engine, sent } = echo({}, (_, call) => {
      if (call === 1) throw errorFromStatus(LABEL, 456);
    });
    const reported: TranslatedUnit[] = [];
    const error = await translateInBatches(engine, units, { ...LANGS, onBatch: (b) => void reported.push(...b) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaError);
    expect(sent).toHaveLength(1);
    expect(reported.map((u) => u.id)).toEqual(units.slice(0, 4).map((u) => u.id));
  });

  it('splits the last batch at the unit where the budget runs out', async () => {
    const units = syntheticUnits(10);
    const each = countCharacters(units[0]!.text);
    const budget = new Budget(each * 6 + 3);
    const { engine, sent } = echo();
    const error = await meteredOf(engine).translate(units, { ...LANGS, budget }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaError);
    expect((error as Error).message).toMatch(/4 segments left/);
    expect(sent.flat()).toEqual(units.slice(0, 6).map((u) => u.id));
    expect(budget.spent).toBe(each * 6);
  });

  it('charges the budget for text outside markup only, as DeepL bills with tag handling', async () => {
    expect(billableCharacters('Le <x id="1"/> &amp; <em id="m0">chef</em> à Idlib.')).toBe(countCharacters('Le  & chef à Idlib.'));
    const budget = new Budget(100);
    // An engine that does not report billed characters: the reservation stands.
    const { engine } = echo({ send: async (batch) => batch.map((u) => ({ id: u.id, text: u.text, unknownWords: [] })) });
    await meteredOf(engine).translate([{ id: 'a', text: '<strong id="m0">Été</strong> &lt;3' }], { ...LANGS, budget });
    expect(budget.spent).toBe(6);
  });

  it('refuses duplicate ids rather than guessing which answer is whose', async () => {
    const { engine } = echo();
    await expect(translateInBatches(engine, [{ id: 'a', text: 'x' }, { id: 'a', text: 'y' }], LANGS)).rejects.toThrow(/duplicate/);
  });
});

describe('placeholders', () => {
  it('normalises re-serialised placeholders and lists them', () => {
    expect(normalisePlaceholders('a <x id="2"></x> b <x id=\'1\' /> c')).toBe('a <x id="2"/> b <x id="1"/> c');
    expect(placeholdersIn('<x id="3"/> and <x id="1"></x>')).toEqual([1, 3]);
  });
});
