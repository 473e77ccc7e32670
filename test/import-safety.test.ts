// `diptych import` writes stores, so it must play by the same rules as every
// other writer: it waits its turn behind the output folder's lock (a batch
// writing meanwhile would otherwise lose its articles), and a returned OmegaT
// project — untrusted input — cannot make it write outside the output folder.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../src/store/index.js';
import { repoRoot, runCli } from './support/cli.js';
import { frenchArticle, makeOutput, type Output } from './support/review.js';

let output: Output;
const glossary = path.join(repoRoot, 'glossary');

beforeAll(async () => {
  output = await makeOutput({ idlib: frenchArticle('Idlib sous les bombes', 4) });
});

afterAll(async () => {
  if (output) await rm(output.dir, { recursive: true, force: true });
});

const exportOmegat = (name: string) => {
  const project = path.join(output.dir, name);
  const result = runCli(['export', path.join(output.out, 'idlib.json'), '--format', 'omegat', '--out', project, '--glossary', glossary]);
  expect(result.status, result.stderr).toBe(0);
  return project;
};

describe('import and the output lock', () => {
  // A batch holds the folder's lock while it writes (the review no longer does: it writes through the store of record).
  it('refuses an XLIFF import while a batch holds the folder, then merges once it has stopped', async () => {
    const exported = runCli(['export', path.join(output.out, 'idlib.json')]);
    expect(exported.status, exported.stderr).toBe(0);
    const xliff = path.join(output.out, 'idlib.xlf');
    const before = await readFile(path.join(output.out, 'idlib.json'), 'utf8');
    const release = await new FolderStore(output.out).lock();
    try {
      const refused = runCli(['import', xliff, '--out', output.out, '--glossary', glossary]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/another diptych run \(process \d+\) is writing to /);
      expect(await readFile(path.join(output.out, 'idlib.json'), 'utf8')).toBe(before);
    } finally {
      await release();
    }
    const merged = runCli(['import', xliff, '--out', output.out, '--glossary', glossary]);
    expect(merged.status, merged.stderr).toBe(0);
  });

  it('refuses an OmegaT import while a batch holds the folder', async () => {
    const project = exportOmegat('locked-project');
    const release = await new FolderStore(output.out).lock();
    try {
      const refused = runCli(['import', project, '--out', output.out, '--glossary', glossary]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/another diptych run \(process \d+\) is writing to /);
    } finally {
      await release();
    }
  });
});

describe('a returned OmegaT project is untrusted', () => {
  /** A project whose export record was changed by whoever sent it back. */
  async function tampered(name: string, change: (file: { slug: string; store: string }) => void): Promise<string> {
    const project = exportOmegat(name);
    const record = path.join(project, 'diptych-export.json');
    const manifest = JSON.parse(await readFile(record, 'utf8'));
    change(manifest.files[0]);
    await writeFile(record, JSON.stringify(manifest));
    return project;
  }

  // A store elsewhere that an attacker would like rewritten, with pages written beside it.
  async function victim(): Promise<string> {
    const dir = path.join(output.dir, 'victim');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'base.json'), (await readFile(path.join(output.out, 'idlib.json'), 'utf8')).replace('"slug": "idlib"', '"slug": "base"'));
    return dir;
  }

  it('refuses a slug that leads out of the output folder, naming the record and the field', async () => {
    const dir = await victim();
    const before = await readFile(path.join(dir, 'base.json'), 'utf8');
    const project = await tampered('slug-project', (file) => (file.slug = '../victim/base'));
    const result = runCli(['import', project, '--out', output.out, '--glossary', glossary]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${path.join(project, 'diptych-export.json')}: files[0].slug '../victim/base' leads out of the output folder`);
    expect(await readFile(path.join(dir, 'base.json'), 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['base.json']);
  });

  it('refuses an absolute store path, and never looks for the store where the record says', async () => {
    const dir = await victim();
    const project = await tampered('absolute-project', (file) => {
      file.slug = 'base';
      file.store = path.join(dir, 'base.json');
    });
    const result = runCli(['import', project, '--out', output.out, '--glossary', glossary]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`files[0].store '${path.join(dir, 'base.json')}' is an absolute path`);
    expect(await readdir(dir)).toEqual(['base.json']);
  });
});
