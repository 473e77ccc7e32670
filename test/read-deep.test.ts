// Deeply nested input: the reader walks a bounded depth (flattening what is
// deeper), so thousands of nested elements or block quotes are read, not a
// stack overflow; and anything a parser cannot read is reported with the file.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root, RootContent } from 'hast';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { readArticle } from '../src/read/index.js';
import { MAX_HTML_DEPTH, parseHtml } from '../src/read/parse-html.js';
import { hasApertium } from './support/apertium.js';
import { runCliAsync, tempDir } from './support/cli.js';

const nestedDivs = (depth: number) =>
  `<!doctype html><html lang="fr"><head><title>Profond</title></head><body>${'<div>'.repeat(depth)}<p>Le chat de la <em>voisine</em> dort.</p><p>Le chien aussi.</p>${'</div>'.repeat(depth)}</body></html>\n`;

function depthOf(node: Root | RootContent): number {
  // Iterative, like the code under test: the tree handed in may be deep.
  let deepest = 0;
  const stack: Array<[Root | RootContent, number]> = [[node, 0]];
  while (stack.length > 0) {
    const [at, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if ('children' in at) for (const child of at.children) stack.push([child, child.type === 'element' ? depth + 1 : depth]);
  }
  return deepest;
}

describe('deep nesting', () => {
  it('parses any depth of HTML into a tree no deeper than the bound, its text kept in order and words apart', () => {
    for (const depth of [1_000, 20_000]) {
      const tree = parseHtml(nestedDivs(depth));
      expect(depthOf(tree)).toBeLessThanOrEqual(MAX_HTML_DEPTH);
      let deepest = tree.children.find((child): child is Element => child.type === 'element')!;
      for (let next = deepest; next; next = next.children.filter((child): child is Element => child.type === 'element').at(-1)!) deepest = next;
      expect(deepest?.children).toEqual([expect.objectContaining({ type: 'text' })]);
      const text = (deepest!.children[0] as { value: string }).value.replace(/\s+/g, ' ').trim();
      expect(text).toBe('Le chat de la voisine dort. Le chien aussi.');
    }
  });

  it('leaves a page of ordinary depth as it was', () => {
    const tree = parseHtml(nestedDivs(20));
    expect(depthOf(tree)).toBe(20 + 4); // html, body, the divs, p, em
  });

  it('reads a page of 5,000 nested <div>s and a Markdown quote 5,000 levels deep', async () => {
    const dir = await tempDir('read-deep');
    await writeFile(path.join(dir, 'divs.html'), nestedDivs(5_000));
    const page = await readArticle(path.join(dir, 'divs.html'));
    expect(page.blocks.map((block) => block.text).join(' ')).toContain('Le chat de la voisine dort.');
    await writeFile(path.join(dir, 'quotes.md'), `${'>'.repeat(5_000)} Le chat dort.\n\n> Le chien aussi.\n`);
    const quotes = await readArticle(path.join(dir, 'quotes.md'));
    expect(quotes.blocks.map((block) => [block.kind, block.text])).toEqual([['quote', 'Le chat dort.'], ['quote', 'Le chien aussi.']]);
  });

  it('names the file when Markdown is nested too deeply for the parser itself', async () => {
    const dir = await tempDir('read-deep-lists');
    const file = path.join(dir, 'lists.md');
    await writeFile(file, `${'- '.repeat(3_000)}Le chien.\n`);
    const error = await readArticle(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).toLine()).toBe(`${file}: is nested too deeply to read — flatten its nesting (block quotes, lists, elements inside each other) and try again`);
  });

  it.skipIf(!hasApertium)('in a batch, names the file that cannot be read and translates the others', async () => {
    const dir = await tempDir('batch-deep');
    const input = path.join(dir, 'in');
    await mkdir(input);
    await writeFile(path.join(input, 'lists.md'), `${'- '.repeat(3_000)}Le chien.\n`);
    await writeFile(path.join(input, 'chat.txt'), 'Le chat dort.\n');
    const result = await runCliAsync(['batch', input, '--out', path.join(dir, 'out'), '--quiet']);
    expect(result.stderr).toContain(`${path.join(input, 'lists.md')}: is nested too deeply to read`);
    expect(result.stderr).not.toContain('Maximum call stack');
    expect(result.status).toBe(1);
    expect(JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(path.join(dir, 'out', 'chat.json'), 'utf8'))).article.blocks[0].segments[0].target).toBeDefined();
  });
});
