// Each translator states its identity (engine, model, the settings that
// change its output) through the interface; the batch run key and the cache
// key come from it; a light resolver gives the same identity without
// constructing the engine, so a warm run loads no client and needs no key.
// `--budget` is charged around every engine alike, Apertium and the fake
// translator included.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { QuotaError } from '../src/core/errors.js';
import { loadGlossary } from '../src/glossary/index.js';
import { runTranslation, type RunOptions, type RunReport } from '../src/batch/index.js';
import { ApertiumTranslator, billableCharacters, createTranslator, identityOf, type Translator, type TranslatorConfig } from '../src/translate/index.js';
import { FAKE_KEY, startFakeDeepL, type FakeDeepL } from './fakes/deepl.js';
import { hasApertium } from './support/apertium.js';
import { repoRoot, runCliAsync, tempDir } from './support/cli.js';
import { FakeTranslator } from './support/fake-translator.js';

const CONFIGS: Array<[string, TranslatorConfig]> = [
  ['apertium', {}],
  ['apertium', { apertium: { pivot: 'ca', repairPivot: false } }],
  ['deepl', { deepl: { authKey: 'k', formality: 'less', modelType: 'quality_optimized', englishVariant: 'en-GB' }, env: {} }],
  ['deepl', { env: { DEEPL_AUTH_KEY: 'k', DEEPL_SERVER_URL: 'http://127.0.0.1:9' } }],
  ['openai', { env: { OPENAI_MODEL: 'm1', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } }],
  ['openai', { openai: { model: 'm2', baseUrl: 'http://127.0.0.1:9/v1', temperature: 0.3 }, env: {} }],
  ['libretranslate', { env: { LIBRETRANSLATE_URL: 'http://127.0.0.1:9' } }],
  ['deepl,apertium', { deepl: { authKey: 'k', formality: 'more' }, apertium: { pivot: 'eo' }, env: {} }],
];

describe('translator identity', () => {
  it.each(CONFIGS)('the light resolver and the constructed %s translator state the same identity', (spec, config) => {
    expect(identityOf(spec, config)).toEqual(createTranslator(spec, config).identity);
  });

  it('names engine, model and every setting that changes the output, and nothing that does not', () => {
    expect(identityOf('apertium')).toEqual({ engine: 'apertium', model: 'fr-es-en', settings: { pivotRepair: '1' } });
    expect(identityOf('apertium', { apertium: { pivot: 'ca', repairPivot: false } })).toEqual({ engine: 'apertium', model: 'fr-ca-en', settings: {} });
    expect(identityOf('deepl', { deepl: { formality: 'less', modelType: 'quality_optimized' } })).toEqual({
      engine: 'deepl',
      model: 'quality_optimized',
      settings: { formality: 'less' },
    });
    // The key and the server say who pays, not what comes back.
    expect(identityOf('deepl', { env: { DEEPL_AUTH_KEY: 'a', DEEPL_SERVER_URL: 'http://a' } })).toEqual(identityOf('deepl', { env: {} }));
    expect(identityOf('openai', { env: { OPENAI_MODEL: 'a' } })).not.toEqual(identityOf('openai', { env: { OPENAI_MODEL: 'b' } }));
    expect(identityOf('openai', { env: { OPENAI_MODEL: 'a', OPENAI_BASE_URL: 'http://x/v1' } })).not.toEqual(identityOf('openai', { env: { OPENAI_MODEL: 'a' } }));
    expect(identityOf('libretranslate', { env: { LIBRETRANSLATE_URL: 'http://a' } })).not.toEqual(identityOf('libretranslate', { env: { LIBRETRANSLATE_URL: 'http://b' } }));
  });

  it('resolves without a key, where constructing the engine needs one', () => {
    expect(() => createTranslator('deepl', { env: {} })).toThrow(/needs an API key/);
    expect(identityOf('deepl', { env: {} })).toEqual({ engine: 'deepl', settings: {} });
    expect(() => identityOf('nope')).toThrow(/unknown translator 'nope'/);
  });

  it('reports a failover chain’s members through the interface, primary first', () => {
    const chain = createTranslator('deepl,apertium', { deepl: { authKey: 'k' }, env: {} });
    expect(chain.identity.engine).toBe('deepl,apertium');
    expect(chain.identity.members).toEqual([identityOf('deepl', { env: {} }), identityOf('apertium')]);
  });

  it('the resolver module loads no engine: only types come from the engine files', async () => {
    const file = path.join(repoRoot, 'src/translate/identity.ts');
    const source = ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.Latest);
    const loaded = source.statements
      .filter(ts.isImportDeclaration)
      .filter((statement) => !statement.importClause?.isTypeOnly)
      .map((statement) => (statement.moduleSpecifier as ts.StringLiteral).text);
    expect(loaded).toEqual(['../core/errors.js']);
  });
});

