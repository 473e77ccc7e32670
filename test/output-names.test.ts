// Where a run writes must never be where someone's work already is: an
// output that is one of the inputs is refused before anything is written,
// and a store of another article (its approvals, history and comments) is
// never replaced by a later run whose article happens to get the same name.
// Also: names too long for the file system are shortened, and `--out` naming
// a file is said up front.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTranslation, type RunReport } from '../src/batch/index.js';
import { makeGlossary } from '../src/glossary/index.js';
import { parseStoredArticle } from '../src/store/index.js';
import { repoRoot, runCli, tempDir } from './support/cli.js';
import { FakeTranslator } from './support/fake-translator.js';

let dir: string;
const glossary = makeGlossary([]);

beforeAll(async () => {
  dir = await tempDir('names');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function article(relative: string, text: string): Promise<string> {
  const file = path.join(dir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

const translate = (files: string[], out: string): Promise<RunReport> => runTranslation(files.map((file) => ({ file })), { outDir: out, translator: new FakeTranslator(), glossary });

async function storeOf(out: string, slug: string) {
  const file = path.join(out, `${slug}.json`);
  return parseStoredArticle(await readFile(file, 'utf8'), file);
}

describe('outputs that are inputs', () => {
  it('refuses `translate article.md page.html --out .` before writing anything', async () => {
    const folder = path.join(dir, 'here');
    await mkdir(folder);
    const markdown = '# Idlib\n\nLes Casques blancs sont arrivés.\n';
    const html = '<html><body><h1>Alep</h1><p>La ville est calme.</p></body></html>';
    await writeFile(path.join(folder, 'article.md'), markdown);
    await writeFile(path.join(folder, 'page.html'), html);
    const result = runCli(['translate', 'article.md', 'page.html', '--out', '.', '--glossary', path.join(repoRoot, 'glossary')], { cwd: folder });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('article.md: would be overwritten by the output article.md');
    expect(await readFile(path.join(folder, 'article.md'), 'utf8')).toBe(markdown);
    expect(await readFile(path.join(folder, 'page.html'), 'utf8')).toBe(html);
    expect((await readdir(folder)).sort()).toEqual(['article.md', 'page.html']);
  });
});

describe('names taken by another article', () => {
  it('gives d2/article.txt a free name instead of replacing d1/article.txt’s store, and says so', async () => {
    const out = path.join(dir, 'out-dirs');
    const first = await article('d1/article.txt', 'Premier article.\n\nLes Casques blancs sont à Idlib.\n');
    const second = await article('d2/article.txt', 'Second article.\n\nLa ville est calme.\n');
    await translate([first], out);
    const report = await translate([second], out);
    expect((await storeOf(out, 'article')).sourcePath).toBe(first);
    expect((await storeOf(out, 'article-2')).sourcePath).toBe(second);
    expect(report.renamed).toEqual([{ file: second, slug: 'article-2', taken: { store: path.join(out, 'article.json'), owner: first } }]);
    // The same articles again keep their own names.
    await translate([first, second], out);
    expect((await storeOf(out, 'article')).sourcePath).toBe(first);
    expect((await storeOf(out, 'article-2')).sourcePath).toBe(second);
  });

  it('tells `a b.txt` from `a-b.txt`, and names with no Latin letters from each other', async () => {
    const out = path.join(dir, 'out-names');
    const spaced = await article('n/a b.txt', 'Avec espace.\n\nUne phrase.\n');
    const dashed = await article('n/a-b.txt', 'Avec tiret.\n\nUne autre phrase.\n');
    const japan = await article('n/日本.txt', 'Japon.\n\nTokyo est grande.\n');
    const china = await article('n/中国.txt', 'Chine.\n\nPékin est grande.\n');
    await translate([spaced], out);
    await translate([dashed], out);
    await translate([japan], out);
    await translate([china], out);
    expect((await storeOf(out, 'a-b')).sourcePath).toBe(spaced);
    expect((await storeOf(out, 'a-b-2')).sourcePath).toBe(dashed);
    expect((await storeOf(out, 'article')).sourcePath).toBe(japan);
    expect((await storeOf(out, 'article-2')).sourcePath).toBe(china);
  });

  it('the command line says which store it kept and what the new article is called', async () => {
    const out = path.join(dir, 'out-cli');
    const first = await article('c1/note.txt', 'Premier.\n');
    const second = await article('c2/note.txt', 'Second.\n');
    const glossaryDir = path.join(repoRoot, 'glossary');
    expect(runCli(['translate', first, '--out', out, '--glossary', glossaryDir]).status).toBe(0);
    const result = runCli(['translate', second, '--out', out, '--glossary', glossaryDir]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`note: ${second} is named note-2: ${path.join(out, 'note.json')} holds another article (${first}), which is kept`);
  }, 60_000);
});

describe('file names the file system refuses', () => {
  it('shortens a 250-character name instead of failing at the end with ENAMETOOLONG', async () => {
    const out = path.join(dir, 'out-long');
    const file = await article(`long/${'é'.repeat(10)}${'a'.repeat(226)}.txt`, 'Un titre.\n\nUne phrase.\n');
    const report = await translate([file], out);
    expect(report.failed).toEqual([]);
    const [written] = report.written;
    expect(written!.slug.length).toBeLessThanOrEqual(120);
    expect((await storeOf(out, written!.slug)).sourcePath).toBe(file);
  });

  it('says `--out` names a file, before translating anything', async () => {
    const file = await article('plain/base.txt', 'Un titre.\n');
    const result = runCli(['translate', file, '--out', file, '--glossary', path.join(repoRoot, 'glossary')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}: is a file, not a folder — give --out a folder name`);
    expect(result.stderr).not.toContain('ENOTDIR');
  });
});
