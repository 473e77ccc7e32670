// Where the benches and evaluations find their data. Third-party evaluation
// data and the 100-article bench corpus live in ../shared beside the
// repository, never in it; a clone without it must fail loudly, not pass.
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

/**
 * The folder ../shared/<parts…> (or $DIPTYCH_SHARED/<parts…>). When it is missing, print one line naming it
 * and exit 1: a benchmark or evaluation never runs on nothing.
 */
export function requireShared(...parts: string[]): string {
  // DIPTYCH_SHARED points elsewhere when the checkout is not beside shared/ (a git worktree).
  const folder = path.join(process.env['DIPTYCH_SHARED'] ?? path.join(repoRoot(), '..', 'shared'), ...parts);
  if (!existsSync(folder)) {
    const script = process.env['npm_lifecycle_event'] ? `npm run ${process.env['npm_lifecycle_event']}` : path.basename(process.argv[1] ?? 'this script');
    console.error(`${script}: needs the folder ../shared/${parts.join('/')}/ beside the repository (${folder} does not exist)`);
    process.exit(1);
  }
  return folder;
}
