// Compares two output folders of `diptych batch` file by file, for checking
// that a change to the engine or the pipeline leaves the output unchanged
// (the persistent Apertium pipelines were checked this way). Times of day
// differ between any two runs, so ISO timestamps are set aside; the working
// folder (.diptych: cache, journal) is not output and is skipped.
// Run: node dist/scripts/compare-outputs.js <before> <after>; exit 1 on a difference.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

function files(root: string, under = ''): string[] {
  return readdirSync(path.join(root, under)).flatMap((name) => {
    if (name === '.diptych') return [];
    const relative = path.join(under, name);
    return statSync(path.join(root, relative)).isDirectory() ? files(root, relative) : [relative];
  });
}

function comparable(file: string): string {
  return readFileSync(file, 'utf8').replace(TIMESTAMP, '<time>');
}

/** The files that differ (or exist on one side only), each with its first differing line. */
export function compareOutputs(before: string, after: string): string[] {
  const left = new Set(files(before));
  const right = new Set(files(after));
  const differences: string[] = [];
  for (const name of [...new Set([...left, ...right])].sort()) {
    if (!left.has(name) || !right.has(name)) {
      differences.push(`${name}: only in ${left.has(name) ? before : after}`);
      continue;
    }
    const a = comparable(path.join(before, name)).split('\n');
    const b = comparable(path.join(after, name)).split('\n');
    const line = a.findIndex((text, i) => text !== b[i]);
    if (line >= 0 || a.length !== b.length) {
      const at = line >= 0 ? line : Math.min(a.length, b.length);
      differences.push(`${name}:${at + 1}\n  - ${a[at] ?? '(end)'}\n  + ${b[at] ?? '(end)'}`);
    }
  }
  return differences;
}

const [before, after] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: node dist/scripts/compare-outputs.js <before-folder> <after-folder>');
  process.exit(2);
}
const differences = compareOutputs(before, after);
console.log(`${files(before).length} files compared, ${differences.length} differ`);
for (const difference of differences) console.log(difference);
process.exitCode = differences.length > 0 ? 1 : 0;
