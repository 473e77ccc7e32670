// French segmentation is a retext language plugin: it works in any unified
// pipeline, with transformers written as retext plugins are, not only
// behind splitSentences.
import { toString } from 'nlcst-to-string';
import { unified, type Transformer } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { retextFrench, type Root } from '../src/segment/retext-french.js';

const sentencesOf = (tree: Root): string[] => {
  const sentences: string[] = [];
  visit(tree, 'SentenceNode', (node) => {
    sentences.push(toString(node));
  });
  return sentences;
};

describe('retextFrench', () => {
  it('is the parser of a unified processor, with the French rules applied', () => {
    const text = 'M. Dupont est arrivé. « Pourquoi ? » a-t-il dit. Il pleut.';
    const tree = unified().use(retextFrench).parse(text);
    expect(tree.type).toBe('RootNode');
    expect(sentencesOf(tree)).toEqual(['M. Dupont est arrivé.', '« Pourquoi ? » a-t-il dit.', 'Il pleut.']);
    // nlcst is lossless: the tree gives the text back exactly.
    expect(toString(tree)).toBe(text);
  });

  it('reads a document as one paragraph: a single line break is wrapping', () => {
    const tree = unified().use(retextFrench).parse('Il pleut.\nIl vente.');
    expect(tree.children.map((node) => node.type)).toEqual(['ParagraphNode']);
    expect(sentencesOf(tree)).toEqual(['Il pleut.', 'Il vente.']);
  });

  it('runs with transformers written as retext plugins are', () => {
    // A check in the shape of retext's own: visit the tree, report on the file.
    const messages: unknown[] = [];
    function warnLongSentences(): Transformer<Root> {
      return (tree, file) => {
        visit(tree, 'SentenceNode', (node) => {
          if (node.children.filter((child) => child.type === 'WordNode').length > 4) {
            file.message('long sentence', { place: node.position, ruleId: 'long-sentence', source: 'test' });
          }
        });
        messages.push(...file.messages.map((message) => [message.ruleId, message.place]));
      };
    }
    const processor = unified().use(retextFrench).use(warnLongSentences);
    processor.runSync(processor.parse('Le Dr. Martin a signé la tribune hier. Elle paraît.'));
    expect(messages).toEqual([
      ['long-sentence', { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 39, offset: 38 } }],
    ]);
  });
});
