import { chmod, copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import { repoRoot, runCli, tempDir } from './support/cli.js';
import { hasApertium } from './support/apertium.js';

const founding = path.join(repoRoot, 'corpus/idlib-casques-blancs-2018-09-08.fr.txt');
const glossaryDir = path.join(repoRoot, 'glossary');

/** An output folder's files, without the run's state folder (.diptych: cache, memory, manifest). */
async function outputs(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name !== '.diptych').sort();
}

async function readStore(file: string): Promise<Article> {
  return (JSON.parse(await readFile(file, 'utf8')) as { article: Article }).article;
}

describe('diptych --help', () => {
  it('explains translate and batch with their options', () => {
    const translate = runCli(['translate', '--help']);
    expect(translate.status).toBe(0);
    for (const option of ['--out', '--translator', '--glossary', '--ui-lang', '--pivot']) expect(translate.stdout).toContain(option);
    const batch = runCli(['batch', '--help']);
    expect(batch.status).toBe(0);
    expect(batch.stdout).toMatch(/every article/);
  });
});

describe.skipIf(!hasApertium)('diptych translate, offline, the founding article', () => {
  let out: string;
  let article: Article;
  let stdout: string;

  beforeAll(async () => {
    out = await tempDir('founding');
    const result = runCli(['translate', founding, '--out', out, '--glossary', glossaryDir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    stdout = result.stdout;
    article = await readStore(path.join(out, 'idlib-casques-blancs-2018-09-08.fr.json'));
  });

  it('writes the JSON store, Markdown and HTML', async () => {
    expect(await outputs(out)).toEqual(['idlib-casques-blancs-2018-09-08.fr.html', 'idlib-casques-blancs-2018-09-08.fr.json', 'idlib-casques-blancs-2018-09-08.fr.md']);
    expect(stdout).toMatch(/1 written, 0 failed/);
  });

  it('keeps every paragraph, each sentence its own segment, and English for each', async () => {
    const paragraphs = (await readFile(founding, 'utf8')).split('\n').filter((line) => line.trim());
    expect(article.blocks.map((block) => block.text)).toEqual(paragraphs.map((line) => line.trim()));
    // The segments of a paragraph, put back together, are the paragraph: nothing lost or repeated.
    for (const block of article.blocks) expect(block.segments.map((segment) => segment.source).join(' ')).toBe(block.text);
    const segments = article.blocks.flatMap((block) => block.segments);
    // The article has 14 sentences (two in paragraphs 1, 4, 9 and 10); a segmenter that merged any would fall short.
    const sentenceEnds = paragraphs.join(' ').match(/[.!?](?: »)?(?= [«A-ZÀ-Ý]|$)/gu) ?? [];
    expect(segments.length).toBe(sentenceEnds.length);
    for (const segment of segments) {
      expect(segment.target?.trim(), segment.source).toBeTruthy();
      expect(segment.target).not.toMatch(/Zqx\d|[*#]\p{L}/u);
      expect(segment.provenance).toMatchObject({ translator: 'apertium', model: 'fr-es-en', edited: false, glossaryVersion: article.glossaryVersion });
    }
  });

  it('gives every pinned term its pinned English form', () => {
    const terms = article.blocks.flatMap((block) => block.segments.flatMap((segment) => segment.terms));
    expect(terms.length).toBeGreaterThanOrEqual(15);
    expect(terms.filter((term) => !term.satisfied)).toEqual([]);
    const english = article.blocks.flatMap((block) => block.segments.map((segment) => segment.target)).join('\n');
    expect(english).not.toMatch(/Bear|In front of the-Nosra|white Helmets/);
    for (const pinned of ['al-Nusra Front', 'White Helmets', 'Tahrir al-Sham', 'Konashenkov', 'Kinshchak', 'Rudskoy', 'S-125, Osa and Kvadrat']) {
      expect(english).toContain(pinned);
    }
  });

  it('records the glossary version and translator on the article', () => {
    expect(article.glossaryVersion).toMatch(/^[0-9a-f]{6,}$/);
    expect(article.translator).toBe('apertium fr-es-en');
    expect(article.sourceLang).toBe('fr');
    expect(article.targetLang).toBe('en');
  });
});

describe.skipIf(!hasApertium)('diptych with bad input', () => {
  it('reports each unreadable article on one line, exits non-zero, and still writes the others', async () => {
    const dir = await tempDir('bad');
    const out = path.join(dir, 'out');
    const good = path.join(dir, 'good.txt');
    await writeFile(good, 'Le chat dort. Le chien aussi.\n');
    const empty = path.join(dir, 'empty.txt');
    await writeFile(empty, '');
    const binary = path.join(dir, 'binary.txt');
    await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]));
    const latin1 = path.join(dir, 'latin1.txt');
    await writeFile(latin1, Buffer.from('Ligne un.\nDeuxième ligne.\n', 'latin1'));
    const missing = path.join(dir, 'missing.txt');

    const result = runCli(['translate', missing, empty, good, binary, latin1, '--out', out, '--glossary', glossaryDir]);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines).toEqual([
      expect.stringMatching(/missing\.txt: no such file — check the path$/),
      expect.stringMatching(/empty\.txt: file is empty — /),
      expect.stringMatching(/binary\.txt:1: looks like a binary file/),
      expect.stringMatching(/latin1\.txt:2: is not valid UTF-8 — convert it/),
    ]);
    expect(await outputs(out)).toEqual(['good.html', 'good.json', 'good.md']);
    expect((await readStore(path.join(out, 'good.json'))).blocks[0]!.segments).toHaveLength(2);
  });

  it('refuses an unknown translator before touching earlier output', async () => {
    const out = await tempDir('unknown-translator');
    await writeFile(path.join(out, 'earlier.json'), '{"kept": true}');
    const result = runCli(['translate', founding, '--out', out, '--translator', 'babelfish', '--glossary', glossaryDir]);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/unknown translator 'babelfish'.*apertium/);
    expect(await readdir(out)).toEqual(['earlier.json']);
  });

  it('says how to install Apertium when it is missing, and leaves earlier output intact', async () => {
    const out = await tempDir('no-apertium');
    const article = path.join(out, 'idlib-casques-blancs-2018-09-08.fr.txt');
    await copyFile(founding, article);
    const first = runCli(['translate', article, '--out', out, '--glossary', glossaryDir]);
    expect(first.status).toBe(0);
    const before = await readFile(path.join(out, 'idlib-casques-blancs-2018-09-08.fr.json'), 'utf8');
    // A new paragraph needs the translator (the rest comes from the cache).
    await writeFile(article, `${await readFile(article, 'utf8')}\nLe ministère a publié un communiqué.\n`);
    const result = runCli(['translate', article, '--out', out, '--glossary', glossaryDir], { env: { ...process.env, PATH: '/nonexistent' } });
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/Apertium is not installed .*apt-get install apertium/);
    expect(await readFile(path.join(out, 'idlib-casques-blancs-2018-09-08.fr.json'), 'utf8')).toBe(before);
  });

  it('stops on an unreadable glossary, naming the file, before translating anything', async () => {
    const dir = await tempDir('bad-glossary');
    const glossary = path.join(dir, 'glossary.tsv');
    await writeFile(glossary, Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const out = path.join(dir, 'out');
    const result = runCli(['translate', founding, '--out', out, '--glossary', glossary]);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('glossary.tsv');
    await expect(readdir(out)).rejects.toThrow();
  });

  it('stops on a glossary with errors, printing the lint message, before any translator is called', async () => {
    const dir = await tempDir('conflicting-glossary');
    const glossary = path.join(dir, 'terms.tsv');
    await writeFile(glossary, ['french\tenglish\tenglish_forms\ttype\toptions\tnote', 'Idlib\tIdlib\t\tplace\t\t', 'Idlib\tIdleb\t\tplace\t\t', ''].join('\n'));
    // Apertium language pairs that record being started: they must never be.
    const data = path.join(dir, 'apertium');
    await mkdir(path.join(data, 'modes'), { recursive: true });
    const log = path.join(dir, 'started.log');
    const pair = path.join(dir, 'pair');
    await writeFile(pair, `#!/bin/sh\necho "$*" >> '${log}'\nexec cat\n`);
    await chmod(pair, 0o755);
    for (const mode of ['fr-es', 'spa-eng']) await writeFile(path.join(data, 'modes', `${mode}.mode`), `${pair} ${mode}\n`);
    const out = path.join(dir, 'out');
    const result = runCli(['translate', founding, '--out', out, '--glossary', glossary], { env: { ...process.env, APERTIUM_DATADIR: data } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/terms\.tsv:3: .*Idlib/);
    await expect(readFile(log, 'utf8')).rejects.toThrow();
    await expect(readdir(out)).rejects.toThrow();
  });

  it('names a missing glossary path', async () => {
    const result = runCli(['translate', founding, '--out', await tempDir('missing-glossary'), '--glossary', '/nonexistent/terms.tsv']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/\/nonexistent\/terms\.tsv/);
  });
});

