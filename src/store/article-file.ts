// One article's store file: the aligned article as JSON on disk, the
// project's machine-readable source of truth. Shape: { "diptych": 1, "article": Article }.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DamagedStoreError, InputError, NotAStoreError } from '../core/errors.js';
import { writeAtomicChunks } from '../core/files.js';
import type { Article } from '../core/types.js';
import { storeProblem } from './store-schema.js';

export const STORE_FORMAT = 1;

export interface StoredArticle {
  diptych: typeof STORE_FORMAT;
  article: Article;
}

export function storeFile(outDir: string, slug: string): string {
  return path.join(outDir, `${slug}.json`);
}

export function serializeArticle(article: Article): string {
  return [...serializeArticleChunks(article)].join('');
}

// Stands for the blocks in the store's frame; JSON escapes U+0000, so no article text can be it.
const BLOCKS_MARK = '\u0000diptych:blocks';
const BLOCK_INDENT = '      ';

/**
 * The same JSON in pieces, block by block, exactly as `JSON.stringify(stored,
 * null, 2)` lays it out: a 40,000-sentence article is never one 30 MB string,
 * and the pieces can be written as they come.
 */
export function* serializeArticleChunks(article: Article): Generator<string> {
  if (article.blocks.length === 0) {
    yield `${JSON.stringify({ diptych: STORE_FORMAT, article } satisfies StoredArticle, null, 2)}\n`;
    return;
  }
  const frame = JSON.stringify({ diptych: STORE_FORMAT, article: { ...article, blocks: [BLOCKS_MARK] } }, null, 2);
  const mark = JSON.stringify(BLOCKS_MARK);
  const at = frame.indexOf(mark);
  yield frame.slice(0, at);
  let first = true;
  for (const block of article.blocks) {
    yield `${first ? '' : `,\n${BLOCK_INDENT}`}${JSON.stringify(block, null, 2).replaceAll('\n', `\n${BLOCK_INDENT}`)}`;
    first = false;
  }
  yield `${frame.slice(at + mark.length)}\n`;
}

/** Atomically replace the article's store file. */
export async function saveArticle(outDir: string, article: Article): Promise<string> {
  const file = storeFile(outDir, article.slug);
  await writeAtomicChunks(file, serializeArticleChunks(article));
  return file;
}

export function parseStoredArticle(json: string, file: string): Article {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new DamagedStoreError(`is not valid JSON (${(error as Error).message})`, { file, hint: 'restore it from a backup or re-run the translation', cause: error });
  }
  const stored = data as Partial<StoredArticle> | null;
  // JSON that does not say it is a store is something else (a saved report); one that says so and is not, is damaged.
  if (!stored || typeof stored !== 'object' || stored.diptych !== STORE_FORMAT) {
    throw new NotAStoreError('is not a diptych store file', { file, hint: 'give a .json file written by `diptych translate`' });
  }
  const problem = storeProblem(stored);
  if (problem !== undefined) {
    throw new DamagedStoreError(`is a damaged diptych store: ${problem}`, { file, hint: 'repair that place by hand, restore the file from a backup, or translate the article again' });
  }
  return (stored as StoredArticle).article;
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
