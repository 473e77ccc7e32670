// The stores of an output folder, as every command that reads a whole folder
// (review's list, `stats`, `qa`) must see them: only files that really are in
// the folder (a `*.json` link to somewhere else is not followed), other JSON
// (a saved report) left aside, and a damaged store named rather than taking
// the others down with it.

import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { NotAStoreError } from '../core/errors.js';
import type { Article } from '../core/types.js';
import { loadArticle } from './article-file.js';

export interface FolderStores {
  stores: Array<{ file: string; article: Article }>;
  /** Store files that cannot be used, each with the error that names it and the place. */
  broken: Array<{ file: string; error: unknown }>;
}

/** Whether `file` (links resolved) is inside `dir` (links resolved); false when it does not exist. */
export async function isInsideFolder(file: string, dir: string): Promise<boolean> {
  const [real, folder] = await Promise.all([realpath(file).catch(() => undefined), realpath(dir).catch(() => undefined)]);
  return real !== undefined && folder !== undefined && real.startsWith(folder + path.sep);
}

/** The `*.json` files directly in `dir` that are files inside it, sorted by name. */
export async function storeFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.filter((candidate) => candidate.name.endsWith('.json')).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(dir, entry.name);
    if (entry.isFile() || (entry.isSymbolicLink() && (await isInsideFolder(file, dir)))) files.push(file);
  }
  return files;
}

/**
 * Every store of the folder. JSON that is not a store is left out; a store
 * that is damaged (bad JSON, a segment without `terms`…) or unreadable is listed in `broken`.
 */
export async function readStoresIn(dir: string): Promise<FolderStores> {
  const result: FolderStores = { stores: [], broken: [] };
  for (const file of await storeFilesIn(dir)) {
    try {
      const article = await loadArticle(file);
      if (article) result.stores.push({ file, article });
    } catch (error) {
      if (!(error instanceof NotAStoreError)) result.broken.push({ file, error });
    }
  }
  return result;
}
