// Stage 1 — read: a file on disk becomes an Article of blocks (title, heading,
// paragraph, quote, list item) with plain text and inline marks. Nothing is
// segmented or translated here.

import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { shortHash } from '../core/hash.js';
import type { Article, Block, SourceFormat } from '../core/types.js';
import { parseInWorker, WORKER_PAGE_CHARACTERS } from './parse-in-worker.js';
import type { ParsedArticle } from './parsed-article.js';
import { readPlainText } from './text.js';

const FORMATS = new Map<string, SourceFormat>([
  ['.txt', 'txt'], ['.text', 'txt'],
  ['.md', 'md'], ['.markdown', 'md'],
  ['.html', 'html'], ['.htm', 'html'], ['.xhtml', 'html'],
]);

export const supportedExtensions = [...FORMATS.keys()];
export { fetchPage, isWebAddress, DEFAULT_USER_AGENT, type FetchedPage, type FetchPageOptions } from './fetch-page.js';

export function formatOf(file: string): SourceFormat | undefined {
  return FORMATS.get(path.extname(file).toLowerCase());
}

export interface ReadOptions {
  /** Output name; defaults to the file name without extension. */
  slug?: string;
  /** The address a fetched page came from: recorded on the article, and relative links resolve against it. */
  url?: string;
  sourceLang?: string;
  targetLang?: string;
}

/** Read and parse one article; every failure is an InputError naming the file and what to do. */
export async function readArticle(file: string, options: ReadOptions = {}): Promise<Article> {
  const format = formatOf(file);
  if (!format) {
    throw new InputError(`unsupported file type '${path.extname(file) || '(none)'}'`, {
      file,
      hint: `give a .txt, .md or .html file`,
    });
  }
  const content = decodeArticle(await readBytes(file), file);
  return articleOf(content, format, file, options);
}

/** An article from text already in memory (a fetched page, say); `sourcePath` names where it came from. */
export async function articleOf(content: string, format: SourceFormat, sourcePath: string, options: ReadOptions = {}): Promise<Article> {
  const parsed = await parseNamed(content, format, sourcePath);
  if (!parsed.blocks.some((block) => block.text.trim() !== '')) {
    throw new InputError('no article text found', { file: sourcePath, hint: 'the file has markup but no paragraphs to translate' });
  }
  const titleBlock = parsed.blocks.find((block) => block.kind === 'title');
  const slug = options.slug ?? slugify(path.basename(sourcePath, path.extname(sourcePath)));
  const metadata = parsed.metadata ?? {};
  if (options.url) resolveLinks(parsed.blocks, options.url);
  return {
    slug,
    sourcePath: options.url ?? sourcePath,
    ...(options.url ? { url: options.url } : {}),
    format,
    sourceLang: options.sourceLang ?? 'fr',
    targetLang: options.targetLang ?? 'en',
    title: titleBlock?.text ?? parsed.title ?? untitledName(parsed.blocks.find((block) => block.text)!.text, options.url ?? sourcePath),
    ...(metadata.title ? { pageTitle: metadata.title } : {}),
    ...(metadata.byline ? { byline: metadata.byline } : {}),
    ...(metadata.published ? { published: metadata.published } : {}),
    ...(metadata.siteName ? { siteName: metadata.siteName } : {}),
    ...(parsed.skipped && parsed.skipped.length > 0 ? { skipped: parsed.skipped } : {}),
    blocks: parsed.blocks,
  };
}

export type { ParsedArticle } from './parsed-article.js';

/**
 * The article parsed, any failure of a parser reported as this file's: a
 * parser's own error (a stack overflow on markup nested deeper than the
 * reader's bound can reach) would otherwise end a batch without a name.
 */
async function parseNamed(content: string, format: SourceFormat, file: string): Promise<ParsedArticle> {
  try {
    return format === 'html' && content.length > WORKER_PAGE_CHARACTERS ? await parseInWorker(content, format, parseArticle) : await parseArticle(content, format);
  } catch (error) {
    if (error instanceof InputError) throw error.file === undefined ? new InputError(error.message, { file, ...(error.line !== undefined ? { line: error.line } : {}), ...(error.hint ? { hint: error.hint } : {}), cause: error }) : error;
    const tooDeep = error instanceof RangeError && /call stack/i.test(error.message);
    throw new InputError(tooDeep ? 'is nested too deeply to read' : `cannot be parsed as ${format.toUpperCase()} (${(error as Error).message})`, {
      file,
      hint: tooDeep ? 'flatten its nesting (block quotes, lists, elements inside each other) and try again' : 'check the file, or save it again from its editor',
      cause: error,
    });
  }
}

