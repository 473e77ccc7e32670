// A long article is written piece by piece (store, Markdown, HTML), never held
// as three whole texts: the pieces must make exactly the documents a single
// serialization makes, and a failure half-way leaves every earlier output whole.

import { FolderStore } from '../src/store/index.js';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import { publishArticle } from '../src/pipeline/index.js';
import { articleOf } from '../src/read/index.js';
import { segmentArticle } from '../src/segment/index.js';
import { serializeArticle } from '../src/store/index.js';
import { writeAtomicChunks } from '../src/core/files.js';
import { tempDir } from './support/cli.js';

async function sample(): Promise<Article> {
  const markdown = '# Un titre « cité »\n\nUn paragraphe avec \\u0000, des "guillemets" et un \\\\ oblique.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n```\ncode\n```\n';
  const article = segmentArticle(await articleOf(markdown, 'md', 'sample.md'));
  for (const block of article.blocks) for (const segment of block.segments) segment.target = `EN ${segment.source}\u0000`;
  return article;
}

describe('writing an article piece by piece', () => {
  it('writes the store exactly as JSON.stringify lays it out', async () => {
    const article = await sample();
    expect(serializeArticle(article)).toBe(`${JSON.stringify({ diptych: 1, article }, null, 2)}\n`);
    expect(serializeArticle({ ...article, blocks: [] })).toBe(`${JSON.stringify({ diptych: 1, article: { ...article, blocks: [] } }, null, 2)}\n`);
  });

  it('writes pieces of any size whole, multi-byte characters included, across its 1 MB writes', async () => {
    const out = await tempDir('pieces');
    // Pieces that straddle each write's end, one larger than a write, and characters of two to four bytes.
    const pieces = [
      ...Array.from({ length: 3000 }, (_, i) => `é${'x'.repeat(i % 997)}’🙂\n`),
      'ß'.repeat(700_000),
      ...Array.from({ length: 50 }, (_, i) => `« ligne ${i} »\n`),
    ];
    const file = path.join(out, 'pieces.txt');
    await writeAtomicChunks(file, pieces);
    expect(await readFile(file, 'utf8')).toBe(pieces.join(''));
    expect(await readdir(out)).toEqual(['pieces.txt']);
  });

  it('makes the folder of a file written piece by piece when it is missing', async () => {
    const out = await tempDir('pieces');
    const file = path.join(out, 'a', 'b', 'pieces.txt');
    await writeAtomicChunks(file, ['un ', 'deux']);
    await writeAtomicChunks(file, ['trois']);
    expect(await readFile(file, 'utf8')).toBe('trois');
    expect(await readdir(path.join(out, 'a', 'b'))).toEqual(['pieces.txt']);
  });

  it('leaves every earlier output as it was when rendering fails half-way, and no temporary behind', async () => {
    const out = await tempDir('pieces');
    const article = await sample();
    await publishArticle(article, new FolderStore(out));
    const before = await Promise.all(['json', 'md', 'html'].map((ext) => readFile(path.join(out, `sample.${ext}`), 'utf8')));
    // A block the Markdown renderer cannot read: the store is already staged when it fails.
    const broken = { ...article, title: 'Autre titre', blocks: [...article.blocks, { kind: 'paragraph', text: 'x', marks: [], segments: null }] } as unknown as Article;
    await expect(publishArticle(broken, new FolderStore(out))).rejects.toThrow();
    const after = await Promise.all(['json', 'md', 'html'].map((ext) => readFile(path.join(out, `sample.${ext}`), 'utf8')));
    expect(after).toEqual(before);
    expect((await readdir(out)).sort()).toEqual(['sample.html', 'sample.json', 'sample.md']);
  });
});
