// `diptych publish`: every article's files and the corpus index written from
// the store of record, here from an output folder of the release bcab108
// taken in on first open: into another folder, and into the output folder
// itself; a damaged store file is named, the others published.

import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCliAsync, tempDir } from './support/cli.js';

const RELEASE = path.join(repoRoot, 'test/fixtures/release-bcab108');

async function releaseFolder(): Promise<{ out: string; stores: string[] }> {
  const out = await tempDir('publish');
  const stores = (await readdir(RELEASE)).filter((name) => name.endsWith('.json'));
  for (const name of stores) await copyFile(path.join(RELEASE, name), path.join(out, name));
  return { out, stores };
}

describe('diptych publish', () => {
  it('writes every article’s JSON (byte for byte the record), Markdown and HTML and the index into another folder', async () => {
    const { out, stores } = await releaseFolder();
    const to = await tempDir('published');
    const result = await runCliAsync(['publish', '--out', out, '--to', to], { env: { ...process.env, DIPTYCH_DB: '' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`3 article(s) published from ${path.join(out, '.diptych', 'store.sqlite')} into ${to}`);
    const slugs = stores.map((name) => name.slice(0, -5));
    expect((await readdir(to)).sort()).toEqual([...slugs.flatMap((slug) => [`${slug}.html`, `${slug}.json`, `${slug}.md`]), 'index.html'].sort());
    for (const name of stores) expect(await readFile(path.join(to, name), 'utf8')).toBe(await readFile(path.join(RELEASE, name), 'utf8'));
    const index = await readFile(path.join(to, 'index.html'), 'utf8');
    for (const slug of slugs) expect(index).toContain(`href="${slug}.html"`);
    expect(await readFile(path.join(to, 'wikinews-44290.fr.md'), 'utf8')).toContain('22 June 2012.');
  });

  it('keeps the store in the SQLite file --db names, and DIPTYCH_DB when --db is not given', async () => {
    const { out } = await releaseFolder();
    const file = path.join(await tempDir('elsewhere'), 'team.sqlite');
    const given = await runCliAsync(['publish', '--out', out, '--db', file, '--quiet'], { env: { ...process.env, DIPTYCH_DB: '' } });
    expect(given.status).toBe(0);
    expect(given.stdout).toBe('');
    const fromEnv = await runCliAsync(['publish', '--out', out], { env: { ...process.env, DIPTYCH_DB: file } });
    expect(fromEnv.status).toBe(0);
    expect(fromEnv.stdout).toContain(`3 article(s) published from ${file} into ${out}`);
    expect(await readdir(path.join(out, '.diptych')).catch(() => [])).not.toContain('store.sqlite');
  });

  it('publishes into the output folder by default, naming a damaged store file and publishing the others', async () => {
    const { out } = await releaseFolder();
    await writeFile(path.join(out, 'broken.json'), '{"diptych":1,');
    const result = await runCliAsync(['publish', '--out', out], { env: { ...process.env, DIPTYCH_DB: '' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(path.join(out, 'broken.json'));
    const files = await readdir(out);
    expect(files).toEqual(expect.arrayContaining(['index.html', 'wikinews-44290.fr.html', 'wikinews-44290.fr.md', 'broken.json']));
    expect(await readFile(path.join(out, 'broken.json'), 'utf8')).toBe('{"diptych":1,');
  });
});
