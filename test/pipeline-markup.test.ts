// The short cuts for sentences without markup must give exactly what the
// syntax-tree route gives: the fragment is part of the translation cache key,
// so any difference would make a cache miss (and a second payment).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { fromFragment, toFragment } from '../src/pipeline/markup.js';
import { repoRoot } from './support/cli.js';

// Real French news: corpus/ and the Wikinews fixtures (chosen for their &, ", ‘, ´, [ ] and —).
const articleFolders = [path.join(repoRoot, 'corpus'), path.join(repoRoot, 'test', 'fixtures', 'wikinews')];
const texts = [
  'a & b < c > d " \' \u00a0 « » ’ — x&amp;y <p> ]]> \u200b',
  'Le « Front al-Nosra » & ses alliés <sic> : 3 > 2.',
  ...articleFolders.flatMap((folder) =>
    readdirSync(folder)
      .filter((name) => name.endsWith('.txt'))
      .flatMap((name) => readFileSync(path.join(folder, name), 'utf8').split('\n'))
      .filter(Boolean),
  ),
];

describe('fragments of sentences without markup', () => {
  it('are escaped exactly as hast-util-to-html escapes a text node', () => {
    for (const text of texts) {
      expect(toFragment(text, [])).toBe(toHtml({ type: 'root', children: [{ type: 'text', value: text }] }, { characterReferences: { useNamedReferences: true } }));
    }
  });

  it('read back as the parser route reads them', () => {
    for (const text of texts) {
      const plain = text.replace(/[<&]/g, ' ');
      // An empty element sends the same text through the HTML parser.
      expect(fromFragment(plain, [])).toEqual(fromFragment(`${plain}<b></b>`, []));
    }
  });
});
