// Post-editing effort (kept MT, MateCat PEE, chrF), `diptych stats`, and
// "ask another engine" against a fake DeepL on 127.0.0.1.
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Segment } from '../src/core/types.js';
import { chrF, effortOf, effortWords } from '../src/review/index.js';
import { engineSuggester } from '../src/review/engine-suggester.js';
import { DeepLTranslator } from '../src/translate/index.js';
import { FAKE_KEY, startFakeDeepL, type FakeDeepL } from './fakes/deepl.js';
import { instantPolicy } from './fakes/units.js';
import { runCli } from './support/cli.js';
import { translatedSegment } from './support/articles.js';
import { frenchArticle, GLOSSARY, makeOutput, readStore, segmentsOf, TOKEN, type Output, openReviewOn } from './support/review.js';

function reviewed(machine: string, final: string): Segment {
  return translatedSegment('x', final, {
    id: 's',
    machineTarget: machine,
    state: 'final',
    provenance: { translator: 'apertium', glossaryVersion: 'none', edited: true, at: '2026-01-01T00:00:00Z' },
  });
}

describe('effort', () => {
  it('counts a number with its separators as one word', () => {
    expect(effortWords('Il y a 12 000 morts, soit 1,5 % de plus.')).toEqual(['Il', 'y', 'a', '12000', 'morts', 'soit', '1,5', 'de', 'plus']);
    expect(effortWords('3.2% of 1,200 people')).toEqual(['3.2%', 'of', '1,200', 'people']);
  });

  it('is nothing for an untouched machine translation and grows with the edit', () => {
    expect(effortOf([reviewed('The White Helmets arrived.', 'The White Helmets arrived.')])).toEqual({ segments: 1, kept: 100, pee: 0, chrF: 100 });
    const small = effortOf([reviewed('The white helmets arrived in Idlib yesterday.', 'The White Helmets arrived in Idlib yesterday.')]);
    const large = effortOf([reviewed('The white helmets arrived in Idlib yesterday.', 'Rescuers reached the city on Monday.')]);
    // Two of seven words changed: 5/7 kept, PEE 2/7.
    expect(small).toMatchObject({ kept: 71.4, pee: 28.6 });
    expect(large.kept).toBe(0);
    expect(large.pee).toBe(100);
    expect(large.chrF).toBeLessThan(small.chrF);
  });

  it('counts a changed number as one edit, not three', () => {
    const effort = effortOf([reviewed('It killed 12 000 people.', 'It killed 12 500 people.')]);
    expect(effort.pee).toBe(25);
  });

  it('measures only segments a person touched whose machine text is known', () => {
    const untouched: Segment = { ...reviewed('a b', 'a b'), state: 'translated', provenance: { translator: 'x', glossaryVersion: 'none', edited: false, at: '' } };
    expect(effortOf([untouched]).segments).toBe(0);
  });

  it('computes chrF as sacreBLEU does (identical = 100, nothing shared = 0)', () => {
    expect(chrF(['abc def'], ['abc def'])).toBe(100);
    expect(chrF(['xyz'], ['abc'])).toBe(0);
  });
});

describe('diptych stats', () => {
  let output: Output | undefined;
  afterEach(async () => {
    if (output) await rm(output.dir, { recursive: true, force: true });
    output = undefined;
  });

  it('reports states, progress and effort per article and in total, as a table or JSON', async () => {
    output = await makeOutput({ a: frenchArticle('Article A', 4), b: frenchArticle('Article B', 4) });
    const session = await openReviewOn(output.out);
    const segment = segmentsOf(await readStore(output.out, 'a'))[2]!;
    const response = await fetch(`http://127.0.0.1:${session.server.port}/api/articles/a/segments/${segment.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ revision: 0, target: segment.target!.replace('EN La phrase', 'The sentence'), state: 'final' }),
    });
    expect(response.status).toBe(200);
    await session.close();
    const json = runCli(['stats', output.out, '--json']);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.articles.map((article: { slug: string }) => article.slug)).toEqual(['a', 'b']);
    expect(report.articles[0]).toMatchObject({ segments: 5, states: { final: 1, translated: 4 }, progress: 20, effort: { segments: 1 } });
    expect(report.articles[0].effort.kept).toBeLessThan(100);
    expect(report.total).toMatchObject({ segments: 10, states: { final: 1 }, effort: { segments: 1 } });
    const table = runCli(['stats', output.out]);
    expect(table.stdout).toMatch(/^article\s+segments\s+new\s+translated\s+reviewed\s+final\s+findings\s+progress\s+kept\s+PEE\s+chrF$/m);
    expect(table.stdout).toMatch(/^total\s+10\s/m);
    const missing = runCli(['stats', `${output.out}-nope`]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no such output folder/);
  });
});

describe('ask another engine', () => {
  let output: Output | undefined;
  let fake: FakeDeepL | undefined;
  afterEach(async () => {
    await fake?.close();
    if (output) await rm(output.dir, { recursive: true, force: true });
    output = undefined;
  });

  it('offers the engine’s translation of one segment, cached and within the budget, and marks it in provenance once used', async () => {
    fake = await startFakeDeepL();
    output = await makeOutput({ a: frenchArticle('Article A', 8) });
    const translator = new DeepLTranslator({ authKey: FAKE_KEY, serverUrl: fake.url, resilience: instantPolicy().policy }, {});
    const stateDir = `${output.out}/.diptych`;
    const session = await openReviewOn(output.out, { user: 'erin',
      suggester: () => engineSuggester({ spec: 'deepl', config: {}, glossary: GLOSSARY, stateDir, budget: 100, translator }),
    });
    const base = `http://127.0.0.1:${session.server.port}`;
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    try {
      const session_ = await (await fetch(`${base}/api/session`, { headers })).json();
      expect(session_.engines).toEqual(['deepl']);
      const [, withTerm, other, third] = segmentsOf(await readStore(output.out, 'a'));
      const ask = (id: string) => fetch(`${base}/api/articles/a/segments/${id}/suggest`, { method: 'POST', headers, body: '{}' });
      const first = await ask(withTerm!.id);
      expect(first.status).toBe(200);
      const { suggestion } = await first.json();
      // The fake prefixes "[en] "; the pinned term comes back in its English form.
      expect(suggestion).toMatchObject({ translator: 'deepl', cached: false });
      expect(suggestion.target).toMatch(/^\[en\] /);
      expect(suggestion.target).toContain('White Helmets');
      const calls = fake.translateCalls();
      const again = await (await ask(withTerm!.id)).json();
      expect(again.suggestion).toMatchObject({ target: suggestion.target, cached: true });
      expect(fake.translateCalls()).toBe(calls);
      // Using it: the engine is the text's translator, chosen by a person.
      const used = await fetch(`${base}/api/articles/a/segments/${withTerm!.id}`, { method: 'PATCH', headers, body: JSON.stringify({ revision: 0, target: suggestion.target }) });
      const { segment } = await used.json();
      expect(segment.provenance).toMatchObject({ translator: 'deepl', edited: true, editor: 'erin', suggested: true });
      expect(segment.history.at(-1)).toMatchObject({ origin: 'machine', by: 'deepl, chosen by erin' });
      // The budget (100 characters) runs out: a clear refusal, nothing sent beyond it.
      await ask(other!.id);
      const over = await ask(third!.id);
      expect(over.status).toBe(502);
      expect((await over.json()).message).toMatch(/budget/i);
    } finally {
      await session.close();
    }
  });
});
