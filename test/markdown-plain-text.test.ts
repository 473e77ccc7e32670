// The Markdown writer passes text that needs no escaping through as it is,
// without running mdast-util-to-markdown's escaping over it. That shortcut must
// never change a byte: here random text, rich in every character Markdown
// escapes, is written in each place an article puts text (table cells, list
// items, headings, emphasis, links, beside other inline nodes), with the
// shortcut and without it, and the two must be the same.

import type { PhrasingContent, Root, RootContent } from 'mdast';
import { defaultHandlers, toMarkdown, type Options } from 'mdast-util-to-markdown';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SERIALIZE } from '../src/render/markdown.js';
import { seededRandom } from './support/random.js';

const WITHOUT_SHORTCUT: Options = { ...SERIALIZE, extensions: SERIALIZE.extensions!.filter((extension) => !extension.handlers?.text) };


const LETTERS = 'aéZkÉ1 ';
const MARKUP = ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~\n\r\t\u007f0123456789';

function text(next: () => number): string {
  const length = Math.floor(next() * 8);
  let value = '';
  for (let i = 0; i < length; i++) {
    // Mostly letters and spaces, as prose is; a markup character one time in four.
    const pool = next() < 0.75 ? LETTERS : MARKUP;
    value += pool[Math.floor(next() * pool.length)];
  }
  return value;
}

function phrasing(next: () => number): PhrasingContent[] {
  const nodes: PhrasingContent[] = [];
  const count = 1 + Math.floor(next() * 3);
  for (let i = 0; i < count; i++) {
    const kind = next();
    if (kind < 0.6) nodes.push({ type: 'text', value: text(next) });
    else if (kind < 0.7) nodes.push({ type: 'emphasis', children: [{ type: 'text', value: text(next) }] });
    else if (kind < 0.8) nodes.push({ type: 'strong', children: [{ type: 'text', value: text(next) }] });
    else if (kind < 0.9) nodes.push({ type: 'inlineCode', value: text(next) });
    else nodes.push({ type: 'link', url: 'https://example.org/a', title: null, children: [{ type: 'text', value: text(next) }] });
  }
  return nodes;
}

function block(next: () => number): RootContent {
  const kind = next();
  if (kind < 0.3) return { type: 'paragraph', children: phrasing(next) };
  if (kind < 0.45) return { type: 'heading', depth: 2, children: phrasing(next) };
  if (kind < 0.7) {
    return {
      type: 'list',
      ordered: false,
      spread: false,
      children: [{ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: phrasing(next) }] }],
    };
  }
  const row = () => ({ type: 'tableRow' as const, children: [0, 1].map(() => ({ type: 'tableCell' as const, children: phrasing(next) })) });
  return { type: 'table', align: [null, null], children: [row(), row(), row()] };
}

describe('Markdown text that needs no escaping', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is written exactly as mdast-util-to-markdown would write it, in every place text goes', () => {
    const next = seededRandom(27);
    for (let i = 0; i < 3_000; i++) {
      const tree: Root = { type: 'root', children: [block(next), block(next)] };
      expect(toMarkdown(tree, SERIALIZE), JSON.stringify(tree)).toBe(toMarkdown(tree, WITHOUT_SHORTCUT));
    }
  });

  it('skips the escaping for plain prose and still escapes markup', () => {
    const escaping = vi.spyOn(defaultHandlers, 'text');
    const paragraph = (value: string): Root => ({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value }] }] });
    expect(toMarkdown(paragraph('Le président a déclaré'), SERIALIZE)).toBe('Le président a déclaré\n');
    expect(escaping).not.toHaveBeenCalled();
    expect(toMarkdown(paragraph('a *b* <script>'), SERIALIZE)).toBe('a \\*b\\* \\<script>\n');
    expect(escaping).toHaveBeenCalledTimes(1);
  });
});
