// One article's save inside its write transaction: the revision check, then
// only the rows that changed. A segment is known by its place (block,
// position); its row is written only when its digest moved, and then its
// versions and comments only from the first entry that differs (a history
// grows at its end). A 500-segment article with one edited segment writes
// one segment row, one version row and the article's version; the edits of
// many people saved together take a few statements, not a few per segment.

import { sql } from './kysely.js';
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

/** Delete the rows of `table` at the given places of one article (from entry `from` on), a chunk of places per statement. */
async function deleteAt(trx: StoreDb, table: 'segments' | 'segment_versions' | 'segment_comments', slug: string, places: ReadonlyArray<{ block: number; position: number; from?: number }>): Promise<void> {
  for (let at = 0; at < places.length; at += CHUNK) {
    const chunk = places.slice(at, at + CHUNK);
    await trx
      .deleteFrom(table)
      .where('slug', '=', slug)
      .where((eb) =>
        eb.or(
          chunk.map((place) => {
            const here = [eb('block', '=', place.block), eb('position', '=', place.position)];
            // Only the versions and comments tables number their rows.
            return eb.and(place.from ? [...here, eb(sql.ref('n'), '>=', place.from)] : here);
          }),
        ),
      )
      .execute();
  }
}

type Place = { block: number; position: number };
type Entries = ReadonlyArray<{ n: number; entry: string }>;
const HISTORY_TABLES = ['segment_versions', 'segment_comments'] as const;

/**
 * The changed segments' versions and comments as they now are. A history
 * grows at its end: the stored entries are compared with the new ones and
 * only those from the first that differs are written (a save of a segment
 * with sixty saved versions writes one more, not sixty-one). Both tables are
 * read in one statement: on PostgreSQL each statement is a round trip.
 */
async function rewriteHistories(trx: StoreDb, slug: string, segments: ReadonlyArray<{ place: Place; versions: Entries; comments: Entries }>): Promise<void> {
  if (segments.length === 0) return;
  const stored = new Map<string, string[]>(HISTORY_TABLES.flatMap((table) => segments.map(({ place }) => [`${table}:${placeKey(place)}`, []])));
  for (let at = 0; at < segments.length; at += CHUNK) {
    const chunk = segments.slice(at, at + CHUNK);
    const [versions, comments] = HISTORY_TABLES.map((table) =>
      trx
        .selectFrom(table)
        .select([sql.lit(table).as('kind'), 'block', 'position', 'n', 'entry'])
        .where('slug', '=', slug)
        .where((eb) => eb.or(chunk.map(({ place }) => eb.and([eb('block', '=', place.block), eb('position', '=', place.position)])))),
    );
    const rows = await versions!.unionAll(comments!).execute();
    for (const row of rows) stored.get(`${row.kind}:${placeKey(row)}`)![Number(row.n)] = row.entry;
  }
  for (const table of HISTORY_TABLES) {
    const cut: Array<Place & { from: number }> = [];
    const added: Array<{ n: number; entry: string }> = [];
    for (const segment of segments) {
      const rows = table === 'segment_versions' ? segment.versions : segment.comments;
      const before = stored.get(`${table}:${placeKey(segment.place)}`)!;
      let same = 0;
      while (same < rows.length && same < before.length && before[same] === rows[same]!.entry) same++;
      if (before.length > same) cut.push({ ...segment.place, from: same });
      added.push(...rows.slice(same));
    }
    await deleteAt(trx, table, slug, cut);
    await insertChunked(trx, table, added);
  }
}

