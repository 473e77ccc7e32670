// The aligner on small generated texts: the translator's English of each French
// sentence is made of the same words as the human English it renders, split or
// joined as each link shape says, so the right alignment is known.

import { describe, expect, it } from 'vitest';
import { alignSentences, formatLinks, languageShares, LOW_CONFIDENCE, parseLinks } from '../src/align/index.js';
import { InputError } from '../src/core/errors.js';

/** A seeded stream of pseudo-words, so every run makes the same texts. */
function words(seed: number): () => string {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    const n = state % 3000;
    return `w${n.toString(36)}${'aeiou'[n % 5]}${'lmnrst'[n % 6]}`;
  };
}

interface Case {
  french: string[];
  machine: string[];
  english: string[];
  links: Array<{ fr: number[]; en: number[] }>;
}

/** Sentences for each shape [french count, english count], in order. */
function generate(shapes: ReadonlyArray<readonly [number, number]>, seed = 7): Case {
  const next = words(seed);
  const sentence = (length: number) => Array.from({ length }, next).join(' ') + '.';
  const result: Case = { french: [], machine: [], english: [], links: [] };
  for (const [a, b] of shapes) {
    const link = { fr: [] as number[], en: [] as number[] };
    const total = 10 * Math.max(a, b, 1);
    const text = Array.from({ length: total }, next);
    // The English sentences and the French ones cut the same words at different places.
    const cut = (count: number, offset: number) =>
      Array.from({ length: count }, (_, k) => text.slice(Math.round((k * total) / count + (k > 0 ? offset : 0)), Math.round(((k + 1) * total) / count + (k + 1 < count ? offset : 0))).join(' ') + '.');
    if (b > 0) {
      for (const english of a === 0 ? [sentence(10)] : cut(b, 0)) {
        link.en.push(result.english.length);
        result.english.push(english);
      }
    }
    // A 2-2 link crosses: each French sentence holds half of each English one.
    const crossed = a === 2 && b === 2 ? [[...text.slice(5, 10), ...text.slice(10, 15)].join(' ') + '.', [...text.slice(0, 5), ...text.slice(15)].join(' ') + '.'] : undefined;
    if (a > 0) {
      for (const machine of b === 0 ? [sentence(10)] : (crossed ?? cut(a, b > 1 ? Math.round(total / 4) : 0))) {
        link.fr.push(result.french.length);
        result.french.push(`FR ${machine}`);
        result.machine.push(machine);
      }
    }
    result.links.push(link);
  }
  return result;
}

const align = (c: Case, opens?: { french: boolean[]; english: boolean[] }) =>
  alignSentences({
    french: { sentences: c.french, ...(opens ? { opens: opens.french } : {}) },
    machine: c.machine,
    english: { sentences: c.english, ...(opens ? { opens: opens.english } : {}) },
  });

