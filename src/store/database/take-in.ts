// An output folder written before the store of record (its `<slug>.json`
// files were the record) taken into the database the first time a store is
// opened on it: every article as it is, ids, revisions, history, comments
// and provenance included. Only when the database holds none of the folder's
// articles, so a later open never brings back an old file over newer records.
// A file that cannot be read is reported and left where it is, never lost;
// the others are imported. A second process taking in at the same moment
// writes nothing: its saves find every row as it is.

import path from 'node:path';
import { InputError } from '../../core/errors.js';
import { readStoresIn, storeFilesIn } from '../store-folder.js';
import type { DatabaseStore, TakeInReport } from './database-store.js';

export async function takeInFolder(store: DatabaseStore, outDir: string): Promise<TakeInReport> {
  const report: TakeInReport = { imported: [], broken: [] };
  const files = await storeFilesIn(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (files.length === 0) return report;
  const stored = new Set(await store.list());
  const slugOf = (file: string) => path.basename(file, '.json');
  if (files.some((file) => stored.has(slugOf(file)))) return report;
  const { stores, broken } = await readStoresIn(outDir);
  for (const { file, error } of broken) report.broken.push({ slug: slugOf(file), place: file, error });
  for (const { file, article } of stores) {
    if (article.slug !== slugOf(file)) {
      const error = new InputError(`holds the article "${article.slug}", not "${slugOf(file)}"`, { file, hint: 'rename the file after its article, or translate it again; it was left as it is' });
      report.broken.push({ slug: slugOf(file), place: file, error });
      continue;
    }
    await store.save(article);
    report.imported.push(article.slug);
  }
  return report;
}
