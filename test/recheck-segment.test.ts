// Re-checking one segment after an edit (what every review save does): its
// pinned terms are found by lemma in the French, which Apertium's analyser
// reads. The French does not change while people edit the English, so it is
// analysed once per glossary, not on every save — and the terms stay right.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Segment } from '../src/core/types.js';
import { loadGlossary } from '../src/glossary/index.js';
import { recheckSegment } from '../src/pipeline/index.js';
import { frenchAnalyser } from '../src/translate/index.js';

const GLOSSARY = path.join(import.meta.dirname, '..', 'glossary', 'founding.tsv');

function segment(target: string): Segment {
  return { id: 's1', source: 'Les Casques Blancs ont secouru trois civils à Idlib.', target, sourceMarks: [], targetMarks: [], state: 'translated', terms: [], findings: [], unknownWords: [] } as unknown as Segment;
}

afterEach(() => vi.restoreAllMocks());

describe('recheckSegment', () => {
  it('asks the analyser for a French sentence once per glossary, and finds its pinned terms on every edit', async () => {
    const glossary = await loadGlossary(GLOSSARY);
    const asked = vi.spyOn(frenchAnalyser(), 'analyse');
    const first = segment('The white Helmets rescued three civilians in Idlib.');
    const second = segment('The White Helmets rescued three civilians in Idlib.');
    await recheckSegment(first, glossary);
    await recheckSegment(second, glossary);
    const asks = (spy: typeof asked) => spy.mock.calls.filter(([texts]) => texts.some((text) => text.includes('ont secouru'))).length;
    expect(asks(asked)).toBe(1);
    const helmets = (one: Segment) => one.terms.find((term) => term.target === 'White Helmets');
    expect(helmets(first)?.satisfied).toBe(false);
    expect(helmets(second)?.satisfied).toBe(true);
    // Another glossary (the team added a term): asked again.
    await recheckSegment(segment('The White Helmets.'), await loadGlossary(GLOSSARY));
    expect(asks(asked)).toBe(2);
  });
});
