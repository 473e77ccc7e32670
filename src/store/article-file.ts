// One article's store file: the aligned article as JSON on disk, the
// project's machine-readable source of truth. Shape: { "diptych": 1, "article": Article }.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { writeAtomic } from '../core/files.js';
import type { Article } from '../core/types.js';

export const STORE_FORMAT = 1;

export interface StoredArticle {
  diptych: typeof STORE_FORMAT;
  article: Article;
}

export function storeFile(outDir: string, slug: string): string {
  return path.join(outDir, `${slug}.json`);
}

export function serializeArticle(article: Article): string {
  const stored: StoredArticle = { diptych: STORE_FORMAT, article };
  return JSON.stringify(stored, null, 2) + '\n';
}

/** Atomically replace the article's store file. */
export async function saveArticle(outDir: string, article: Article): Promise<string> {
  const file = storeFile(outDir, article.slug);
  await writeAtomic(file, serializeArticle(article));
  return file;
}

export function parseStoredArticle(json: string, file: string): Article {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new InputError(`is not valid JSON (${(error as Error).message})`, { file, hint: 'restore it from a backup or re-run the translation', cause: error });
  }
  const stored = data as Partial<StoredArticle> | null;
  if (!stored || stored.diptych !== STORE_FORMAT || !stored.article || !Array.isArray(stored.article.blocks)) {
    throw new InputError('is not a diptych store file', { file, hint: 'give a .json file written by `diptych translate`' });
  }
  return stored.article;
}

/** The stored article, or undefined when there is none yet. */
export async function loadArticle(file: string): Promise<Article | undefined> {
  let json: string;
  try {
    json = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError('cannot be read', { file, hint: 'check its permissions', cause: error });
  }
  return parseStoredArticle(json, file);
}
