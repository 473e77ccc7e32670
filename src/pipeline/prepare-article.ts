// A source file as the per-article path takes it: read and split into sentences.

import type { Article } from '../core/types.js';
import { readArticle, type ReadOptions } from '../read/index.js';
import { segmentArticle } from '../segment/index.js';

export async function prepareArticle(file: string, options: ReadOptions = {}): Promise<Article> {
  return segmentArticle(await readArticle(file, options));
}
