import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, ConfigError } from '../src/core/errors.js';
import { ApertiumTranslator } from '../src/translate/engines/apertium.js';
import { FailoverTranslator } from '../src/translate/failover.js';
import { ENGINES, TRANSLATOR_IDS, createTranslator } from '../src/translate/index.js';
import { LibreTranslateTranslator } from '../src/translate/engines/libretranslate.js';
import { FAKE_KEY, startFakeDeepL } from './fakes/deepl.js';
import { startFakeLibreTranslate } from './fakes/libretranslate.js';
import type { FakeServer } from './fakes/server.js';
import { instantPolicy, syntheticUnits } from './fakes/units.js';

const LANGS = { sourceLang: 'fr', targetLang: 'en' } as const;
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('translator registry', () => {
  it('pins the public surface of the translate stage', async () => {
    expect(Object.keys(await import('../src/translate/index.js')).sort()).toEqual([
      'ApertiumAnalyser',
      'ApertiumTranslator',
      'Budget',
      'DEFAULT_POLICY',
      'DeepLTranslator',
      'ENGINES',
      'FailoverTranslator',
      'LibreTranslateTranslator',
      'OpenAITranslator',
      'TRANSLATOR_IDS',
      'billableCharacters',
      'countCharacters',
      'createTranslator',
      'frenchAnalyser',
      'identityOf',
      'membersOf',
      'metered',
    ]);
  });

  it('is a list of engine descriptors whose identities need no engine constructed', () => {
    expect(ENGINES.map((engine) => engine.id)).toEqual(TRANSLATOR_IDS);
    // With no key, model or URL in the environment, deepl, openai and libretranslate cannot be
    // constructed (create throws), yet each identity is there: the run key of a warm batch.
    for (const engine of ENGINES) {
      expect(engine.identity(undefined, {}).engine, engine.id).toBe(engine.id);
      if (engine.id !== 'apertium') expect(() => engine.create(undefined, {}), engine.id).toThrow(ConfigError);
    }
  });

  it('names the known translators when given an unknown one', () => {
    expect(() => createTranslator('x')).toThrow(new ConfigError("unknown translator 'x' — use one of: apertium, deepl, openai, libretranslate"));
    expect(() => createTranslator('deepl,,apertium')).toThrow(ConfigError);
    expect(() => createTranslator('apertium,apertium')).toThrow(/twice/);
    expect(TRANSLATOR_IDS).toEqual(['apertium', 'deepl', 'openai', 'libretranslate']);
  });

  it('builds one engine for an id and a failover chain for a list', () => {
    expect(createTranslator('apertium')).toBeInstanceOf(ApertiumTranslator);
    const chain = createTranslator(' libretranslate , apertium ', { libretranslate: { url: 'http://127.0.0.1:9' }, env: {} });
    expect(chain).toBeInstanceOf(FailoverTranslator);
    expect(chain.id).toBe('libretranslate,apertium');
    // The chain reports its members through the interface, primary first.
    expect(chain.identity.members?.map((member) => member.engine)).toEqual(['libretranslate', 'apertium']);
    expect(chain.identity.members?.[0]).toEqual(new LibreTranslateTranslator({ url: 'http://127.0.0.1:9' }, {}).identity);
  });

  it('asks for the missing key or URL by its environment variable', () => {
    const lineFor = (spec: string) => {
      try {
        createTranslator(spec, { env: {} });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).toLine();
      }
      return 'no error';
    };
    expect(lineFor('deepl')).toMatch(/API key — set DEEPL_AUTH_KEY/);
    expect(lineFor('openai')).toMatch(/model name — set OPENAI_MODEL/);
    expect(lineFor('libretranslate')).toMatch(/server URL — set LIBRETRANSLATE_URL/);
  });

  it('takes the DeepL key and server URL from the environment', async () => {
    const fake = await startFakeDeepL();
    servers.push(fake);
    const translator = createTranslator('deepl', {
      env: { DEEPL_AUTH_KEY: FAKE_KEY, DEEPL_SERVER_URL: fake.url },
      deepl: { resilience: instantPolicy().policy },
    });
    const out = await translator.translate(syntheticUnits(2), LANGS);
    expect(out).toHaveLength(2);
    expect(fake.translateCalls()).toBe(1);
  });
});

describe('LibreTranslate translator against a fake server', () => {
  it('sends texts as HTML with the key, keeps order, and restores placeholders', async () => {
    const fake = await startFakeLibreTranslate({ apiKey: 'lt-key' });
    servers.push(fake);
    const translator = createTranslator('libretranslate', { env: { LIBRETRANSLATE_URL: fake.url, LIBRETRANSLATE_API_KEY: 'lt-key' } });
    const units = [...syntheticUnits(3), { id: 'p', text: 'Le <x id="1"/> &amp; <em id="m0">lui</em>.' }];
    const out = await translator.translate(units, LANGS);
    expect(out.map((u) => u.text)).toEqual(units.map((u) => `[en] ${u.text}`));
    const body = JSON.parse(fake.requests[0]!.body) as { format: string; api_key: string; q: string[] };
    expect(body).toMatchObject({ format: 'html', api_key: 'lt-key', source: 'fr', target: 'en' });
    expect(body.q).toHaveLength(4);
  });

  it('honours Retry-After on 429 and reports a refused key as AuthError', async () => {
    const fake = await startFakeLibreTranslate({ apiKey: 'lt-key' });
    servers.push(fake);
    const { delays, policy } = instantPolicy();
    fake.faults.push({ status: 429, retryAfter: '2' });
    const good = createTranslator('libretranslate', { libretranslate: { url: fake.url, apiKey: 'lt-key', resilience: policy }, env: {} });
    expect(await good.translate(syntheticUnits(1), LANGS)).toHaveLength(1);
    expect(delays).toEqual([2000]);

    const bad = createTranslator('libretranslate', { libretranslate: { url: fake.url, apiKey: 'nope', resilience: policy }, env: {} });
    const error = await bad.translate(syntheticUnits(1), LANGS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).toLine()).toContain('LIBRETRANSLATE_API_KEY');
  });
});
