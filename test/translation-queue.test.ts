// The batch queue tells the translator that work is coming as soon as the
// first unit arrives, so a local engine starts its processes while the rest
// of the first chunk is being prepared — and never when nothing is sent (a
// warm batch must not start Apertium).

import { describe, expect, it } from 'vitest';
import { TranslationQueue } from '../src/pipeline/index.js';
import { billableCharacters } from '../src/translate/index.js';
import { FakeTranslator } from './support/fake-translator.js';

class ReadyingTranslator extends FakeTranslator {
  readonly events: string[] = [];
  warmUp(): void {
    this.events.push('warm-up');
  }
  override translate(...args: Parameters<FakeTranslator['translate']>): ReturnType<FakeTranslator['translate']> {
    this.events.push(`translate ${args[0].length}`);
    return super.translate(...args);
  }
}

const queueFor = (translator: FakeTranslator) =>
  new TranslationQueue({
    translator,
    translateOptions: { sourceLang: 'fr', targetLang: 'en', glossaryVersion: 'test' },
    chunkCharacters: 1_000,
    inFlight: 1,
    countCharacters: billableCharacters,
  });

describe('TranslationQueue', () => {
  it('asks the translator to get ready once, at the first unit, before the chunk is sent', async () => {
    const translator = new ReadyingTranslator();
    const queue = queueFor(translator);
    const answers = ['Un.', 'Deux.', 'Trois.'].map((text, i) => queue.request({ id: `u${i}`, text }));
    expect(translator.events).toEqual(['warm-up']);
    await queue.drain();
    expect((await Promise.all(answers)).map((answer) => answer.entry.text)).toEqual(['EN Un.', 'EN Deux.', 'EN Trois.']);
    expect(translator.events).toEqual(['warm-up', 'translate 3']);
  });

  it('leaves the translator alone when nothing is sent', async () => {
    const translator = new ReadyingTranslator();
    await queueFor(translator).drain();
    expect(translator.events).toEqual([]);
  });
});
