// An article of very many short blocks (100,000 one-word paragraphs took 16
// CPU-s, most of it serialising each block's Markdown on its own): blocks are
// serialized in batches, counted here in pieces, not timed, and the document
// is the one a single tree would give.

import { toMarkdown } from 'mdast-util-to-markdown';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { describe, expect, it } from 'vitest';
import type { Article, Block } from '../src/core/types.js';
import { renderBilingualMarkdown, renderBilingualMarkdownChunks } from '../src/render/index.js';
import { paragraphArticle, translatedSegment } from './support/articles.js';

function manyParagraphs(count: number): Article {
  const blocks: Block[] = Array.from({ length: count }, (_, i) => {
    const segment = translatedSegment(`Mot${i}`, `Word${i}`, { id: `b${i}-1` });
    return { kind: 'paragraph', text: segment.source, marks: [], segments: [segment] };
  });
  return { ...paragraphArticle('many', []), blocks };
}

describe('an article of many short blocks', () => {
  it('is serialized in a few pieces, not one per block', () => {
    const pieces = [...renderBilingualMarkdownChunks(manyParagraphs(1_000))];
    expect(pieces.length).toBeLessThanOrEqual(10);
  });

  it('gives the same document as its blocks serialized one by one', () => {
    const article = manyParagraphs(450);
    const markdown = renderBilingualMarkdown(article);
    const blocks = markdown.split('\n\n## ').slice(1);
    expect(blocks).toHaveLength(450);
    // Each block alone, as the one-call-per-block code wrote it.
    const alone = toMarkdown(
      { type: 'root', children: [{ type: 'heading', depth: 2, children: [{ type: 'text', value: 'Paragraph 7' }] }, { type: 'table', align: [null, null], children: [
        { type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'text', value: 'French' }] }, { type: 'tableCell', children: [{ type: 'text', value: 'English' }] }] },
        { type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'text', value: 'Mot6' }] }, { type: 'tableCell', children: [{ type: 'text', value: 'Word6' }] }] },
      ] }] },
      { extensions: [gfmTableToMarkdown({ tablePipeAlign: false })] },
    );
    expect(`## ${blocks[6]}`.trimEnd()).toBe(alone.trimEnd());
  });

  it('lists 450 findings as one tight list, as many pieces as blocks would take', () => {
    const article = manyParagraphs(450);
    for (const [i, block] of article.blocks.entries()) {
      block.segments[0]!.findings.push({ rule: 'length-ratio', source: 'check', severity: 'warning', message: `finding ${i}`, segmentId: block.segments[0]!.id });
    }
    const pieces = [...renderBilingualMarkdownChunks(article)];
    // A piece per 200 blocks and per 200 findings (with the header and the findings' heading), not one per finding.
    expect(pieces.length).toBeLessThanOrEqual(10);
    const markdown = pieces.join('');
    const findings = markdown.slice(markdown.indexOf('## Findings') + '## Findings\n\n'.length).trimEnd().split('\n');
    expect(findings).toHaveLength(450);
    expect(findings.every((line, i) => line === `- Segment ${i + 1} — warning length-ratio: finding ${i}`)).toBe(true);
  });
});
