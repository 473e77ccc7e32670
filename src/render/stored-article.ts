import { InputError } from '../core/errors.js';
import type { Article, Block, Segment } from '../core/types.js';

/**
 * Read an article from a store JSON file (`{ "diptych": 1, "article": … }`,
 * or a bare Article). Extra fields are ignored, missing list fields default to
 * empty, and anything an output needs and cannot default is reported with the
 * file name.
 */
export function parseStoredArticle(json: string, file: string): Article {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, {
      file,
      hint: 'pass a store file written by `diptych translate` (out/<slug>.json)',
      cause: error,
    });
  }
  const article = isObject(data) && isObject(data.article) ? data.article : data;
  const fail = (what: string): never => {
    throw new InputError(`not a diptych store: ${what}`, {
      file,
      hint: 'pass a store file written by `diptych translate` (out/<slug>.json)',
    });
  };
  if (!isObject(article)) return fail('no article object');
  if (!Array.isArray(article.blocks)) return fail('article has no "blocks" list');
  const blocks = article.blocks.map((block: unknown, b: number): Block => {
    if (!isObject(block) || !Array.isArray(block.segments)) return fail(`block ${b + 1} has no "segments" list`);
    const segments = block.segments.map((segment: unknown, s: number): Segment => {
      if (!isObject(segment) || typeof segment.id !== 'string' || typeof segment.source !== 'string') {
        return fail(`block ${b + 1}, segment ${s + 1} lacks a string "id" or "source"`);
      }
      return {
        ...segment,
        id: segment.id,
        source: segment.source,
        sourceMarks: listOr(segment.sourceMarks),
        state: typeof segment.state === 'string' ? segment.state : segment.target ? 'translated' : 'new',
        terms: listOr(segment.terms),
        unknownWords: listOr(segment.unknownWords),
        findings: listOr(segment.findings),
      } as Segment;
    });
    return {
      ...block,
      kind: typeof block.kind === 'string' ? block.kind : 'paragraph',
      text: typeof block.text === 'string' ? block.text : segments.map((segment) => segment.source).join(' '),
      marks: listOr(block.marks),
      segments,
    } as Block;
  });
  const title = typeof article.title === 'string' ? article.title : '';
  return {
    ...article,
    slug: typeof article.slug === 'string' ? article.slug : '',
    sourcePath: typeof article.sourcePath === 'string' ? article.sourcePath : file,
    format: typeof article.format === 'string' ? article.format : 'txt',
    sourceLang: typeof article.sourceLang === 'string' ? article.sourceLang : 'fr',
    targetLang: typeof article.targetLang === 'string' ? article.targetLang : 'en',
    title,
    blocks,
  } as Article;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOr<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
