// `diptych align` end to end on a hand-made pair: the founding article and an
// English version written for these tests with one sentence merged, one split,
// one left out and one added. Apertium gives the French's English, as by default.

import { mkdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import { hasApertium } from './support/apertium.js';
import { startBilingualSite } from './fakes/bilingual-site.js';
import { repoRoot, runCli, runCliAsync, tempDir } from './support/cli.js';

const fixtures = path.join(repoRoot, 'test/fixtures/align');
const french = path.join(fixtures, 'idlib.fr.txt');
const english = path.join(fixtures, 'idlib.en.txt');
const glossary = ['--glossary', path.join(repoRoot, 'glossary')];

async function store(out: string, name = 'idlib.fr'): Promise<Article> {
  return (JSON.parse(await readFile(path.join(out, `${name}.json`), 'utf8')) as { article: Article }).article;
}

describe.skipIf(!hasApertium)('diptych align', () => {
  it('writes the store, pages, index and links file, with the human English and every shape of link', async () => {
    const out = await tempDir('align');
    const links = path.join(out, 'links.tsv');
    const result = runCli(['align', french, english, '--out', out, '--links', links, ...glossary]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // French 0+1 merged into English 0; English 2 added; French 3 split in two; French 6 left out.
    expect(await readFile(links, 'utf8')).toBe('0,1\t0\n2\t1\n\t2\n3\t3,4\n4\t5\n5\t6\n6\t\n7\t7\n8\t8\n9\t9\n10\t10\n11\t11\n12\t12\n13\t13\n');
    const article = await store(out);
    const segments = article.blocks.flatMap((block) => block.segments);
    expect(segments).toHaveLength(14);
    const merged = segments[0]!;
    expect(merged.source).toMatch(/^Un rassemblement .* toxiques\.$/);
    expect(merged.target).toMatch(/^A gathering .* toxic substances\.$/);
    expect(merged.provenance).toMatchObject({ translator: 'human', model: english, edited: true });
    expect(merged.link).toMatchObject({ fr: [0, 1], en: [0] });
    const added = segments.find((segment) => segment.link?.fr.length === 0)!;
    expect(added).toMatchObject({ source: '', target: 'Damascus has not commented on the meeting.' });
    expect(added.findings.map((finding) => finding.rule)).toEqual(['align-unmatched']);
    const omitted = segments.find((segment) => segment.link?.en.length === 0)!;
    expect(omitted.source).toMatch(/^Il a notamment ajouté/);
    expect(omitted.findings.map((finding) => finding.rule)).toEqual(['align-unmatched']);
    expect(omitted.provenance?.edited).toBe(false);
    const html = await readFile(path.join(out, 'idlib.fr.html'), 'utf8');
    expect(html).toContain('Damascus has not commented on the meeting.');
    expect(html).toContain('renders no French sentence');
    expect(html).toContain('No sentence of');
    // The empty side of an unmatched sentence says so, on the page and in Markdown.
    expect(html).toContain('(no French: the translation adds this sentence)');
    expect(html).toContain('(no English: the translation leaves this sentence out)');
    expect(html).not.toContain('(not translated)');
    const markdown = await readFile(path.join(out, 'idlib.fr.md'), 'utf8');
    expect(markdown).toContain('A gathering of various terrorist groups');
    expect(markdown).toContain('(no English: the translation leaves this sentence out)');
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toContain('idlib.fr.html');
    // The checks take a sentence the translation leaves out for what it is, not an error.
    const qa = runCli(['qa', out, '--json']);
    expect(qa.status).toBe(0);
    expect(qa.stdout).not.toContain('"untranslated"');
    // Exchange works on it: XLIFF and TMX.
    for (const format of ['xliff', 'tmx']) expect(runCli(['export', path.join(out, 'idlib.fr.json'), '-f', format, '-o', path.join(out, format)]).status).toBe(0);
    const tmx = await readFile(path.join(out, 'tmx', 'idlib.fr.tmx'), 'utf8');
    expect(tmx).toContain('A gathering of various terrorist groups');
  });

  it('warns, with low confidence throughout, when the English is another article', async () => {
    const out = await tempDir('align-unrelated');
    const result = runCli(['align', french, path.join(fixtures, 'unrelated.en.txt'), '--out', out, '--json', ...glossary]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/warning: .*unrelated\.en\.txt does not read as a translation of .*idlib\.fr\.txt/);
    const segments = (await store(out)).blocks.flatMap((block) => block.segments);
    expect(segments.every((segment) => (segment.link?.confidence ?? 1) < 0.5)).toBe(true);
    expect(segments.every((segment) => segment.findings.length === 1)).toBe(true);
    const report = JSON.parse(result.stdout) as { pairs: Array<{ warnings: string[] }> };
    expect(report.pairs[0]!.warnings).toHaveLength(1);
  });

  it('refuses French given as the English, and an empty side, naming the file', async () => {
    const out = await tempDir('align-refused');
    const wrong = runCli(['align', french, french, '--out', out, ...glossary]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`${french}: reads as French`);
    const swapped = runCli(['align', english, french, '--out', out, ...glossary]);
    expect(swapped.status).toBe(1);
    expect(swapped.stderr).toContain(`${english}: reads as English`);
    const empty = path.join(out, 'empty.en.txt');
    await writeFile(empty, '\n\n');
    const none = runCli(['align', french, empty, '--out', out, '--presegmented', ...glossary]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain(`${empty}: the English side has no sentences to align`);
  });

  it('never writes over an input or another article\'s store', async () => {
    const work = await tempDir('align-overwrite');
    const markdown = path.join(work, 'idlib.md');
    await copyFile(french, markdown);
    const own = runCli(['align', markdown, english, '--out', work, ...glossary]);
    expect(own.status).toBe(1);
    expect(own.stderr).toContain(`${markdown}: would be overwritten by the output of its own alignment`);
    expect(await readFile(markdown, 'utf8')).toBe(await readFile(french, 'utf8'));
    const out = path.join(work, 'out');
    expect(runCli(['align', french, english, '--out', out, ...glossary]).status).toBe(0);
    await mkdir(path.join(work, 'other'));
    const namesake = path.join(work, 'other', 'idlib.fr.txt');
    await copyFile(french, namesake);
    const other = runCli(['align', namesake, english, '--out', out, ...glossary]);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain(`holds another article (${french})`);
    // The same pair again replaces its own store.
    expect(runCli(['align', french, english, '--out', out, ...glossary]).status).toBe(0);
  });

  it('lists every article of the output folder in index.html, not only the pairs of the run; an unchanged pair is up to date', async () => {
    const out = await tempDir('align-index');
    const work = await tempDir('align-index-in');
    const other = path.join(work, 'second.fr.txt');
    await copyFile(french, other);
    expect(runCli(['align', french, english, '--out', out, ...glossary]).status).toBe(0);
    expect(runCli(['align', other, english, '--out', out, ...glossary]).status).toBe(0);
    const index = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain('idlib.fr.html');
    expect(index).toContain('second.fr.html');
    // The same pair again: nothing to do, and said so.
    const again = runCli(['align', french, english, '--out', out, ...glossary]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('up to date');
  });

  it('over two folders builds a memory that batch reuses', async () => {
    const work = await tempDir('align-folders');
    await mkdir(path.join(work, 'fr'));
    await mkdir(path.join(work, 'en'));
    await copyFile(french, path.join(work, 'fr', 'idlib.fr.txt'));
    await copyFile(english, path.join(work, 'en', 'idlib.en.txt'));
    const out = path.join(work, 'out');
    const aligned = runCli(['align', path.join(work, 'fr'), path.join(work, 'en'), '--out', out, '--links', path.join(work, 'links'), ...glossary]);
    expect(aligned.status).toBe(0);
    expect(await readFile(path.join(work, 'links', 'idlib.tsv'), 'utf8')).toContain('3\t3,4\n');
    // A new article repeating an aligned sentence: batch takes the human English from the memory.
    await mkdir(path.join(work, 'news'));
    await writeFile(path.join(work, 'news', 'repeat.txt'), 'Fin août, le ministère russe de la Défense a mis en garde contre une éventuelle provocation dans le gouvernorat syrien d’Idlib par des terroristes sous la supervision des services spéciaux britanniques.\n');
    const batch = runCli(['batch', path.join(work, 'news'), '--out', out, ...glossary]);
    expect(batch.status).toBe(0);
    const segment = (await store(out, 'repeat')).blocks[0]!.segments[0]!;
    expect(segment.target).toBe('At the end of August, the Russian Ministry of Defence warned of a possible provocation in the Syrian governorate of Idlib by terrorists under the supervision of the British special services.');
    expect(segment.provenance?.translator).toBe('memory');
  });

  it('aligns two web pages, naming the English page in provenance', async () => {
    const site = await startBilingualSite();
    try {
      const out = await tempDir('align-web');
      const english = `${site.url}/en/idlib.html`;
      const result = await runCliAsync(['align', `${site.url}/fr/idlib.html`, english, '--out', out, '--links', path.join(out, 'links.tsv'), ...glossary]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const segments = (await store(out, 'idlib')).blocks.flatMap((block) => block.segments);
      expect(segments[0]!.provenance).toMatchObject({ translator: 'human', model: english });
      // The titles pair too: one link more than the text files have, at the front.
      expect((await readFile(path.join(out, 'links.tsv'), 'utf8')).split('\n').slice(0, 2)).toEqual(['0\t0', '1,2\t1']);
    } finally {
      await site.close();
    }
  });
});
