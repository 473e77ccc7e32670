// Publishing an article's reading files into a folder, all of them or none:
// every file is staged (written and flushed beside its place) before any is
// renamed into place, so a rendering that fails half-way leaves every earlier
// file as it was. Shared by every store: the folder store publishes beside its
// records, the database store into its output folder.

import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { stageFile, type StagedFile } from '../core/files.js';
import type { PublishedKind, PublishedPieces, PublishOptions } from './article-store.js';

/** Published files are committed in this order: the record first, it is the source of truth. */
const KINDS: readonly PublishedKind[] = ['json', 'md', 'html'];

/**
 * Runs the renames that publish the staged files, or declines (false): a
 * store of record holds the article's write lock around them and declines
 * when the record has moved on since the pieces were made.
 */
export type PublishGuard = (commitAll: () => Promise<void>) => Promise<boolean>;

/**
 * Write `<dir>/<slug>.<kind>` for each kind given, all or none; returns each
 * file written (none when `guard` declined: every staged file is discarded).
 */
export async function publishFiles(dir: string, slug: string, pieces: PublishedPieces, options: PublishOptions = {}, guard?: PublishGuard): Promise<Partial<Record<PublishedKind, string>>> {
  const base = path.join(dir, slug);
  const kinds = KINDS.filter((kind) => pieces[kind] !== undefined);
  const files = Object.fromEntries(kinds.map((kind) => [kind, `${base}.${kind}`])) as Partial<Record<PublishedKind, string>>;
  const staged = await stageAll(kinds.map((kind) => [files[kind]!, pieces[kind]!]));
  let committed = 0;
  const commitAll = async () => {
    for (const [index, kind] of kinds.entries()) {
      await staged[index]!.commit();
      committed = index + 1;
      if (options.mtime !== undefined) await utimes(files[kind]!, options.mtime / 1000, options.mtime / 1000);
    }
  };
  if (!guard) {
    await commitAll();
    return files;
  }
  try {
    if (await guard(commitAll)) return files;
  } catch (error) {
    await Promise.all(staged.slice(committed).map((file) => file.discard()));
    throw error;
  }
  await Promise.all(staged.map((file) => file.discard()));
  return {};
}

/** Every file staged, or none: a failure discards those already staged. */
async function stageAll(files: Array<[string, Iterable<string>]>): Promise<StagedFile[]> {
  const staged: StagedFile[] = [];
  try {
    for (const [file, chunks] of files) staged.push(await stageFile(file, chunks));
  } catch (error) {
    await Promise.all(staged.map((file) => file.discard()));
    throw error;
  }
  return staged;
}
