// One article's save inside its write transaction: the revision check, then
// only the rows that changed. A segment is known by its place (block,
// position); its row, versions and comments are rewritten only when its
// digest moved, so a 500-segment article with one edited segment writes one
// segment row, its versions and comments, and the article's version.

import { RevisionConflictError, type SaveOptions, type StoreChange } from '../article-store.js';
import { segmentRows, type ArticleRows } from './article-rows.js';
import type { StoreDb } from './store-engine.js';

/** Rows per INSERT: well under both engines' limits on bound values. */
const CHUNK = 200;

const placeKey = (row: { block: number; position: number }) => `${row.block}:${row.position}`;

async function insertChunked<T extends 'segments' | 'segment_versions' | 'segment_comments' | 'blocks'>(trx: StoreDb, table: T, rows: readonly object[]): Promise<void> {
  for (let at = 0; at < rows.length; at += CHUNK) await trx.insertInto(table).values(rows.slice(at, at + CHUNK) as never).execute();
}

/** What a write did: the change to tell (none when the article is exactly as stored), and the article's version after it (its stamp). */
export interface Written {
  change: StoreChange | undefined;
  version: number;
}

/** Write what changed. */
export async function writeArticle(trx: StoreDb, rows: ArticleRows, options: SaveOptions & { place: string }): Promise<Written> {
  const slug = rows.article.slug;
  const stored = await trx.selectFrom('segments').select(['block', 'position', 'id', 'revision', 'digest']).where('slug', '=', slug).execute();
  if (options.expected && options.expected.size > 0) checkRevisions(slug, stored, options.expected, options.place);
  const current = await trx.selectFrom('articles').select(['digest', 'version']).where('slug', '=', slug).executeTakeFirst();
  const storedBlocks = new Map((await trx.selectFrom('blocks').select(['position', 'digest']).where('slug', '=', slug).execute()).map((row) => [row.position, row.digest]));

  const blocksChanged = await writeBlocks(trx, rows, storedBlocks);
  const { changed, reshaped } = await writeSegments(trx, rows, stored);
  const articleChanged = current?.digest !== rows.article.digest;
  if (!articleChanged && !blocksChanged && changed.length === 0 && !reshaped) return { change: undefined, version: Number(current!.version) };

  const version = (current ? Number(current.version) : 0) + 1;
  const updated_at = new Date().toISOString();
  await trx
    .insertInto('articles')
    .values({ ...rows.article, version, updated_at })
    .onConflict((conflict) => conflict.column('slug').doUpdateSet({ title: rows.article.title, fields: rows.article.fields, digest: rows.article.digest, version, updated_at }))
    .execute();
  return { change: !current || articleChanged || blocksChanged || reshaped ? { kind: 'article', slug } : { kind: 'segments', slug, ids: changed }, version };
}

function checkRevisions(slug: string, stored: Array<{ id: string; revision: number }>, expected: ReadonlyMap<string, number>, place: string): void {
  const revisions = new Map(stored.map((row) => [row.id, Number(row.revision)]));
  const conflicts = [...expected].filter(([id, revision]) => revisions.get(id) !== revision).map(([id, revision]) => ({ id, expected: revision, stored: revisions.get(id) }));
  if (conflicts.length > 0) throw new RevisionConflictError(slug, conflicts, place);
}

/** Blocks whose own fields changed, added or gone; whether any did. */
async function writeBlocks(trx: StoreDb, rows: ArticleRows, stored: Map<number, string>): Promise<boolean> {
  const slug = rows.article.slug;
  const changed = rows.blocks.filter((block) => stored.get(block.position) !== block.digest);
  for (const block of changed.filter((candidate) => stored.has(candidate.position))) {
    await trx.updateTable('blocks').set({ fields: block.fields, digest: block.digest }).where('slug', '=', slug).where('position', '=', block.position).execute();
  }
  await insertChunked(trx, 'blocks', changed.filter((block) => !stored.has(block.position)));
  const gone = stored.size > rows.blocks.length;
  if (gone) await trx.deleteFrom('blocks').where('slug', '=', slug).where('position', '>=', rows.blocks.length).execute();
  return changed.length > 0 || gone;
}

/** Segments whose digest moved, with their versions and comments; the ids changed, and whether segments were added or removed. */
async function writeSegments(trx: StoreDb, rows: ArticleRows, stored: Array<{ block: number; position: number; id: string; digest: string }>): Promise<{ changed: string[]; reshaped: boolean }> {
  const slug = rows.article.slug;
  const before = new Map(stored.map((row) => [placeKey(row), row]));
  const after = new Set(rows.segments.map(placeKey));
  const changed = rows.segments.filter((entry) => before.get(placeKey(entry))?.digest !== entry.digest);
  const removed = stored.filter((row) => !after.has(placeKey(row)));
  const written = changed.map(segmentRows);
  const replaced = written.filter(({ segment }) => before.has(placeKey(segment)));
  const added = written.filter(({ segment }) => !before.has(placeKey(segment)));
  for (const row of [...replaced.map(({ segment }) => segment), ...removed]) {
    for (const table of ['segment_versions', 'segment_comments'] as const) {
      await trx.deleteFrom(table).where('slug', '=', slug).where('block', '=', row.block).where('position', '=', row.position).execute();
    }
  }
  for (const row of removed) await trx.deleteFrom('segments').where('slug', '=', slug).where('block', '=', row.block).where('position', '=', row.position).execute();
  for (const { segment } of replaced) {
    const { id, revision, source, target, state, rest, digest } = segment;
    await trx.updateTable('segments').set({ id, revision, source, target, state, rest, digest }).where('slug', '=', slug).where('block', '=', segment.block).where('position', '=', segment.position).execute();
  }
  await insertChunked(trx, 'segments', added.map(({ segment }) => segment));
  await insertChunked(trx, 'segment_versions', written.flatMap(({ versions }) => versions));
  await insertChunked(trx, 'segment_comments', written.flatMap(({ comments }) => comments));
  return { changed: changed.map((entry) => entry.id), reshaped: added.length > 0 || removed.length > 0 };
}