describe('alignSentences', () => {
  it('finds every link shape: 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-4, 4-1, 1-0 and 0-1', () => {
    const shapes = [[1, 1], [1, 2], [1, 1], [2, 1], [1, 1], [1, 0], [1, 1], [0, 1], [1, 1], [2, 2], [1, 1], [1, 3], [1, 1], [3, 1], [1, 1], [1, 4], [1, 1], [4, 1], [1, 1]] as const;
    const c = generate(shapes);
    const { links } = align(c);
    expect(links.map(({ fr, en }) => ({ fr, en }))).toEqual(c.links);
  });

  it('is sure of links between translations and leaves unmatched sentences middling', () => {
    const c = generate([[1, 1], [1, 2], [1, 0], [1, 1], [0, 1], [2, 1]]);
    const { links, translationLikelihood } = align(c);
    for (const link of links) {
      if (link.fr.length > 0 && link.en.length > 0) expect(link.confidence).toBeGreaterThan(0.75);
      else expect(link.confidence).toBeLessThan(LOW_CONFIDENCE);
    }
    expect(translationLikelihood).toBe(1);
  });

  it('gives low confidence to a toss-up: one French sentence, its English twice', () => {
    const c = generate([[1, 1], [1, 1], [1, 1]]);
    const english = [c.english[0]!, c.english[1]!, c.english[1]!, c.english[2]!];
    const { links } = align({ ...c, english });
    // Either copy could be the translation: the link and the unmatched copy are both doubtful.
    const doubtful = links.filter((link) => link.confidence < LOW_CONFIDENCE).map(({ fr, en }) => ({ fr, en }));
    expect(doubtful).toContainEqual({ fr: [1], en: [links.find((link) => link.fr[0] === 1)!.en[0]!] });
    expect(links[0]!.confidence).toBeGreaterThan(LOW_CONFIDENCE);
    expect(links.at(-1)!.confidence).toBeGreaterThan(LOW_CONFIDENCE);
  });

  it('gives low confidence throughout when the English renders another text', () => {
    const c = generate(Array.from({ length: 12 }, () => [1, 1] as const), 7);
    const other = generate(Array.from({ length: 12 }, () => [1, 1] as const), 99);
    const { links, translationLikelihood } = align({ ...c, english: other.english });
    expect(translationLikelihood).toBeLessThan(0.5);
    expect(links.every((link) => link.confidence < LOW_CONFIDENCE)).toBe(true);
  });

  it('keeps a link inside a paragraph when the sentences say nothing either way', () => {
    // French sentences 1 and 2 both render English 1 word for word: by words alone
    // the 2-1 wins; when sentence 2 opens a paragraph on both sides it cannot join 1.
    const c = generate([[1, 1], [1, 1], [1, 1]]);
    const english = [c.english[0]!, c.english[1]!, c.english[2]!];
    const plain = align({ ...c, english });
    expect(plain.links.map((link) => link.fr)).toEqual([[0], [1], [2]]);
    const paragraphs = align({ ...c, english }, { french: [true, false, true], english: [true, false, true] });
    expect(paragraphs.links.map((link) => link.en)).toEqual([[0], [1], [2]]);
  });

  it('follows a long text through merges and omissions (the banded search keeps the path)', () => {
    const c = generate(Array.from({ length: 1500 }, (_, k) => (k % 50 === 7 ? ([2, 1] as const) : k % 70 === 3 ? ([1, 0] as const) : ([1, 1] as const))), 3);
    const { links } = align(c);
    const right = new Set(c.links.map((link) => JSON.stringify(link)));
    const found = links.filter(({ fr, en }) => right.has(JSON.stringify({ fr, en }))).length;
    expect(found / c.links.length).toBeGreaterThan(0.99);
  });

  it('follows anchors over a long stretch the English leaves out, farther than the band reaches from the diagonal', () => {
    const shapes = [...Array.from({ length: 100 }, () => [1, 1] as const), ...Array.from({ length: 600 }, () => [1, 0] as const), ...Array.from({ length: 100 }, () => [1, 1] as const)];
    const c = generate(shapes, 5);
    const { links } = align(c);
    expect(links.map(({ fr, en }) => ({ fr, en }))).toEqual(c.links);
  });

  it('gives every sentence as unmatched when the other side is empty', () => {
    const { links } = alignSentences({ french: { sentences: ['Un.', 'Deux.'] }, machine: ['One.', 'Two.'], english: { sentences: [] } });
    expect(links.map(({ fr, en }) => ({ fr, en }))).toEqual([{ fr: [0], en: [] }, { fr: [1], en: [] }]);
  });
});

describe('links file', () => {
  it('writes and reads fr<TAB>en lines, 0-based, one side empty for an unmatched sentence', () => {
    const links = [{ fr: [0, 1], en: [0] }, { fr: [2], en: [] }, { fr: [], en: [1] }, { fr: [3], en: [2, 3, 4] }];
    const text = formatLinks(links);
    expect(text).toBe('0,1\t0\n2\t\n\t1\n3\t2,3,4\n');
    expect(parseLinks(text, 'x.tsv')).toEqual(links);
  });

  it('names the file and line of a bad link', () => {
    expect(() => parseLinks('0\t0\n1 1\n', 'x.tsv')).toThrow(InputError);
    try {
      parseLinks('0\t0\n1\tb\n', 'x.tsv');
    } catch (error) {
      expect((error as InputError).toLine()).toMatch(/^x\.tsv:2: "b" is not a sentence index/);
    }
  });
});

describe('languageShares', () => {
  it('tells French from English', () => {
    expect(languageShares(['Le ministère russe de la Défense a déclaré que les participants se seraient mis d’accord.']).french).toBeGreaterThan(0.8);
    expect(languageShares(['The Russian Ministry of Defence said that the participants had agreed on scenarios.']).english).toBeGreaterThan(0.8);
  });
});
