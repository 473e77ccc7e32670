// Re-checking one segment after an edit (what every review save does): its
// pinned terms are found by lemma in the French, which Apertium's analyser
// reads. The French does not change while people edit the English, so it is
// analysed once per glossary, not on every save — and the terms stay right.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Segment } from '../src/core/types.js';
import { loadGlossary } from '../src/glossary/index.js';
import { prepareRecheck, recheckSegment } from '../src/pipeline/index.js';
import { frenchAnalyser } from '../src/translate/index.js';

const GLOSSARY = path.join(import.meta.dirname, '..', 'glossary', 'founding.tsv');

function segment(target: string, source = 'Les Casques Blancs ont secouru trois civils à Idlib.'): Segment {
  return { id: 's1', source, target, sourceMarks: [], targetMarks: [], state: 'translated', terms: [], findings: [], unknownWords: [] } as unknown as Segment;
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

  it('finds the terms of a group of segments in one request to the analyser, then re-checks each without asking again', async () => {
    const glossary = await loadGlossary(GLOSSARY);
    const asked = vi.spyOn(frenchAnalyser(), 'analyse');
    const group = ['Tahrir al-Cham tient Idlib.', 'Les Casques Blancs sont arrivés à Alep.', 'Un S-125 a été vu près de Hama.'].map((source, n) => ({ ...segment(`English ${n}.`, source), id: `s${n}` }));
    // The glossary's own forms are analysed once too (its lemma index): only the requests with the group's French count.
    const groupAsks = () => asked.mock.calls.filter(([texts]) => texts.some((text) => group.some((one) => text === one.source)));
    await prepareRecheck(group, glossary);
    expect(groupAsks()).toHaveLength(1);
    expect(groupAsks()[0]![0]).toHaveLength(3);
    for (const one of group) await recheckSegment(one, glossary);
    expect(groupAsks()).toHaveLength(1);
    expect(group.map((one) => one.terms.map((term) => term.target))).toEqual([['Tahrir al-Sham', 'Idlib'], ['White Helmets'], ['S-125']]);
  });
});
