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

  it('engine files never import the registry, and load their clients only inside create', async () => {
    const dir = path.join(repoRoot, 'src/translate/engines');
    for (const name of ['apertium.ts', 'deepl.ts', 'openai.ts', 'libretranslate.ts']) {
      const file = path.join(dir, name);
      const source = ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.Latest);
      const loaded = source.statements
        .filter(ts.isImportDeclaration)
        .filter((statement) => !statement.importClause?.isTypeOnly)
        .map((statement) => (statement.moduleSpecifier as ts.StringLiteral).text);
      expect(loaded.filter((specifier) => /registry|index\.js/.test(specifier)), name).toEqual([]);
      expect(loaded, name).not.toContain('deepl-node');
    }
  });
});
