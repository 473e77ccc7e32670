// "Ask another engine" in the review gets the run's translator settings, as
// batch does: Apertium's pivot and repairs, and the --fix policy applied to
// the engine's output. Before, the suggester built its engine from the id
// alone, so `--pivot ca` or `--fix` were lost there.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeGlossary } from '../src/glossary/index.js';
import { engineSuggester } from '../src/review/engine-suggester.js';
import { paragraphArticle, translatedSegment } from './support/articles.js';
import { tempDir } from './support/cli.js';
import { FakeTranslator } from './support/fake-translator.js';

const GLOSSARY = makeGlossary([], []);
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function stateDir(): Promise<string> {
  const dir = await tempDir('suggester');
  dirs.push(dir);
  return path.join(dir, '.diptych');
}

describe('the review suggester', () => {
  it('builds its engine with the run’s engine settings (Apertium’s pivot)', async () => {
    const suggester = await engineSuggester({ spec: 'apertium', config: { apertium: { pivot: 'ca', repairPivot: false } }, glossary: GLOSSARY, stateDir: await stateDir(), budget: 100 });
    try {
      expect(suggester.engines()).toEqual(['apertium (fr-ca-en)']);
    } finally {
      await suggester.close();
    }
  });

  it('applies the run’s --fix policy to the engine’s output', async () => {
    const segment = translatedSegment('Il coûte 12,5 millions.', '', { id: 's1' });
    const article = paragraphArticle('a', [segment]);
    const suggest = async (fix: { fix?: {} }) => {
      const suggester = await engineSuggester({ spec: 'fake', config: {}, glossary: GLOSSARY, stateDir: await stateDir(), budget: 1000, translator: new FakeTranslator(), ...fix });
      try {
        return (await suggester.suggest(segment, article)).target;
      } finally {
        await suggester.close();
      }
    };
    // By default only Apertium's output is fixed; `--fix` fixes every engine's, as batch does.
    expect(await suggest({ fix: false } as never)).toBe('EN Il coûte 12,5 millions.');
    expect(await suggest({})).toBe('EN Il coûte 12,5 millions.');
    expect(await suggest({ fix: {} })).toBe('EN Il coûte 12.5 millions.');
  });
});
