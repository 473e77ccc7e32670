// What a parser hands back before the file's name and hash are attached: its own module so the
// reader and the worker that parses large pages share it without importing each other.

import type { Block, SkippedContent } from '../core/types.js';

export interface ParsedArticle {
  blocks: Block[];
  title?: string;
  metadata?: { title?: string; byline?: string; published?: string; siteName?: string };
  /** What the reader left out (embedded media, forms, raw HTML), with its line. */
  skipped?: SkippedContent[];
}
