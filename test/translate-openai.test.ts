import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError, ConfigError, QuotaError, TranslatorError } from '../src/core/errors.js';
import { OpenAITranslator, type OpenAIConfig } from '../src/translate/engines/openai.js';
import type { TranslatedUnit, TranslationUnit } from '../src/translate/translator.js';
import { fakeOpenAITranslate, startFakeOpenAI, type FakeOpenAI } from './fakes/openai.js';
import { FOUNDING_GLOSSARY, foundingArticleUnits, instantPolicy, syntheticUnits } from './fakes/units.js';

const LANGS = { sourceLang: 'fr', targetLang: 'en' } as const;

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI({ apiKey: 'sk-test' });
});
afterEach(async () => {
  await fake.close();
});

function openai(config: OpenAIConfig = {}, extraPolicy: Record<string, unknown> = {}) {
  const { delays, policy } = instantPolicy(extraPolicy);
  const translator = new OpenAITranslator({ baseUrl: fake.baseUrl, model: 'fake-llm', apiKey: 'sk-test', ...config, resilience: policy }, {});
  return { translator, delays };
}

/** Each English text is the translation of its own French unit. */
function expectAligned(units: TranslationUnit[], out: TranslatedUnit[]) {
  expect(out.map((u) => u.id)).toEqual(units.map((u) => u.id));
  out.forEach((unit, i) => expect(unit.text).toBe(fakeOpenAITranslate(units[i]!.text)));
}

describe('OpenAI-compatible translator against a fake server', () => {
  it('sends numbered items with their paragraphs and the glossary pairs that apply', async () => {
    const units = foundingArticleUnits().slice(0, 6);
    units[0] = { ...units[0]!, glossary: [FOUNDING_GLOSSARY[0]!, FOUNDING_GLOSSARY[2]!] };
    const out = await openai().translator.translate(units, LANGS);

    expectAligned(units, out);
    const [sent] = fake.sent;
    expect(sent!.model).toBe('fake-llm');
    expect(sent!.items.map((i) => i.id)).toEqual(units.map((_, i) => i + 1));
    const paragraph = sent!.paragraphs.find((p) => p.id === sent!.items[0]!.paragraph);
    expect(paragraph?.text).toBe(units[0]!.context);
    expect(sent!.glossary).toEqual([FOUNDING_GLOSSARY[0], FOUNDING_GLOSSARY[2]]);
    expect(out.every((u) => u.engine === 'openai' && u.model === 'fake-llm')).toBe(true);
  });

  it('stays aligned when the reply has fewer items than sent: the batch is split and asked again', async () => {
    const units = syntheticUnits(8);
    fake.faults.push({ reply: 'fewer' });
    const out = await openai().translator.translate(units, LANGS);
    expectAligned(units, out);
    expect(fake.sent.map((s) => s.items.length)).toEqual([8, 4, 4]);
  });

  it('stays aligned when two items are merged and the rest shifted up', async () => {
    const units = syntheticUnits(5);
    fake.faults.push({ reply: 'merge' }, { reply: 'merge' });
    expectAligned(units, await openai().translator.translate(units, LANGS));
  });

  it('matches reordered items by id, without another request', async () => {
    const units = syntheticUnits(6);
    fake.faults.push({ reply: 'reorder' });
    expectAligned(units, await openai().translator.translate(units, LANGS));
    expect(fake.requests).toHaveLength(1);
  });

  it('recovers from content that is not JSON, and accepts JSON in a code fence', async () => {
    const units = syntheticUnits(4);
    fake.faults.push({ reply: 'badJson' }, { reply: 'fenced' });
    expectAligned(units, await openai().translator.translate(units, LANGS));
  });

  it('waits as long as Retry-After says on 429, and retries 500 and 503', async () => {
    const units = syntheticUnits(3);
    fake.faults.push({ status: 429, retryAfter: '7' }, { status: 500 }, { status: 503 });
    const { translator, delays } = openai();
    expectAligned(units, await translator.translate(units, LANGS));
    expect(delays[0]).toBe(7000);
    expect(delays).toHaveLength(3);
  });

  it('abandons a hung request after the timeout and retries it', async () => {
    // The timeout is fired by hand once the request hangs, and the retry's never:
    // a short real timeout would also trip the retry on a loaded machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      fake.faults.push({ hang: true });
      const units = syntheticUnits(2);
      const translating = openai({}, { timeoutMs: 30_000 }).translator.translate(units, LANGS);
      await fake.hung();
      vi.advanceTimersByTime(30_000);
      expectAligned(units, await translating);
      expect(fake.sent).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says which key to check on 401, and stops on an exhausted balance', async () => {
    const wrong = new OpenAITranslator({ baseUrl: fake.baseUrl, model: 'fake-llm', apiKey: 'sk-wrong', resilience: instantPolicy().policy }, {});
    const auth = await wrong.translate(syntheticUnits(1), LANGS).catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(AuthError);
    expect((auth as AuthError).toLine()).toContain('OPENAI_API_KEY');

    fake.faults.push({ status: 429, body: JSON.stringify({ error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } }) });
    const quota = await openai().translator.translate(syntheticUnits(1), LANGS).catch((e: unknown) => e);
    expect(quota).toBeInstanceOf(QuotaError);
  });

  it('fails a unit the model keeps answering badly instead of guessing', async () => {
    fake.faults.push({ reply: 'badJson' }, { reply: 'badJson' }, { reply: 'badJson' });
    const error = await openai({ maxInvalidReplies: 2 }).translator.translate(syntheticUnits(1), LANGS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslatorError);
    expect((error as Error).message).toMatch(/u1/);
    expect(fake.requests).toHaveLength(3);
  });

  it('rejects a reply that drops a placeholder', async () => {
    const units = [{ id: 'a', text: 'Le <x id="1"/> a parlé.' }];
    fake.faults.push({ reply: 'dropTag' });
    const out = await openai().translator.translate(units, LANGS);
    expect(out[0]!.text).toBe(fakeOpenAITranslate(units[0]!.text));
    expect(fake.requests).toHaveLength(2);
  });

  it('reads base URL, model and key from the environment', async () => {
    const translator = new OpenAITranslator({ resilience: instantPolicy().policy }, {
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_MODEL: 'env-model',
      OPENAI_API_KEY: 'sk-test',
    });
    await translator.translate(syntheticUnits(1), LANGS);
    expect(fake.sent[0]!.model).toBe('env-model');
    expect(() => new OpenAITranslator({}, {})).toThrow(ConfigError);
  });
});
