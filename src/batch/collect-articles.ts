// The articles of `diptych batch <dir>`: every supported file under a folder,
// named after its path inside it.

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { formatOf, slugify, supportedExtensions } from '../read/index.js';
import type { ArticleJob } from './types.js';

/** An entry of the folder that is not read, and why (a link, a named pipe). */
export interface SkippedEntry {
  file: string;
  reason: string;
}

/**
 * Every supported article under dir, in a stable order, named after its
 * relative path. Files under `exclude` (the output and cache folders, when
 * they are inside dir) and in hidden folders are not articles. Symbolic links
 * are not followed (a link can lead out of the folder, or in a loop back into
 * it) and named pipes, sockets and devices are not read (a read could wait
 * forever): each is handed to `onSkipped`, so the run can say so.
 */
export async function collectArticles(dir: string, exclude: string[] = [], onSkipped: (entry: SkippedEntry) => void = () => undefined): Promise<ArticleJob[]> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new InputError('no such folder', { file: dir, hint: 'check the path', cause: error });
  }
  if (!info.isDirectory()) throw new InputError('is a file, not a folder', { file: dir, hint: 'use `diptych translate` for single files' });
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const excluded = exclude.map((folder) => path.resolve(folder) + path.sep);
  const inScope = (file: string): boolean => {
    const relative = path.relative(dir, file);
    return !relative.split(path.sep).some((part) => part.startsWith('.')) && !excluded.some((folder) => path.resolve(file).startsWith(folder));
  };
  for (const entry of entries) {
    const file = path.join(entry.parentPath, entry.name);
    const reason = entry.isSymbolicLink() ? 'symbolic link, not followed' : entry.isFIFO() ? 'named pipe (FIFO), not read' : entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice() ? 'not a regular file, not read' : undefined;
    if (reason !== undefined && inScope(file)) onSkipped({ file, reason });
  }
  const files = entries
    .filter((entry) => entry.isFile() && formatOf(entry.name) !== undefined)
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(inScope)
    .sort();
  if (files.length === 0) throw new InputError('holds no articles', { file: dir, hint: `add ${supportedExtensions.join(', ')} files` });
  return files.map((file) => {
    const relative = path.relative(dir, file);
    const withoutExtension = relative.slice(0, relative.length - path.extname(relative).length);
    // Slugified once more as a whole: a deep path is shortened like a long name.
    return { file, slug: slugify(withoutExtension.split(path.sep).map(slugify).join('--')) };
  });
}
