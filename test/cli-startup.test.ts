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

/** Node's loader hooks, written for the child: every package it resolves, ESM or CommonJS, one per line (with `files`, every file of a package: its path from the package's folder on). */
async function packageRecorder(dir: string, log: string, files = false): Promise<string> {
  const pattern = files ? 'node_modules/((?:@[^/]+/)?[^/]+/.*)' : 'node_modules/((?:@[^/]+/)?[^/]+)';
  const hooks = path.join(dir, 'hooks.mjs');
  await writeFile(
    hooks,
    `import { appendFileSync } from 'node:fs';
const log = ${JSON.stringify(log)};
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const match = new RegExp(${JSON.stringify(pattern)}).exec(result.url);
  if (match) appendFileSync(log, match[1] + '\\n');
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
  if (match) appendFileSync(${JSON.stringify(log)}, match[1] + '\\n');
  return file;
};`,
  );
  return register;
}

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
    const register = await packageRecorder(dir, log);
    const warm = runCli(['batch', articles, '--out', out, '--json'], { env: { ...process.env, NODE_OPTIONS: `--import ${pathToFileURL(register).href}` } });
    expect(warm.status, warm.stderr).toBe(0);
    expect((JSON.parse(warm.stdout) as { totals: { skipped: number; sent: number } }).totals).toMatchObject({ skipped: 1, sent: 0 });

    const loaded = new Set((await readFile(log, 'utf8')).split('\n').filter(Boolean));
    expect(loaded.has('commander'), 'the recorder sees what is loaded').toBe(true);
    for (const heavy of ['deepl-node', 'axios', 'pg', 'pg-boss', 'fastify', 'linkedom', '@mozilla/readability', 'hast-util-from-html']) {
      expect(loaded.has(heavy), heavy).toBe(false);
    }
  });
});

describe.skipIf(!hasApertium)('a cold batch', () => {
  it('loads no store validator, word diff, CSV parser or progress bar, and Kysely once, as CommonJS', async () => {
    const dir = await tempDir('startup-cold');
    const articles = path.join(dir, 'articles');
    await mkdir(articles);
    await copyFile(path.join(repoRoot, 'corpus/idlib-casques-blancs-2018-09-08.fr.txt'), path.join(articles, 'idlib.txt'));
    const log = path.join(dir, 'files.log');
    await writeFile(log, '');
    const register = await packageRecorder(dir, log, true);
    const cold = runCli(['batch', articles, '--out', path.join(dir, 'out'), '--json'], { env: { ...process.env, NODE_OPTIONS: `--import ${pathToFileURL(register).href}` } });
    expect(cold.status, cold.stderr).toBe(0);
    expect((JSON.parse(cold.stdout) as { totals: { written: number } }).totals).toMatchObject({ written: 1 });

    const files = new Set((await readFile(log, 'utf8')).split('\n').filter(Boolean));
    const packages = new Set([...files].map((file) => file.split('/').slice(0, file.startsWith('@') ? 2 : 1).join('/')));
    expect(packages.has('kysely'), 'the recorder sees the store of record loaded').toBe(true);
    // Nothing of a cold batch reads a store file, diffs a person's text, reads a CSV glossary or draws a bar.
    for (const unused of ['ajv', 'diff', 'csv-parse', 'cli-progress']) expect(packages.has(unused), unused).toBe(false);
    // Kysely's ES module build alongside its CommonJS one would be two copies of Kysely (and twice the loading).
    expect([...files].filter((file) => file.startsWith('kysely/dist/esm/'))).toEqual([]);
  });
});
