// An output folder written before the store of record (its `<slug>.json`
// files were the record) taken into the database the first time a store is
// opened on it: every article as it is, ids, revisions, history, comments
// and provenance included. Only when the database holds none of the folder's
// articles, so a later open never brings back an old file over newer records.
// The whole import is one write transaction that checks that again first:
// two processes opening the folder at once import it once, and nobody sees
// half of it. Files are read one at a time (a folder of 10,000 articles is
// never all in memory). A file that cannot be read is reported and left
// where it is, never lost; the others are imported.

import path from 'node:path';
import { InputError, NotAStoreError } from '../../core/errors.js';
import { loadArticle, serializeArticleChunks } from '../article-file.js';
import { RevisionConflictError } from '../article-store.js';
import { publishFiles } from '../publish-files.js';
import { publishedEdits } from '../published-edits.js';
import { storeFilesIn } from '../store-folder.js';
import { rowsOf } from './article-rows.js';
import { publishedStamp, type DatabaseStore, type TakeInReport } from './database-store.js';
import { writeArticle } from './save-rows.js';

const slugOf = (file: string) => path.basename(file, '.json');

export async function takeInFolder(store: DatabaseStore, outDir: string): Promise<TakeInReport> {
  const files = await storeFilesIn(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const empty: TakeInReport = { imported: [], edited: [], broken: [] };
  if (files.length === 0 || (await holdsAnyOf(store, files))) return empty;
  const { backend } = store;
  return backend.write('take in', async (trx) => {
    const stored = new Set((await trx.selectFrom('articles').select('slug').execute()).map((row) => row.slug));
    if (files.some((file) => stored.has(slugOf(file)))) return empty;
    const report: TakeInReport = { imported: [], edited: [], broken: [] };
    for (const file of files) {
      const slug = slugOf(file);
      try {
        const article = await loadArticle(file);
        if (!article) continue;
        if (article.slug !== slug) throw new InputError(`holds the article "${article.slug}", not "${slug}"`, { file, hint: 'rename the file after its article, or translate it again; it was left as it is' });
        const { change, version, writes } = await writeArticle(trx, rowsOf(article), { place: store.placeOf(slug) });
        await backend.writeAndTell(trx, writes, change);
        // The file as taken in is what the store has published: an edit after this is noticed.
        const stamp = await publishedStamp(file);
        if (stamp !== undefined) await trx.insertInto('published_files').values({ slug, stamp, version }).onConflict((conflict) => conflict.column('slug').doUpdateSet({ stamp, version })).execute();
        report.imported.push(slug);
      } catch (error) {
        // JSON that is not a store (a saved report) is no article; a damaged store is reported.
        if (!(error instanceof InputError)) throw error;
        if (!(error instanceof NotAStoreError)) report.broken.push({ slug, place: file, error });
      }
    }
    return report;
  });
}

async function holdsAnyOf(store: DatabaseStore, files: string[]): Promise<boolean> {
  const stored = new Set(await store.list());
  return files.some((file) => stored.has(slugOf(file)));
}

/**
 * Each published JSON written since the store published it (someone corrected
 * a sentence in it by hand): its edits taken into the record where the file is
 * at the record's revision (published-edits.ts), and the JSON published again
 * from the record. A file that cannot be read is reported and left as it is.
 */
export async function takeInEdits(store: DatabaseStore, outDir: string, report: TakeInReport): Promise<void> {
  for (const [slug, known] of await store.publishedStamps()) {
    const file = path.join(outDir, `${slug}.json`);
    const stamp = await publishedStamp(file);
    if (stamp === undefined || stamp === known) continue;
    try {
      const published = await loadArticle(file);
      const record = await store.load(slug);
      if (!published || !record) continue;
      const { article, expected } = publishedEdits(record, published);
      if (expected.size > 0) {
        await store.save(article, { expected });
        report.edited.push(slug);
      }
      await publishFiles(outDir, slug, { json: serializeArticleChunks(expected.size > 0 ? article : record) });
      await store.rememberPublished(slug, file);
    } catch (error) {
      // Saved meanwhile by another process: the record is newer than the file, which its next publish replaces.
      if (error instanceof RevisionConflictError) continue;
      if (!(error instanceof InputError)) throw error;
      report.broken.push({ slug, place: file, error });
    }
  }
}