describe('the run key follows the identity', () => {
  it('redoes every article when an output-shaping setting changes, and nothing when only the key does', async () => {
    const out = path.join(await tempDir('identity'), 'out');
    const file = path.join(repoRoot, 'corpus/wikinews-44290.fr.txt');
    const run = (translator: Translator) => runTranslation([{ file }], { outDir: out, translator, glossary: { entries: [], version: 'none', files: [] } });
    expect((await run(new FakeTranslator())).totals.written).toBe(1);
    expect((await run(new FakeTranslator())).totals).toMatchObject({ written: 0, skipped: 1 });
    const other = new FakeTranslator({ settings: { formality: 'less' } });
    expect((await run(other)).totals).toMatchObject({ written: 1, skipped: 0 });
    // A new setting means new cache keys: everything was sent again.
    expect(other.sent.length).toBeGreaterThan(0);
  });
});

describe('a warm CLI run with a billed engine', () => {
  let fake: FakeDeepL | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it('needs no key when nothing needs translating, and fails for the missing key when something does', async () => {
    fake = await startFakeDeepL();
    const dir = await tempDir('warm-deepl');
    const out = path.join(dir, 'out');
    const file = path.join(repoRoot, 'corpus/wikinews-44290.fr.txt');
    const args = ['translate', file, '--translator', 'deepl', '--out', out, '--glossary', path.join(repoRoot, 'glossary'), '--json'];
    const { DEEPL_AUTH_KEY: _key, DEEPL_SERVER_URL: _url, ...env } = process.env;
    const cold = await runCliAsync(args, { env: { ...env, DEEPL_AUTH_KEY: FAKE_KEY, DEEPL_SERVER_URL: fake.url } });
    expect(cold.stderr).toBe('');
    expect(cold.status).toBe(0);
    const calls = fake.translateCalls();
    expect(calls).toBeGreaterThan(0);

    const warm = await runCliAsync(args, { env });
    expect(warm.status).toBe(0);
    expect(JSON.parse(warm.stdout)).toMatchObject({ totals: { written: 0, skipped: 1 } });
    expect(fake.translateCalls()).toBe(calls);

    const forced = await runCliAsync([...args, '--force', '--translator', 'deepl,apertium'], { env });
    expect(forced.status).not.toBe(0);
    expect(forced.stderr).toMatch(/DEEPL_AUTH_KEY/);
  });
});

/** A budget run, then a run without one, of the same articles; what each sent. */
async function budgetThenResume<T extends Translator>(make: () => T, budget: number) {
  const out = path.join(await tempDir('budget-any'), 'out');
  const glossaryDir = path.join(repoRoot, 'glossary');
  const jobs = ['corpus/idlib-casques-blancs-2018-09-08.fr.txt', 'corpus/wikinews-44290.fr.txt'].map((file) => ({ file: path.join(repoRoot, file) }));
  const run = (translator: Translator, extra: Partial<RunOptions> = {}): Promise<RunReport> =>
    runTranslation(jobs, { outDir: out, translator, glossary: { location: glossaryDir, load: () => loadGlossary(glossaryDir) }, ...extra });
  const first = make();
  const stopped = await run(first, { budget });
  const second = make();
  const resumed = await run(second);
  const full = make();
  const whole = await run(full, { outDir: path.join(path.dirname(out), 'whole') });
  return { first, stopped, second, resumed, full, whole };
}

describe('--budget works the same for every engine', () => {
  it('the fake translator: stops at a unit boundary, resumes, nothing sent twice', async () => {
    const { first, stopped, second, resumed, full, whole } = await budgetThenResume(() => new FakeTranslator(), 1200);
    expect(stopped.stopped).toBeInstanceOf(QuotaError);
    expect(String((stopped.stopped as Error).message)).toMatch(/budget of 1200/);
    const spent = first.sent.reduce((sum, text) => sum + billableCharacters(text), 0);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(1200);
    expect(stopped.totals.characters).toBe(spent);
    expect(resumed.stopped).toBeUndefined();
    expect(resumed.totals.written).toBe(2);
    // The second run sends only what the first did not: together, exactly what one whole run sends.
    expect(second.sent.filter((text) => first.sent.includes(text))).toEqual([]);
    expect([...first.sent, ...second.sent].sort()).toEqual([...full.sent].sort());
    expect(stopped.totals.characters + resumed.totals.characters).toBe(whole.totals.characters);
  });

  it.skipIf(!hasApertium)('Apertium: characters sent count against the budget; the next run translates only the rest', async () => {
    const { stopped, resumed, whole } = await budgetThenResume(() => new ApertiumTranslator(), 1500);
    expect(stopped.stopped).toBeInstanceOf(QuotaError);
    expect(String((stopped.stopped as Error).message)).toMatch(/budget of 1500/);
    expect(stopped.totals.characters).toBeGreaterThan(0);
    expect(stopped.totals.characters).toBeLessThanOrEqual(1500);
    expect(stopped.articles.some((outcome) => outcome.kind === 'incomplete')).toBe(true);
    expect(resumed.stopped).toBeUndefined();
    expect(resumed.totals.written).toBe(2);
    expect(resumed.totals.cached).toBeGreaterThan(0);
    expect(stopped.totals.characters + resumed.totals.characters).toBe(whole.totals.characters);
  });
});
