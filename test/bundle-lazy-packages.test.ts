// The `diptych` bin runs the esbuild bundle (scripts/bundle.ts). A package the
// source imports lazily and whose code is CommonJS must stay outside it: in a
// split chunk esbuild gives such a package only a default export, so
// `const { Readability } = await import('@mozilla/readability')` got undefined
// and DeepL, reader mode and web-page alignment failed in the bundle while the
// compiled sources worked. The behaviour is tested through the bundle by the
// CLI tests; this names the cause, for a package added later that no test
// happens to load.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

describe('the bundle the diptych command runs', () => {
  it('has no chunk that is a CommonJS package given as a default export alone', async () => {
    const folder = path.join(repoRoot, 'dist/bundle/cli');
    const chunks = (await readdir(folder)).filter((name) => name.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(1);
    const defaultOnly = [];
    for (const name of chunks) {
      if (/^export default require_\w+\(\);\s*$/m.test(await readFile(path.join(folder, name), 'utf8'))) defaultOnly.push(name);
    }
    expect(defaultOnly).toEqual([]);
  });
});