// The Markdown and HTML parsers are loaded on first use: a run over plain
// text, or one that finds every article up to date, never pays for them.
export async function parseArticle(content: string, format: SourceFormat): Promise<ParsedArticle> {
  switch (format) {
    case 'txt':
      return { blocks: readPlainText(content) };
    case 'md':
      return (await import('./markdown.js')).readMarkdown(content);
    case 'html':
      return (await import('./html.js')).readHtml(content);
  }
}

/** A fetched page's relative links (`/politique/…`) made absolute, so they still lead somewhere from the outputs. */
function resolveLinks(blocks: Block[], base: string): void {
  for (const block of blocks) {
    for (const mark of block.marks) {
      if (mark.kind !== 'link' || mark.href === undefined || /^[a-z][a-z0-9+.-]*:/i.test(mark.href)) continue;
      try {
        mark.href = new URL(mark.href, base).href;
      } catch {
        // Not an address at all: leave it as written; renderers only keep safe links.
      }
    }
  }
}

/** Files read synchronously, at most (see readBytes). */
const SMALL_FILE_BYTES = 1 << 20;

async function readBytes(file: string): Promise<Buffer> {
  try {
    // Reading a FIFO (or a device) waits for a writer that may never come: only regular files are read.
    const info = await stat(file);
    if (!info.isFile() && !info.isDirectory()) {
      throw new InputError(`is ${info.isFIFO() ? 'a named pipe (FIFO)' : info.isSocket() ? 'a socket' : 'a device'}, not a regular file`, { file, hint: 'save the article to a file and give that file' });
    }
    // An article is a few kilobytes: read at once, it costs less than the open, stat, read and close
    // of an asynchronous read, each a turn of the thread pool. A large file is still read without
    // holding up the event loop.
    return info.size <= SMALL_FILE_BYTES ? readFileSync(file) : await readFile(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? ['no such file', 'check the path'] :
      code === 'EISDIR' ? ['is a folder, not a file', 'use `diptych batch` for folders'] :
      code === 'EACCES' ? ['permission denied', 'make the file readable'] :
      ['cannot be read', 'check the file'];
    throw new InputError(reason[0]!, { file, hint: reason[1]!, cause: error });
  }
}

/** Strict UTF-8, so a Latin-1 file is reported instead of translated as mojibake. */
export function decodeArticle(bytes: Buffer, file: string): string {
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') {
    throw new InputError('file is empty', { file, hint: 'add the article text or remove the file' });
  }
  const utf16 = utf16Encoding(bytes);
  if (utf16) return decodeUtf16(bytes, utf16, file);
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new InputError('looks like a binary file, not text', { file, line: lineAt(bytes, nul), hint: 'give a UTF-8 .txt, .md or .html file' });
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch (error) {
    throw new InputError('is not valid UTF-8', {
      file,
      line: lineOfFirstInvalid(bytes),
      hint: 'convert it, e.g. `iconv -f latin1 -t utf-8`',
      cause: error,
    });
  }
}

/** UTF-16 announced by its byte-order mark (Windows editors save "Unicode" text so). */
function utf16Encoding(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function decodeUtf16(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be', file: string): string {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    throw new InputError(`starts as ${encoding.toUpperCase()} (byte-order mark) but is not valid ${encoding.toUpperCase()}`, {
      file,
      hint: `convert it to UTF-8, e.g. \`iconv -f ${encoding.toUpperCase()} -t UTF-8\``,
      cause: error,
    });
  }
  if (text.includes('\u0000')) throw new InputError('holds NUL characters', { file, hint: 'give a text file' });
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Line of the first undecodable byte: a lenient decode marks it with U+FFFD. */
function lineOfFirstInvalid(bytes: Buffer): number {
  const lenient = bytes.toString('utf8');
  const bad = lenient.indexOf('\uFFFD');
  return lenient.slice(0, Math.max(0, bad)).split('\n').length;
}

/**
 * An untitled article is named by its opening text when that is short enough
 * to be whole; otherwise by its file's name (or its address): a sentence cut
 * short would read as a headline the author never wrote.
 */
function untitledName(text: string, source: string, max = 70): string {
  if (text.length <= max) return text;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? source : path.basename(source);
}

/**
 * Longest output name, in characters (ASCII, so bytes too): with `.json` and a
 * temporary file's suffix it stays far below the 255 bytes a file name may have.
 */
const MAX_SLUG = 120;

/** File-system- and URL-safe output name; a long one is cut and told apart by a hash of the whole. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  if (slug.length <= MAX_SLUG) return slug || 'article';
  return `${slug.slice(0, MAX_SLUG - 9).replace(/[-.]+$/, '')}-${shortHash(slug, 8)}`;
}
