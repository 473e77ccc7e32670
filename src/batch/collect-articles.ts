// The articles of `diptych batch <dir>`: every supported file under a folder,
// named after its path inside it.

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { formatOf, slugify, supportedExtensions } from '../read/index.js';
import type { ArticleJob } from './types.js';

/**
 * Every supported article under dir, in a stable order, named after its
 * relative path. Files under `exclude` (the output and cache folders, when
 * they are inside dir) and in hidden folders are not articles.
 */
export async function collectArticles(dir: string, exclude: string[] = []): Promise<ArticleJob[]> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new InputError('no such folder', { file: dir, hint: 'check the path', cause: error });
  }
  if (!info.isDirectory()) throw new InputError('is a file, not a folder', { file: dir, hint: 'use `diptych translate` for single files' });
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const excluded = exclude.map((folder) => path.resolve(folder) + path.sep);
  const files = entries
    .filter((entry) => entry.isFile() && formatOf(entry.name) !== undefined)
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => {
      const relative = path.relative(dir, file);
      return !relative.split(path.sep).some((part) => part.startsWith('.')) && !excluded.some((folder) => path.resolve(file).startsWith(folder));
    })
    .sort();
  if (files.length === 0) throw new InputError('holds no articles', { file: dir, hint: `add ${supportedExtensions.join(', ')} files` });
  return files.map((file) => {
    const relative = path.relative(dir, file);
    const withoutExtension = relative.slice(0, relative.length - path.extname(relative).length);
    // Slugified once more as a whole: a deep path is shortened like a long name.
    return { file, slug: slugify(withoutExtension.split(path.sep).map(slugify).join('--')) };
  });
}
