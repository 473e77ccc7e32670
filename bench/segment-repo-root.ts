import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found from this file whether it runs compiled
 * (dist/bench/…) or from source (bench/…): the nearest folder upwards with a
 * package.json.
 */
export function repoRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
  return folder;
}

/** A path under ../shared (the read-only material next to the repository). */
export const sharedPath = (...parts: string[]): string => path.join(repoRoot(), '..', 'shared', ...parts);
