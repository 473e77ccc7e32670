// A command loads only what it uses: the list of commands comes from their
// summaries (no command module loaded), and a batch with nothing to do never
// loads an engine's client, the queue's driver, the review server or the HTML
// reader. Checked by recording the packages the child process resolves, not by
// timing it (the bench measures the time).

import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMAND_SUMMARIES } from '../src/cli/commands/summaries.js';
import { hasApertium } from './support/apertium.js';
import { repoRoot, runCli, tempDir } from './support/cli.js';

const collapse = (text: string): string => text.replace(/\s+/g, ' ');

describe('diptych --help', () => {
  it('lists every command with the description its own help gives', () => {
    const top = runCli(['--help']);
    expect(top.status).toBe(0);
    for (const [name, summary] of Object.entries(COMMAND_SUMMARIES)) {
      expect(collapse(top.stdout)).toContain(collapse(`${summary.term} ${summary.description}`));
      const own = runCli([name, '--help']);
      expect(own.status, name).toBe(0);
      expect(collapse(own.stdout), name).toContain(collapse(summary.description));
    }
  });

  it('`help <command>` shows that command in full', () => {
    const help = runCli(['help', 'batch']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: diptych batch [options] <dir>');
    expect(help.stdout).toContain('--translator');
  });

  it('refuses an unknown command by name', () => {
    const result = runCli(['frobnicate']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });
});

/**
 * Node's loader hooks, written for the child: every file it resolves under
 * node_modules (ESM or CommonJS) and every chunk of the bundle, one per line.
 * A chunk stands for the packages' files esbuild put into it.
 */
async function moduleRecorder(dir: string, log: string): Promise<string> {
  const pattern = 'node_modules/.*|dist/bundle/cli/.*';
  const hooks = path.join(dir, 'hooks.mjs');
  await writeFile(
    hooks,
    `import { appendFileSync } from 'node:fs';
const log = ${JSON.stringify(log)};
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const match = new RegExp(${JSON.stringify(pattern)}).exec(result.url);
  if (match) appendFileSync(log, match[0] + '\\n');
  return result;
}`,
  );
  const register = path.join(dir, 'register.mjs');
  await writeFile(
    register,
    `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register(${JSON.stringify(pathToFileURL(hooks).href)});
const Module = createRequire(import.meta.url)('module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  const match = new RegExp(${JSON.stringify(pattern)}).exec(file);
  if (match) appendFileSync(${JSON.stringify(log)}, match[0] + '\\n');
  return file;
};`,
  );
  return register;
}

/** The files of packages the child loaded, as `<package>/<path>`: resolved from node_modules, or inside a bundle chunk it loaded (the bundle's metafile says which). */
async function loadedFiles(log: string): Promise<Set<string>> {
  const meta = JSON.parse(await readFile(path.join(repoRoot, 'dist/bundle/meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const files = new Set<string>();
  for (const line of (await readFile(log, 'utf8')).split('\n').filter(Boolean)) {
    const inputs = line.startsWith('dist/bundle/') ? Object.keys(meta.outputs[line]?.inputs ?? {}) : [line];
    for (const input of inputs) {
      const match = /node_modules\/(.*)$/.exec(input);
      if (match) files.add(match[1]!);
    }
  }
  return files;
}

const packageOf = (file: string): string => file.split('/').slice(0, file.startsWith('@') ? 2 : 1).join('/');

describe.skipIf(!hasApertium)('a batch with nothing to do', () => {
  it('loads no engine client, database driver, server or HTML reader', async () => {
    const dir = await tempDir('startup');
    const articles = path.join(dir, 'articles');
    const out = path.join(dir, 'out');
    await mkdir(articles);
    await copyFile(path.join(repoRoot, 'corpus/idlib-casques-blancs-2018-09-08.fr.txt'), path.join(articles, 'idlib.txt'));
    expect(runCli(['batch', articles, '--out', out, '-q']).status).toBe(0);

    const log = path.join(dir, 'packages.log');
    await writeFile(log, '');
    const register = await moduleRecorder(dir, log);
    const warm = runCli(['batch', articles, '--out', out, '--json'], { env: { ...process.env, NODE_OPTIONS: `--import ${pathToFileURL(register).href}` } });
    expect(warm.status, warm.stderr).toBe(0);
    expect((JSON.parse(warm.stdout) as { totals: { skipped: number; sent: number } }).totals).toMatchObject({ skipped: 1, sent: 0 });

    const loaded = new Set([...(await loadedFiles(log))].map(packageOf));
    expect(loaded.has('commander'), 'the recorder sees what is loaded').toBe(true);
    for (const heavy of ['deepl-node', 'axios', 'pg', 'pg-boss', 'fastify', 'linkedom', '@mozilla/readability', 'hast-util-from-html']) {
      expect(loaded.has(heavy), heavy).toBe(false);
    }
  });
});

describe.skipIf(!hasApertium)('a cold batch', () => {
  it('loads no store validator, word diff, CSV parser or progress bar, and Kysely once, from the bundle', async () => {
    const dir = await tempDir('startup-cold');
    const articles = path.join(dir, 'articles');
    await mkdir(articles);
    await copyFile(path.join(repoRoot, 'corpus/idlib-casques-blancs-2018-09-08.fr.txt'), path.join(articles, 'idlib.txt'));
    const log = path.join(dir, 'files.log');
    await writeFile(log, '');
    const register = await moduleRecorder(dir, log);
    const cold = runCli(['batch', articles, '--out', path.join(dir, 'out'), '--json'], { env: { ...process.env, NODE_OPTIONS: `--import ${pathToFileURL(register).href}` } });
    expect(cold.status, cold.stderr).toBe(0);
    expect((JSON.parse(cold.stdout) as { totals: { written: number } }).totals).toMatchObject({ written: 1 });

    const files = await loadedFiles(log);
    const packages = new Set([...files].map(packageOf));
    expect(packages.has('kysely'), 'the recorder sees the store of record loaded').toBe(true);
    // Nothing of a cold batch reads a store file, diffs a person's text, reads a CSV glossary or draws a bar.
    for (const unused of ['ajv', 'diff', 'csv-parse', 'cli-progress']) expect(packages.has(unused), unused).toBe(false);
    // Kysely is bundled into the store's chunk: a file of its own package read at run time (its
    // CommonJS build through a require) would be a second copy of Kysely, and its loading paid again.
    expect([...files].filter((file) => file.startsWith('kysely/dist/cjs/'))).toEqual([]);
  });
});
