import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError, QuotaError, TranslatorError } from '../src/core/errors.js';
import { Budget, billableCharacters, metered } from '../src/translate/transport/budget.js';
import { DeepLTranslator, type DeepLConfig } from '../src/translate/engines/deepl.js';
import type { TranslatedUnit, TranslationUnit } from '../src/translate/translator.js';
import { FAKE_KEY, fakeDeepLTranslate, startFakeDeepL, type FakeDeepL } from './fakes/deepl.js';
import { FOUNDING_GLOSSARY, foundingArticleUnits, instantPolicy, syntheticUnits } from './fakes/units.js';

const LANGS = { sourceLang: 'fr', targetLang: 'en' } as const;

let fake: FakeDeepL;
beforeEach(async () => {
  fake = await startFakeDeepL();
});
afterEach(async () => {
  await fake.close();
});

function deepl(config: DeepLConfig = {}, extraPolicy: Record<string, unknown> = {}) {
  const { delays, policy } = instantPolicy(extraPolicy);
  const translator = new DeepLTranslator({ authKey: FAKE_KEY, serverUrl: fake.url, ...config, resilience: { ...policy, ...config.resilience } }, {});
  return { translator, delays };
}

/** Every output is the fake's translation of its own input: nothing shifted, nothing lost. */
function expectAligned(units: TranslationUnit[], out: TranslatedUnit[], entries?: Map<string, string>) {
  expect(out.map((u) => u.id)).toEqual(units.map((u) => u.id));
  out.forEach((unit, i) => expect(unit.text).toBe(fakeDeepLTranslate(units[i]!.text, entries)));
}

