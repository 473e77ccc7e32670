// `npm run eval:extraction` (and part of `npm run eval`): how well the HTML
// reader finds the article on pages shaped like French news sites
// (test/fixtures/pages/, each with its expected blocks and the furniture it
// must drop). Reader mode (Readability on linkedom, then diptych's own walk) is
// measured against the reader before it: the first <article>, else <main>,
// else <body>.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readHtml } from '../src/read/html.js';

interface Expected {
  layout: string;
  blocks: Array<[string, string]>;
  junk: string[];
}

interface Score {
  expected: number;
  kept: number;
  extra: number;
  junk: number;
  dropped: number;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pages = path.join(root, 'test/fixtures/pages');
const names = readdirSync(pages).filter((name) => name.endsWith('.html')).sort();

async function score(name: string, readerMode: boolean): Promise<Score> {
  const expected = JSON.parse(readFileSync(path.join(pages, name.replace(/\.html$/, '.expected.json')), 'utf8')) as Expected;
  const { blocks } = await readHtml(readFileSync(path.join(pages, name), 'utf8'), { readerMode });
  // The old reader names no title block when the page's <h1> is outside what it reads; compare text only.
  const got = blocks.map((block) => block.text);
  const wanted = expected.blocks.map(([, text]) => text);
  const remaining = [...got];
  let kept = 0;
  for (const text of wanted) {
    const at = remaining.indexOf(text);
    if (at !== -1) {
      kept++;
      remaining.splice(at, 1);
    }
  }
  const dropped = expected.junk.filter((junk) => !got.some((text) => text.includes(junk))).length;
  return { expected: wanted.length, kept, extra: remaining.length, junk: expected.junk.length, dropped };
}

const percent = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)}%`;
const total = (scores: Score[]): Score =>
  scores.reduce((sum, s) => ({ expected: sum.expected + s.expected, kept: sum.kept + s.kept, extra: sum.extra + s.extra, junk: sum.junk + s.junk, dropped: sum.dropped + s.dropped }));

const rows: string[][] = [];
const reader: Score[] = [];
const before: Score[] = [];
for (const name of names) {
  const now = await score(name, true);
  const old = await score(name, false);
  reader.push(now);
  before.push(old);
  rows.push([name, `${now.kept}/${now.expected}`, `${now.dropped}/${now.junk}`, String(now.extra), `${old.kept}/${old.expected}`, `${old.dropped}/${old.junk}`, String(old.extra)]);
}
const r = total(reader);
const b = total(before);
rows.push(['total', `${r.kept}/${r.expected} = ${percent(r.kept, r.expected)}`, `${r.dropped}/${r.junk} = ${percent(r.dropped, r.junk)}`, String(r.extra), `${b.kept}/${b.expected} = ${percent(b.kept, b.expected)}`, `${b.dropped}/${b.junk} = ${percent(b.dropped, b.junk)}`, String(b.extra)]);
const header = ['page', 'kept (reader mode)', 'junk dropped', 'extra blocks', 'kept (<article>/<main>/<body>)', 'junk dropped', 'extra blocks'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`Article extraction, ${names.length} pages shaped like French news sites (test/fixtures/pages/)\n`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log('\nkept: expected blocks found with their exact text; junk dropped: furniture fragments found in no block; extra: blocks not expected.');
