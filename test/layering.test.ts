// The layering of src/: core at the bottom; each stage imports only core;
// the pipeline composes stages; batch, review and the CLI sit on top; nothing
// imports upward. Read from the sources with the TypeScript compiler's own
// import scanner (static imports, re-exports and dynamic import() alike).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = path.join(import.meta.dirname, '..', 'src');
const STAGES = ['read', 'segment', 'glossary', 'translate', 'check', 'store', 'render', 'exchange', 'align'];

/** What each layer may import besides itself. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  ...Object.fromEntries(STAGES.map((stage) => [stage, ['core']])),
  pipeline: ['core', ...STAGES],
  batch: ['core', ...STAGES, 'pipeline'],
  review: ['core', ...STAGES, 'pipeline'],
  cli: ['core', ...STAGES, 'pipeline', 'batch', 'review'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const layerOf = (file: string): string => path.relative(src, file).split(path.sep)[0]!;

/** Every import of src/ that leaves its layer for one it may not use: "from → to (file: specifier)". */
function violations(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), fileName);
      if (!target.startsWith(src + path.sep)) continue;
      const to = layerOf(target);
      if (to !== from && !(ALLOWED[from] ?? []).includes(to)) found.push(`${from} → ${to} (${path.relative(src, file)}: ${fileName})`);
    }
  }
  return found;
}

describe('layering', () => {
  const files = sourceFiles(src);

  it('knows every folder of src/', () => {
    expect([...new Set(files.map(layerOf))].filter((layer) => !(layer in ALLOWED))).toEqual([]);
  });

  it('has no import that breaks the layering', () => {
    expect(violations(files)).toEqual([]);
  });

  it('would notice a stage importing another stage, or the pipeline importing batch', () => {
    const stray = path.join(src, 'render', 'stray.ts');
    const upward = path.join(src, 'pipeline', 'stray.ts');
    const scan = (file: string, text: string) => {
      const { importedFiles } = ts.preProcessFile(text, true, true);
      return importedFiles.map(({ fileName }) => `${layerOf(file)} → ${layerOf(path.resolve(path.dirname(file), fileName))}`);
    };
    expect(scan(stray, "import { x } from '../glossary/index.js';")).toEqual(['render → glossary']);
    expect(ALLOWED['render']).not.toContain('glossary');
    expect(scan(upward, "const m = await import('../batch/index.js');")).toEqual(['pipeline → batch']);
    expect(ALLOWED['pipeline']).not.toContain('batch');
  });

  it('gives every stage, the pipeline and batch one entry file', () => {
    for (const layer of [...STAGES, 'pipeline', 'batch']) expect(files).toContain(path.join(src, layer, 'index.ts'));
  });
});
