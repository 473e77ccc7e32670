// Pages fetched from the web, kept in the run's state folder
// (<out>/.diptych/pages/): the page as fetched (decoded to UTF-8) beside a small
// record of where and when it came from. A second run reads the kept page
// instead of fetching it again, so it is skipped as unchanged like any file.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { shortHash } from '../core/hash.js';
import { writeAtomic } from '../core/files.js';

export const PAGES_DIR = 'pages';

export interface CachedPage {
  url: string;
  finalUrl: string;
  fetchedAt: string;
  contentType: string;
  /** The kept page, to read as an .html file. */
  file: string;
}

/** The kept page's file for an address: a readable name plus a hash, so two addresses never share one. */
export function pageFile(cacheDir: string, url: string): string {
  const parsed = new URL(url);
  const last = parsed.pathname.split('/').filter(Boolean).pop() ?? '';
  const stem = (last.replace(/\.[a-z0-9]+$/i, '') || parsed.hostname).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'page';
  return path.join(cacheDir, PAGES_DIR, `${stem}-${shortHash(url, 10)}.html`);
}

export async function loadCachedPage(cacheDir: string, url: string): Promise<CachedPage | undefined> {
  const file = pageFile(cacheDir, url);
  try {
    const record = JSON.parse(await readFile(`${file}.json`, 'utf8')) as Omit<CachedPage, 'file'>;
    await readFile(file);
    return { ...record, file };
  } catch {
    return undefined;
  }
}

export async function saveCachedPage(cacheDir: string, page: Omit<CachedPage, 'file'> & { html: string }): Promise<CachedPage> {
  const file = pageFile(cacheDir, page.url);
  const { html, ...record } = page;
  await writeAtomic(file, html);
  await writeAtomic(`${file}.json`, `${JSON.stringify(record, null, 2)}\n`);
  return { ...record, file };
}
