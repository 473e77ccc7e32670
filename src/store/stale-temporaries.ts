// writeAtomic (write-file-atomic) writes `<file>.<number>` and renames it over
// `<file>`; a run killed between the two leaves the temporary behind. It is
// never read, but it would be a half file in the output folder, so a run
// removes such leftovers before writing (under the output lock).

import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { STATE_DIR } from './run-manifest.js';

const TEMPORARY = /\.(?:json|jsonl|md|html)\.\d+$/;

/** Remove leftover temporaries of our own outputs in `outDir` and its state folder; returns their names. */
export async function removeStaleTemporaries(outDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of [outDir, path.join(outDir, STATE_DIR)]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => TEMPORARY.test(n))) {
      await rm(path.join(dir, name), { force: true });
      removed.push(path.join(dir, name));
    }
  }
  return removed;
}
