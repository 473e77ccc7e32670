// The structural check that runs before the tests (`npm run lint` in pretest) must really catch
// what it is there for: an import circle and a function over 80 lines. Lints a throwaway project
// with the repository's own eslint.config.js, so a config that silently stops resolving .ts
// imports (and so finds no circle at all) fails here.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const config = path.join(import.meta.dirname, '..', 'eslint.config.js');
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function lint(files: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'diptych-lint-'));
  dirs.push(dir);
  await mkdir(path.join(dir, 'src'));
  await writeFile(path.join(dir, 'tsconfig.json'), '{"compilerOptions":{"module":"NodeNext","moduleResolution":"NodeNext"},"include":["src"]}');
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, 'src', name), text);
  const results = await new ESLint({ cwd: dir, overrideConfigFile: config }).lintFiles(['src']);
  return results.flatMap((result) => result.messages.map((message) => `${path.basename(result.filePath)} ${message.ruleId}`)).sort();
}

const body = (lines: number): string => `export function long(): number {\n  let n = 0;\n${'  n++;\n'.repeat(lines)}  return n;\n}\n`;

describe('npm run lint', () => {
  it('reports two modules that import each other through NodeNext ".js" specifiers', async () => {
    const found = await lint({
      'a.ts': "import { b } from './b.js';\nexport const a = (): number => b();\n",
      'b.ts': "import { a } from './a.js';\nexport const b = (): number => a();\n",
    });
    expect(found).toEqual(['a.ts import-x/no-cycle', 'b.ts import-x/no-cycle']);
  });

  it('reports a function over 80 lines, not counting blank lines and comments', async () => {
    expect(await lint({ 'long.ts': body(77) })).toEqual(['long.ts max-lines-per-function']);
    expect(await lint({ 'short.ts': body(76).replace('  n++;\n', '  n++;\n\n  // why\n\n') })).toEqual([]);
  });

  it('leaves style alone', async () => {
    expect(await lint({ 'style.ts': "export const   x = 1\nexport var y = \"two\";;\n" })).toEqual([]);
  });
});
