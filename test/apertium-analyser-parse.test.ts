// lt-proc's output is read without regular expressions when a word holds no
// escape (most words): the readings must be those the escaped reading gives.

import { describe, expect, it } from 'vitest';
import { parseStream } from '../src/translate/engines/apertium-analyser.js';

/** The escaped reading, as the analyser reads a word with a backslash. */
function reference(analysis: string): { lemma: string; tags: string[] } {
  const parsed = /^((?:\\.|[^<\\])*)((?:<[^>]*>)*)/u.exec(analysis)!;
  return { lemma: parsed[1]!.replace(/\\(.)/gu, '$1'), tags: [...parsed[2]!.matchAll(/<([^>]*)>/gu)].map((t) => t[1]!) };
}

describe("reading lt-proc's analyses", () => {
  it('reads a word without escapes as the escaped reading would', () => {
    const analyses = ['chat<n><m><sg>', 'chat<n><m><sg>+le<det><def>', 'foo<a<b>', 'bar<unclosed', '<n>', 'baz', 'x<a>y<b>', 'un<>', 'été<vbser><pp><m><sg>'];
    const [word] = parseStream(`^chat/${analyses.join('/')}/*chat$`, 'le chat');
    expect(word).toMatchObject({ start: 3, end: 7, surface: 'chat' });
    expect(word!.readings).toEqual(analyses.map(reference));
  });

  it('still reads escapes in a word that has them', () => {
    const [word] = parseStream('^a\\/b/a\\/b<n><sg>/c\\<d<adj>$', 'x a/b');
    expect(word).toMatchObject({ start: 2, surface: 'a/b', readings: [{ lemma: 'a/b', tags: ['n', 'sg'] }, { lemma: 'c<d', tags: ['adj'] }] });
  });
});
