import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Article, Block, InlineMark } from '../src/core/types.js';
import { parseArticle } from '../src/read/index.js';
import { segmentArticle } from '../src/segment/index.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'segment');

function block(text: string, marks: InlineMark[] = []): Block {
  return { kind: 'paragraph', text, marks, segments: [] };
}

function article(blocks: Block[]): Article {
  return {
    slug: 'test',
    sourcePath: 'test.md',
    format: 'md',
    sourceLang: 'fr',
    targetLang: 'en',
    title: 'Test',
    blocks,
  };
}

const ids = (segmented: Article): string[][] => segmented.blocks.map((b) => b.segments.map((s) => s.id));

describe('the segment stage entry', () => {
  it('exports exactly splitSentences, splitParagraphs and segmentArticle', async () => {
    expect(Object.keys(await import('../src/segment/index.js')).sort()).toEqual([
      'segmentArticle',
      'splitParagraphs',
      'splitSentences',
    ]);
  });
});

describe('segmentArticle', () => {
  const paragraphs = [
    'M. Dupont est arrivé à Idlib. Il a rencontré les délégués.',
    "Le ministère russe de la Défense a réagi. « Pourquoi ? » a demandé l'agence.",
    'Rien n\'est confirmé.',
  ];

  it('fills each block with new segments: collapsed source, empty terms, findings and unknown words', () => {
    const segmented = segmentArticle(article([block('Selon\nM. Dupont,  rien   ne change. Fin.')]));
    expect(segmented.blocks[0]!.segments).toEqual([
      expect.objectContaining({ source: 'Selon M. Dupont, rien ne change.', state: 'new', terms: [], unknownWords: [], findings: [], sourceMarks: [] }),
      expect.objectContaining({ source: 'Fin.', state: 'new' }),
    ]);
  });

  it('returns a copy and leaves the article it was given untouched', () => {
    const input = article(paragraphs.map((text) => block(text, [{ kind: 'emphasis', start: 0, end: 2 }])));
    const before = structuredClone(input);
    const segmented = segmentArticle(input);
    expect(input).toEqual(before);
    expect(segmented).not.toBe(input);
    expect(segmented.blocks[0]!.segments).toHaveLength(2);
  });

  it("keeps other paragraphs' ids when one paragraph is edited", () => {
    const original = ids(segmentArticle(article(paragraphs.map((text) => block(text)))));
    const edited = [...paragraphs];
    edited[1] = "Le ministère russe de la Défense a réagi vivement. « Pourquoi ? » a demandé l'agence.";
    const after = ids(segmentArticle(article(edited.map((text) => block(text)))));
    expect(after[0]).toEqual(original[0]);
    expect(after[2]).toEqual(original[2]);
    expect(after[1]).not.toEqual(original[1]);
  });

  it('keeps ids when a paragraph is only re-wrapped', () => {
    const before = ids(segmentArticle(article([block('Il pleut. Il vente.')])));
    const after = ids(segmentArticle(article([block('Il pleut.\nIl   vente.')])));
    expect(after).toEqual(before);
  });

  it('keeps ids when a paragraph is inserted before', () => {
    const before = ids(segmentArticle(article(paragraphs.map((text) => block(text)))));
    const after = ids(segmentArticle(article([block('Nouveau paragraphe.'), ...paragraphs.map((text) => block(text))])));
    expect(after.slice(1)).toEqual(before);
  });

  it('gives unique, HTML-safe ids, even to identical paragraphs and sentences', () => {
    const repeated = article([
      block('Il pleut. Il pleut.'),
      block('Il pleut. Il pleut.'),
      { ...block('Idlib'), kind: 'title' },
      block('Idlib'),
    ]);
    const all = ids(segmentArticle(repeated)).flat();
    expect(all).toHaveLength(6);
    expect(new Set(all).size).toBe(6);
    for (const id of all) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it('gives no segment to an empty block', () => {
    expect(segmentArticle(article([block('  ')])).blocks[0]!.segments).toEqual([]);
  });
});

describe('segmentArticle and inline marks', () => {
  // Marks as a Markdown reader gives them for
  // "Lire le rapport. Il est *long. Très long* et [publié\nhier. Voir](https://exemple.fr) la suite. Fin."
  function withMarks(): Block {
    const plain = 'Lire le rapport. Il est long. Très long et publié\nhier. Voir la suite. Fin.';
    const at = (fragment: string): InlineMark => {
      const start = plain.indexOf(fragment);
      return { kind: 'emphasis', start, end: start + fragment.length };
    };
    return block(plain, [at('long. Très long'), { ...at('publié\nhier. Voir'), kind: 'link', href: 'https://exemple.fr' }]);
  }

  it('never splits a sentence inside a mark', () => {
    const segments = segmentArticle(article([withMarks()])).blocks[0]!.segments;
    expect(segments.map((s) => s.source)).toEqual([
      'Lire le rapport.',
      'Il est long. Très long et publié hier. Voir la suite.',
      'Fin.',
    ]);
  });

  it('carries every mark into its sentence with offsets into the collapsed sentence', () => {
    const segments = segmentArticle(article([withMarks()])).blocks[0]!.segments;
    const marks = segments[1]!.sourceMarks;
    expect(marks.map((mark) => segments[1]!.source.slice(mark.start, mark.end))).toEqual([
      'long. Très long',
      'publié hier. Voir',
    ]);
    expect(marks[1]).toMatchObject({ kind: 'link', href: 'https://exemple.fr' });
    expect(segments[0]!.sourceMarks).toEqual([]);
    expect(segments[2]!.sourceMarks).toEqual([]);
  });

  it('keeps links, emphasis and code of a Markdown article whole and attached to their words', async () => {
    const parsed = await parseArticle(readFileSync(path.join(fixtures, 'marks.md'), 'utf8'), 'md');
    const segmented = segmentArticle(article(parsed.blocks));
    for (const [index, original] of parsed.blocks.entries()) {
      const segments = segmented.blocks[index]!.segments;
      const carried = segments.flatMap((segment) =>
        segment.sourceMarks.map((mark) => ({ kind: mark.kind, text: segment.source.slice(mark.start, mark.end) })),
      );
      expect(carried).toEqual(
        original.marks.map((mark) => ({ kind: mark.kind, text: original.text.slice(mark.start, mark.end).replace(/\s+/gu, ' ') })),
      );
    }
    expect(segmented.blocks[1]!.segments.map((s) => s.source)).toEqual([
      "Selon l'agence Sputnik, les chefs se sont rencontrés à Idlib.",
      "Le ministère russe de la Défense parle d'incidents préparés. Les preuves manquent encore.",
      'Le texte est sur www.mil.ru. Voir la page.',
    ]);
    expect(segmented.blocks[2]!.segments.map((s) => s.source)).toEqual([
      'M. Konachenkov a cité le 8 sept. comme date.',
      "Rien n'est confirmé.",
    ]);
  });

  it('keeps a mark that covers only the space between sentences, at the start of the next one', () => {
    const plain = 'Il pleut. Il vente.';
    const segments = segmentArticle(article([block(plain, [{ kind: 'strong', start: 9, end: 10 }])])).blocks[0]!.segments;
    expect(segments.map((s) => s.sourceMarks)).toEqual([[], [{ kind: 'strong', start: 0, end: 0 }]]);
  });
});