/** Write what changed. */
export async function writeArticle(trx: StoreDb, rows: ArticleRows, options: SaveOptions & { place: string }): Promise<Written> {
  const slug = rows.article.slug;
  const stored = await trx.selectFrom('segments').select(['block', 'position', 'id', 'revision', 'digest']).where('slug', '=', slug).execute();
  if (options.expected && options.expected.size > 0) checkRevisions(slug, stored, options.expected, options.place);
  const current = await trx.selectFrom('articles').select(['digest', 'version']).where('slug', '=', slug).executeTakeFirst();
  const storedBlocks = new Map((await trx.selectFrom('blocks').select(['position', 'digest']).where('slug', '=', slug).execute()).map((row) => [row.position, row.digest]));

  const blocksChanged = await writeBlocks(trx, rows, storedBlocks);
  const { changed, reshaped } = await writeSegments(trx, slug, rows.segments, stored);
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

/**
 * Write only the given segments, the caller having changed nothing else
 * (SaveOptions.changed): the revision check of every expected segment
 * (none needed while the article is at the version the caller read it at,
 * `readAt`), the rows of those whose digest moved, and the article's version. Undefined,
 * having written nothing, when a segment is not where the caller read it
 * (the record was reshaped meanwhile): the caller writes the whole article.
 */
export async function writeChangedSegments(trx: StoreDb, slug: string, entries: ArticleRows['segments'], options: SaveOptions & { place: string }): Promise<Written | undefined> {
  // The article's version and the named segments' rows in one statement (on PostgreSQL, one round trip).
  // Still at the version the caller read: no segment has moved, so these rows are all there is to read
  // (a group of saves on a 500-segment article reads a dozen rows, not every revision). Moved on, or no
  // stamp given: every segment the caller read is checked against its row.
  const ids = [...new Set(entries.map((entry) => entry.id))];
  if (ids.length === 0) return undefined;
  const named = await trx
    .selectFrom('articles as a')
    .leftJoin('segments as s', (join) => join.onRef('s.slug', '=', 'a.slug').on('s.id', 'in', ids))
    .select(['a.version', 's.block', 's.position', 's.id', 's.revision', 's.digest'])
    .where('a.slug', '=', slug)
    .execute();
  if (named.length === 0) return undefined;
  const current = { version: named[0]!.version };
  const unmoved = options.readAt !== undefined && String(current.version) === options.readAt;
  const stored = unmoved
    ? named.flatMap((row) => (row.id === null ? [] : [{ block: row.block!, position: row.position!, id: row.id, revision: row.revision!, digest: row.digest! }]))
    : await trx.selectFrom('segments').select(['block', 'position', 'id', 'revision', 'digest']).where('slug', '=', slug).execute();
  if (!unmoved && options.expected && options.expected.size > 0) checkRevisions(slug, stored, options.expected, options.place);
  // A named segment found at another place (or another at its place) is the record reshaped: the caller writes the whole article.
  const byPlace = new Map(stored.map((row) => [placeKey(row), row]));
  if (entries.some((entry) => byPlace.get(placeKey(entry))?.id !== entry.id)) return undefined;
  const { changed } = await writeSegments(
    trx,
    slug,
    entries,
    entries.map((entry) => byPlace.get(placeKey(entry))!),
  );
  if (changed.length === 0) return { change: undefined, version: Number(current.version) };
  const version = Number(current.version) + 1;
  await trx.updateTable('articles').set({ version, updated_at: new Date().toISOString() }).where('slug', '=', slug).execute();
  return { change: { kind: 'segments', slug, ids: changed }, version };
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

/**
 * Segments whose digest moved, with their versions and comments; the ids
 * changed, and whether segments were added or removed. `stored` are the
 * stored rows of the places `segments` may cover: stored rows at no place
 * of `segments` are removed.
 */
async function writeSegments(trx: StoreDb, slug: string, segments: ArticleRows['segments'], stored: Array<{ block: number; position: number; id: string; digest: string }>): Promise<{ changed: string[]; reshaped: boolean }> {
  const before = new Map(stored.map((row) => [placeKey(row), row]));
  const after = new Set(segments.map(placeKey));
  const changed = segments.filter((entry) => before.get(placeKey(entry))?.digest !== entry.digest);
  const removed = stored.filter((row) => !after.has(placeKey(row)));
  const written = changed.map(segmentRows);
  const replaced = written.filter(({ segment }) => before.has(placeKey(segment)));
  const added = written.filter(({ segment }) => !before.has(placeKey(segment)));
  // A few statements for the whole group of changes, not a few per segment: a review server saves
  // the edits of many people at once, and each statement is a round trip (PostgreSQL) and a compile.
  await deleteAt(trx, 'segment_versions', slug, removed);
  await deleteAt(trx, 'segment_comments', slug, removed);
  await deleteAt(trx, 'segments', slug, removed);
  await rewriteHistories(trx, slug, replaced.map(({ segment, versions, comments }) => ({ place: segment, versions, comments })));
  // Written in place (an upsert on the place keeps the row, so the text index is updated, not rebuilt).
  for (let at = 0; at < written.length; at += CHUNK) {
    await trx
      .insertInto('segments')
      .values(written.slice(at, at + CHUNK).map(({ segment }) => segment))
      .onConflict((conflict) =>
        conflict.columns(['slug', 'block', 'position']).doUpdateSet((eb) => ({
          id: eb.ref('excluded.id'),
          revision: eb.ref('excluded.revision'),
          source: eb.ref('excluded.source'),
          target: eb.ref('excluded.target'),
          state: eb.ref('excluded.state'),
          rest: eb.ref('excluded.rest'),
          digest: eb.ref('excluded.digest'),
        })),
      )
      .execute();
  }
  await insertChunked(trx, 'segment_versions', added.flatMap(({ versions }) => versions));
  await insertChunked(trx, 'segment_comments', added.flatMap(({ comments }) => comments));
  return { changed: changed.map((entry) => entry.id), reshaped: added.length > 0 || removed.length > 0 };
}