describe('DeepL translator against a fake DeepL server', () => {
  it('translates the founding article in ⌈N/50⌉ requests plus the glossary calls, with context and billed characters', async () => {
    const units = foundingArticleUnits();
    const { translator } = deepl();
    const out = await translator.translate(units, { ...LANGS, glossaryVersion: 'v1', glossaryPairs: FOUNDING_GLOSSARY });

    const entries = new Map(FOUNDING_GLOSSARY.map((p) => [p.source, p.target]));
    expectAligned(units, out, entries);
    expect(fake.translateCalls()).toBe(Math.ceil(units.length / 50));
    expect(fake.glossaryCalls()).toBe(2); // one lookup, one creation
    expect(out.find((u) => u.text.includes('White Helmets'))).toBeDefined();

    // Each request carries the paragraphs of its sentences as (unbilled) context, and asks for XML tag handling.
    const form = new URLSearchParams(fake.requests.find((r) => r.path === '/v2/translate')!.body);
    expect(form.get('context')).toContain(units[0]!.context!);
    expect(form.get('tag_handling')).toBe('xml');
    expect(form.get('target_lang')).toBe('en-US');

    const billed = out.reduce((sum, u) => sum + (u.billedCharacters ?? 0), 0);
    expect(billed).toBe(fake.billed);
    expect(billed).toBe(units.reduce((sum, u) => sum + billableCharacters(u.text), 0));
    expect(out.every((u) => u.engine === 'deepl' && u.glossaryVersion === 'v1' && typeof u.at === 'string')).toBe(true);
  });

  it('reuses the glossary of a version on later runs instead of creating it again', async () => {
    const units = syntheticUnits(3);
    const options = { ...LANGS, glossaryVersion: 'v1', glossaryPairs: FOUNDING_GLOSSARY };
    await deepl().translator.translate(units, options);
    const secondRun = deepl().translator; // a new process: nothing cached in memory
    await secondRun.translate(units, options);
    await secondRun.translate(units, options);

    expect(fake.glossaries.size).toBe(1);
    expect([...fake.glossaries.values()][0]!.name).toBe('diptych-v1');
    const creations = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v3/glossaries');
    expect(creations).toHaveLength(1);
    // The second run looked it up once and then kept it.
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === '/v3/glossaries')).toHaveLength(2);

    await deepl().translator.translate(units, { ...options, glossaryVersion: 'v2' });
    expect(fake.glossaries.size).toBe(2);
  });

  it('keeps 50 texts per request at most, and stays under 128 KiB per request', async () => {
    const { translator } = deepl();
    await translator.translate(syntheticUnits(120), LANGS);
    expect(fake.translateCalls()).toBe(3);

    const long = Array.from({ length: 10 }, (_, i) => ({ id: `l${i}`, text: `${'é'.repeat(15_000)} ${i}` }));
    const out = await translator.translate(long, LANGS);
    expectAligned(long, out);
    const bodies = fake.requests.filter((r) => r.path === '/v2/translate').slice(3);
    expect(bodies.length).toBeGreaterThan(1);
    expect(Math.max(...bodies.map((r) => r.bytes))).toBeLessThanOrEqual(128 * 1024);
  });

  it('sends the HTML fragment as XML and keeps inline elements, references and placeholders', async () => {
    const text = 'Le <x id="1"/> &amp; le <em id="m0">chef</em> disent « 3 &lt; 4 » à <x id="2"/>.';
    const units = [{ id: 'a', text, context: 'Paragraphe avec <balise> & esperluette.' }];
    const [out] = await deepl().translator.translate(units, LANGS);
    expect(out!.text).toBe(fakeDeepLTranslate(text));
    const form = new URLSearchParams(fake.requests.at(-1)!.body);
    expect(form.get('text')).toBe(text);
    // The context is plain text: escaped so that it is well-formed for DeepL's XML mode.
    expect(form.get('context')).toBe('Paragraphe avec &lt;balise&gt; &amp; esperluette.');
  });

  it('brings placeholders back in their exact form when DeepL re-serialises them', async () => {
    fake.rewrite = (t) => t.replace(/<x id="(\d+)"\/>/g, '<x id="$1"></x>');
    const [out] = await deepl().translator.translate([{ id: 'a', text: 'Le <x id="1"/> a parlé.' }], LANGS);
    expect(out!.text).toBe(fakeDeepLTranslate('Le <x id="1"/> a parlé.'));
  });

  it('without the whole glossary, builds one from the units\' pairs under a name that hashes them', async () => {
    const units = [{ id: 'a', text: 'Les Casques blancs.', glossary: [FOUNDING_GLOSSARY[2]!] }];
    const [out] = await deepl().translator.translate(units, { ...LANGS, glossaryVersion: 'v9' });
    expect(out!.text).toBe('[en] Les White Helmets.');
    expect([...fake.glossaries.values()][0]!.name).toMatch(/^diptych-v9-[0-9a-f]{8}$/);
  });

  it('takes French terms named like object properties ("constructor", "toString") as terms, not as conflicts', async () => {
    const pairs = [
      { source: 'constructor', target: 'builder' },
      { source: 'toString', target: 'to text' },
      { source: '__proto__', target: 'prototype' },
    ];
    const [out] = await deepl().translator.translate([{ id: 'a', text: 'Le constructor parle.' }], { ...LANGS, glossaryVersion: 'v1', glossaryPairs: pairs });
    expect(out!.text).toBe('[en] Le builder parle.');
  });

  it('with two 429s (Retry-After) and one 503 injected, translates every unit exactly once', async () => {
    const units = foundingArticleUnits();
    fake.faults.push({ status: 429, retryAfter: '1' }, { status: 503 }, { status: 429, retryAfter: '0' });
    const { translator, delays } = deepl({ maxItems: 10 });
    const out = await translator.translate(units, LANGS);

    expectAligned(units, out);
    expect(delays).toHaveLength(3); // three retries, none slept for real
    expect([...fake.translated].sort()).toEqual(units.map((u) => u.text).sort());
    expect(fake.requests.filter((r) => r.path === '/v2/translate' && r.status !== 200)).toHaveLength(3);
  });

  it('abandons a hung request after the timeout and retries it', async () => {
    // The timeout is fired by hand once the request hangs, and the retry's never:
    // a short real timeout would also trip the retry on a loaded machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      fake.faults.push({ hang: true });
      const units = syntheticUnits(4);
      const translating = deepl({}, { timeoutMs: 30_000 }).translator.translate(units, LANGS);
      await fake.hung();
      vi.advanceTimersByTime(30_000);
      expectAligned(units, await translating);
      expect(fake.translateCalls()).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('retries an answer that is not JSON', async () => {
    fake.faults.push({ garbage: true });
    const units = syntheticUnits(2);
    expectAligned(units, await deepl().translator.translate(units, LANGS));
  });

  it('reports a refused key as AuthError naming DEEPL_AUTH_KEY, without retrying', async () => {
    const translator = new DeepLTranslator({ authKey: 'wrong', serverUrl: fake.url, resilience: instantPolicy().policy }, {});
    const error = await translator.translate(syntheticUnits(1), LANGS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).toLine()).toContain('DEEPL_AUTH_KEY');
    expect(fake.requests).toHaveLength(1);
  });

  it('stops cleanly on 456 at a batch boundary, keeps finished batches, and a later run bills only the rest', async () => {
    const units = foundingArticleUnits();
    const total = units.reduce((sum, u) => sum + billableCharacters(u.text), 0);
    fake.characterLimit = Math.floor(total / 2);
    const saved: TranslatedUnit[] = [];
    const error = await deepl({ maxItems: 5 }, { concurrency: 1 })
      .translator.translate(units, { ...LANGS, onBatch: (batch) => void saved.push(...batch) })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(QuotaError);
    expect(saved.length).toBeGreaterThan(0);
    expect(saved.length).toBeLessThan(units.length);
    expectAligned(units.slice(0, saved.length), saved);

    // Quota renewed; the pipeline sends only what is not saved.
    fake.characterLimit = Number.POSITIVE_INFINITY;
    const rest = units.filter((u) => !saved.some((s) => s.id === u.id));
    expectAligned(rest, await deepl().translator.translate(rest, LANGS));
    expect(fake.billed).toBe(total);
  });

  it('stops at a unit boundary when a 500-character budget runs out; the next run completes the rest', async () => {
    const units = foundingArticleUnits();
    const total = units.reduce((sum, u) => sum + billableCharacters(u.text), 0);
    const budget = new Budget(500);
    const saved: TranslatedUnit[] = [];
    const error = await metered(deepl().translator)
      .translate(units, { ...LANGS, budget, onBatch: (batch) => void saved.push(...batch) })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(QuotaError);
    expect((error as QuotaError).message).toMatch(/budget of 500/);
    expect(fake.billed).toBeLessThanOrEqual(500);
    expect(fake.billed).toBe(budget.spent);
    // The sent units are exactly a prefix, and the next unit would not have fitted.
    expectAligned(units.slice(0, saved.length), saved);
    expect(fake.billed + billableCharacters(units[saved.length]!.text)).toBeGreaterThan(500);

    const rest = units.slice(saved.length);
    await metered(deepl().translator).translate(rest, { ...LANGS, budget: new Budget(total) });
    expect(fake.billed).toBe(total);
  });

  it('sends formality and model type, and records them', async () => {
    const [out] = await deepl({ formality: 'prefer_less', modelType: 'prefer_quality_optimized', englishVariant: 'en-GB' }).translator.translate(
      syntheticUnits(1),
      LANGS,
    );
    const form = new URLSearchParams(fake.requests.at(-1)!.body);
    expect(form.get('formality')).toBe('prefer_less');
    expect(form.get('model_type')).toBe('prefer_quality_optimized');
    expect(form.get('target_lang')).toBe('en-GB');
    expect(out!.model).toBe('quality_optimized');
    expect(out!.settings).toMatchObject({ formality: 'prefer_less' });
  });

  it('gives up after the configured retries with a retryable TranslatorError', async () => {
    fake.faults.push({ status: 500 }, { status: 500 }, { status: 500 });
    const error = await deepl({ resilience: { retries: 2 } }).translator.translate(syntheticUnits(1), LANGS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslatorError);
    expect((error as TranslatorError).retryable).toBe(true);
    expect(fake.requests).toHaveLength(3);
  });
});
