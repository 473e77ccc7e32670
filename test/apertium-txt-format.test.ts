// diptych does Apertium's plain-text deformatting and reformatting itself
// (src/translate/engines/apertium-txt-format.ts) instead of starting
// apertium-destxt and apertium-retxt for every chunk. Whatever text comes in,
// the bytes must be the tools' own: here both run on the articles of corpus/
// and on random text made of the characters the format treats specially.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deformatText, reformatText } from '../src/translate/engines/apertium-txt-format.js';
import { hasApertium } from './support/apertium.js';
import { seededRandom } from './support/random.js';

/** Each text through `tool` on its own, in one process that starts the tool once per text. */
function throughTool(tool: string, texts: string[]): string[] {
  const output = execFileSync('gawk', ['-v', `TOOL=${tool}`, 'BEGIN { RS = "\\0" } { printf "%s", $0 | TOOL; close(TOOL); printf "\\0" }'], {
    input: texts.map((text) => `${text}\0`).join(''),
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
    maxBuffer: 64 << 20,
  });
  return output.split('\0').slice(0, -1);
}


function randomTexts(seed: number, alphabet: string[], count: number): string[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const length = Math.floor(next() * 24);
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
    return text;
  });
}

const SPECIAL = ['[', ']', '\\', '/', '@', '<', '>', '^', '$', '{', '}', '.', ' ', '  ', '\n', '\n\n', '\r\n', '\r\n\r\n', '\t', '*', '#', '\u00a0'];
const PLAIN = ['a', 'é', 'Z', '1', ',', '«', '😀'];

// The corpus's articles as the translator sends them (one paragraph per line, a blank line between).
const corpusTexts = readdirSync('corpus')
  .filter((name) => /\.(txt|md|html)$/.test(name))
  .map((name) => readFileSync(path.join('corpus', name), 'utf8'));

describe.skipIf(!hasApertium)('Apertium plain-text formatting done in Node', () => {
  it('deformats as apertium-destxt does, on corpus/ and on random text', () => {
    const texts = [...corpusTexts, '', ' ', '\n', 'fin.', 'fin.\n', 'a\n\n\nb', 'a\r\n\nb', ...randomTexts(6, [...SPECIAL, ...PLAIN], 600)];
    const expected = throughTool('apertium-destxt', texts);
    texts.forEach((text, i) => expect(deformatText(text), JSON.stringify(text)).toBe(expected[i]));
  });

  it('reformats as apertium-retxt does, on deformatted text and on random pipeline output', () => {
    // A pipeline's output: deformatted text and whatever the pairs add (marks, superblanks, ".[]").
    const outputs = [
      ...randomTexts(7, [...SPECIAL, ...PLAIN], 300).map(deformatText),
      ...randomTexts(8, [...SPECIAL, ...PLAIN, '.[]', '[]', '[\\@', '\\[', '\\\\', '*', '#', '@'], 600),
    ]
      // "[@name]" tells apertium-retxt to copy the file `name` in: never written by the deformatter.
      .filter((text) => !/\[@/.test(text));
    const expected = throughTool('apertium-retxt', outputs);
    outputs.forEach((text, i) => expect(reformatText(text), JSON.stringify(text)).toBe(expected[i]));
  });

  it('gives back the text it deformatted', () => {
    for (const text of [...corpusTexts, ...randomTexts(9, [...SPECIAL, ...PLAIN], 300)]) expect(reformatText(deformatText(text))).toBe(text);
  });
});
