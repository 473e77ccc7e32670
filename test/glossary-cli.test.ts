import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { glossaryCommand } from '../src/cli/commands/glossary.js';
import type { Article, Segment } from '../src/core/types.js';
import { loadGlossary } from '../src/glossary/index.js';
import { serializeArticle } from '../src/store/index.js';
import { paragraphArticle, translatedSegment } from './support/articles.js';

const root = path.join(import.meta.dirname, '..');
const fixtures = path.join(import.meta.dirname, 'fixtures', 'glossary');
const projectGlossary = path.join(root, 'glossary');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'diptych-glossary-cli-'));
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Run `diptych glossary …` in-process; returns what it printed and the exit code it set. */
async function run(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  await glossaryCommand().exitOverride().parseAsync(args, { from: 'user' });
  vi.restoreAllMocks();
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, code };
}

function seg(id: string, source: string, target: string): Segment {
  return translatedSegment(source, target, { id });
}

function article(slug: string, segments: Segment[], glossaryVersion?: string): Article {
  return paragraphArticle(slug, segments, glossaryVersion ? { glossaryVersion } : {});
}

describe('diptych glossary lint', () => {
  it('prints file:line: message for each defect and fails', async () => {
    const file = path.join(fixtures, 'defects.tsv');
    const { stdout, code } = await run('lint', file);
    expect(code).toBe(1);
    expect(stdout).toContain(`${file}:5: duplicate`);
    expect(stdout).toContain(`${file}:7: "idlib" → "Idleb" conflicts`);
    expect(stdout.split('\n').filter(Boolean).every((line) => line.startsWith(`${file}:`))).toBe(true);
  });

  it('passes on the project glossary', async () => {
    const { stdout, stderr, code } = await run('lint', projectGlossary);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/0 error\(s\), 0 warning\(s\)/);
  });

  it('fails on warnings with --strict', async () => {
    const file = path.join(dir, 'ws.tsv');
    await writeFile(file, 'french\tenglish\ttype\nDamas \tDamascus\tplace\n');
    expect((await run('lint', file)).code).toBe(0);
    expect((await run('lint', '--strict', file)).code).toBe(1);
  });
});

describe('diptych glossary export', () => {
  it('writes TBX that loads back as the same glossary', async () => {
    const out = path.join(dir, 'export.tbx');
    await run('export', projectGlossary, '--format', 'tbx', '--out', out);
    const original = await loadGlossary(projectGlossary);
    const back = await loadGlossary(out);
    expect(back.version).toBe(original.version);
  });

  it('writes CSV to standard output', async () => {
    const { stdout } = await run('export', path.join(fixtures, 'small.tsv'), '--format', 'csv');
    expect(stdout.split('\n').slice(0, 2)).toEqual(['source,target,tgt_lng', 'Front al-Nosra,al-Nusra Front,en']);
  });
});

describe('diptych glossary check', () => {
  it('reports term accuracy per article and overall, and lists violations', async () => {
    const out = await mkdtemp(path.join(dir, 'out-'));
    const glossary = await loadGlossary(projectGlossary);
    await writeFile(
      path.join(out, 'good.json'),
      serializeArticle(article('good', [seg('g1', 'Les Casques blancs à Idlib.', 'The White Helmets in Idlib.')], glossary.version)),
    );
    await writeFile(
      path.join(out, 'bad.json'),
      serializeArticle(article('bad', [seg('b1', "L'Osa et le Front al-Nosra.", 'The Bear and the al-Nusra Front.')], 'old')),
    );
    await writeFile(path.join(out, 'index.json'), '{"not": "an article"}');
    const { stdout, code } = await run('check', out, '--glossary', projectGlossary);
    expect(code).toBe(1);
    expect(stdout).toContain('good: 2/2 pinned terms (100.0%)');
    expect(stdout).toMatch(/bad: 1\/2 pinned terms \(50\.0%\) — translated with an older glossary/);
    expect(stdout).toMatch(/bad\.json: segment b1: "Osa" should read "Osa"/);
    expect(stdout).toMatch(/overall: 3\/4 pinned terms \(75\.0%\) in 2 article\(s\), 1 violation/);
  });

  it('gives JSON with --json', async () => {
    const out = await mkdtemp(path.join(dir, 'out-'));
    await writeFile(path.join(out, 'a.json'), serializeArticle(article('a', [seg('a1', 'à Damas', 'in Damascus')])));
    const { stdout, code } = await run('check', out, '--glossary', projectGlossary, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ overall: { found: 1, satisfied: 1 }, articles: [{ slug: 'a', violations: [] }] });
  });

  it('says what to do when the folder has no stores', async () => {
    await expect(run('check', await mkdtemp(path.join(dir, 'empty-')), '--glossary', projectGlossary)).rejects.toThrow(/no \.json stores/);
  });
});

describe('diptych glossary suggest', () => {
  it('lists names and acronyms not in the glossary, counted across articles', async () => {
    const a = path.join(dir, 'a.txt');
    const b = path.join(dir, 'b.txt');
    await writeFile(a, "Le Front al-Nosra et Jean-Marc Ayrault ont parlé à l'OTAN.\nSelon Jean-Marc Ayrault, le CNRS a tort.\n");
    await writeFile(b, 'Jean-Marc Ayrault était à Idlib avec Sputnik et le CNRS.\n');
    const { stdout } = await run('suggest', a, b, '--glossary', projectGlossary);
    const rows = stdout.trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
    expect(rows).toEqual([
      ['3', '2', 'name', 'Jean-Marc Ayrault'],
      ['2', '2', 'acronym', 'CNRS'],
    ]);
  });

  it('prints glossary rows to fill in with --format tsv', async () => {
    const a = path.join(dir, 'c.txt');
    await writeFile(a, 'Abou Mohammed al-Joulani dirige le groupe. Abou Mohammed al-Joulani parle.\n');
    const { stdout } = await run('suggest', a, '--glossary', projectGlossary, '--format', 'tsv', '--min', '2');
    expect(stdout).toBe('Abou Mohammed al-Joulani\t\t\tother\t\tsuggested: name, 2× in 1 article(s)\n');
  });
});