describe.skipIf(!hasApertium)('untrusted text in articles', () => {
  it('appears as literal text in the HTML and Markdown, never as markup', async () => {
    const dir = await tempDir('xss');
    const file = path.join(dir, 'xss.md');
    await writeFile(file, [
      'Le texte <script>alert(1)</script> est cité.',
      '',
      'Une image <img src=x onerror=alert(1)> aussi, et un [lien](javascript:alert(1)) piégé.',
      '',
    ].join('\n'));
    const out = path.join(dir, 'out');
    expect(runCli(['translate', file, '--out', out, '--glossary', glossaryDir]).status).toBe(0);
    const html = await readFile(path.join(out, 'xss.html'), 'utf8');
    expect(html).not.toMatch(/<script>alert|<img src=x|href="javascript:/i);
    // Parsed as a browser would: no element came from the article's text, all of it is text.
    const tree = fromHtml(html);
    const elements: Element[] = [];
    visit(tree, 'element', (node: Element) => void elements.push(node));
    expect(elements.filter((node) => node.tagName === 'img')).toEqual([]);
    expect(elements.filter((node) => Object.keys(node.properties).some((key) => key.toLowerCase() === 'onerror'))).toEqual([]);
    expect(elements.filter((node) => String(node.properties.href ?? '').startsWith('javascript:'))).toEqual([]);
    for (const script of elements.filter((node) => node.tagName === 'script')) expect(toText(script)).not.toContain('alert(1)');
    expect(toText(tree)).toContain('Le texte <script>alert(1)</script> est cité.');
    const md = await readFile(path.join(out, 'xss.md'), 'utf8');
    // CommonMark shows a backslash-escaped "<" as text; an unescaped one would start raw HTML.
    expect(md).not.toMatch(/(?<!\\)<(script|img)/);
    expect(md).toMatch(/\\<script>alert\(1\)\\<\/script>|&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});

describe.skipIf(!hasApertium)('diptych batch', () => {
  it('translates every article under a folder, named after its relative path', async () => {
    const dir = await tempDir('batch');
    await mkdir(path.join(dir, 'in/syrie'), { recursive: true });
    await copyFile(founding, path.join(dir, 'in/syrie/idlib.txt'));
    await writeFile(path.join(dir, 'in/note.md'), '# Titre\n\nUn paragraphe.\n');
    await writeFile(path.join(dir, 'in/ignored.pdf'), '%PDF');
    const result = runCli(['batch', path.join(dir, 'in'), '--out', path.join(dir, 'out'), '--glossary', glossaryDir]);
    expect(result.status).toBe(0);
    expect(await outputs(path.join(dir, 'out'))).toEqual(['index.html', 'note.html', 'note.json', 'note.md', 'syrie--idlib.html', 'syrie--idlib.json', 'syrie--idlib.md']);
  });

  it('names a missing folder', () => {
    const result = runCli(['batch', '/nonexistent/articles']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/\/nonexistent\/articles: no such folder/);
  });
});
