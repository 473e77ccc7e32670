// One article's save inside its write transaction: the revision check, then
// only the rows that changed. A segment is known by its place (block,
// position); its row is written only when its digest moved, and then its
// versions and comments only from the first entry that differs (a history
// grows at its end). A 500-segment article with one edited segment writes
// one segment row, one version row and the article's version; the edits of
// many people saved together take a few statements, not a few per segment.

import type { Compilable } from 'kysely';
import { sql } from './kysely.js';
import { RevisionConflictError, type SaveOptions, type StoreChange } from '../article-store.js';
import type { Article, Segment } from '../../core/types.js';
import { historyRows, segmentDigest, segmentRow, type ArticleRows } from './article-rows.js';
import type { StoreDb } from './store-engine.js';

/** Rows per INSERT: well under both engines' limits on bound values. */
const CHUNK = 200;

const placeKey = (row: { block: number; position: number }) => `${row.block}:${row.position}`;

function insertChunked<T extends 'segments' | 'segment_versions' | 'segment_comments' | 'blocks'>(trx: StoreDb, writes: Compilable[], table: T, rows: readonly object[]): void {
  for (let at = 0; at < rows.length; at += CHUNK) writes.push(trx.insertInto(table).values(rows.slice(at, at + CHUNK) as never));
}

/**
 * What a save comes to: the change to tell (none when the article is exactly
 * as stored), the article's version after it (its stamp), and the inserts
 * and updates still to run, in order, after the deletes and reads already
 * done (the engine sends them: StoreEngine.writeAndTell).
 */
export interface Written {
  change: StoreChange | undefined;
  version: number;
  writes: Compilable[];
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
type Entry = ArticleRows['segments'][number];
const HISTORY_TABLES = ['segment_versions', 'segment_comments'] as const;
type HistoryTable = (typeof HISTORY_TABLES)[number];

const entriesOf = (segment: Segment, table: HistoryTable): readonly object[] => (table === 'segment_versions' ? segment.history : segment.comments) ?? [];

/**
 * The changed segments' versions and comments as they now are. A history
 * grows at its end: the stored entries are compared with the new ones and
 * only those from the first that differs are written (a save of a segment
 * with sixty saved versions writes one more, not sixty-one). The stored
 * entries are the segment as the caller read it (`before`) when it is known
 * to be stored as that copy; else both tables are read in one statement (on
 * PostgreSQL each statement is a round trip).
 */
async function rewriteHistories(trx: StoreDb, writes: Compilable[], slug: string, segments: ReadonlyArray<{ entry: Entry; before?: Segment }>): Promise<void> {
  if (segments.length === 0) return;
  const toRead = segments.filter(({ before }) => before === undefined);
  const stored = new Map<string, string[]>(HISTORY_TABLES.flatMap((table) => toRead.map(({ entry }) => [`${table}:${placeKey(entry)}`, []])));
  for (let at = 0; at < toRead.length; at += CHUNK) {
    const chunk = toRead.slice(at, at + CHUNK);
    const [versions, comments] = HISTORY_TABLES.map((table) =>
      trx
        .selectFrom(table)
        .select([sql.lit(table).as('kind'), 'block', 'position', 'n', 'entry'])
        .where('slug', '=', slug)
        .where((eb) => eb.or(chunk.map(({ entry }) => eb.and([eb('block', '=', entry.block), eb('position', '=', entry.position)])))),
    );
    const rows = await versions!.unionAll(comments!).execute();
    for (const row of rows) stored.get(`${row.kind}:${placeKey(row)}`)![Number(row.n)] = row.entry;
  }
  for (const table of HISTORY_TABLES) {
    const cut: Array<Place & { from: number }> = [];
    const added: object[] = [];
    for (const { entry, before } of segments) {
      const now = entriesOf(entry.segment, table);
      // The same object is the same entry (a save keeps the history it extends); else their JSON is compared.
      const known = before ? entriesOf(before, table) : stored.get(`${table}:${placeKey(entry)}`)!;
      const same = (i: number): boolean => (before ? now[i] === known[i] || JSON.stringify(now[i]) === JSON.stringify(known[i]) : known[i] === JSON.stringify(now[i]));
      let equal = 0;
      while (equal < now.length && equal < known.length && same(equal)) equal++;
      if (known.length > equal) cut.push({ block: entry.block, position: entry.position, from: equal });
      added.push(...historyRows(entry, table, equal));
    }
    await deleteAt(trx, table, slug, cut);
    insertChunked(trx, writes, table, added);
  }
}

/** Write what changed. */
export async function writeArticle(trx: StoreDb, rows: ArticleRows, options: SaveOptions & { place: string }): Promise<Written> {
  const slug = rows.article.slug;
  const stored = await trx.selectFrom('segments').select(['block', 'position', 'id', 'revision', 'digest']).where('slug', '=', slug).execute();
  if (options.expected && options.expected.size > 0) checkRevisions(slug, stored, options.expected, options.place);
  const current = await trx.selectFrom('articles').select(['digest', 'version']).where('slug', '=', slug).executeTakeFirst();
  const storedBlocks = new Map((await trx.selectFrom('blocks').select(['position', 'digest']).where('slug', '=', slug).execute()).map((row) => [row.position, row.digest]));

  const writes: Compilable[] = [];
  const blocksChanged = await writeBlocks(trx, writes, rows, storedBlocks);
  const { changed, reshaped } = await writeSegments(trx, writes, slug, rows.segments, stored);
  const articleChanged = current?.digest !== rows.article.digest;
  if (!articleChanged && !blocksChanged && changed.length === 0 && !reshaped) return { change: undefined, version: Number(current!.version), writes };

  const version = (current ? Number(current.version) : 0) + 1;
  const updated_at = new Date().toISOString();
  writes.push(
    trx
      .insertInto('articles')
      .values({ ...rows.article, version, updated_at })
      .onConflict((conflict) => conflict.column('slug').doUpdateSet({ title: rows.article.title, fields: rows.article.fields, digest: rows.article.digest, version, updated_at })),
  );
  return { change: !current || articleChanged || blocksChanged || reshaped ? { kind: 'article', slug } : { kind: 'segments', slug, ids: changed }, version, writes };
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
  // The copy read, when given, is what the named segments are stored as: unmoved, the record is that
  // article; moved on, each named segment must still be stored exactly as in it, revision or not (a writer
  // that re-checks, or a tool, may change a segment without a new revision), since its row is about to be
  // written from it. Their histories are then compared with its copies, not read back.
  const read = options.read && segmentsById(options.read, new Set(ids));
  if (!unmoved && read) checkAsRead(slug, entries, byPlace, read, options.place);
  const writes: Compilable[] = [];
  const { changed } = await writeSegments(
    trx,
    writes,
    slug,
    entries,
    entries.map((entry) => byPlace.get(placeKey(entry))!),
    read,
  );
  if (changed.length === 0) return { change: undefined, version: Number(current.version), writes };
  const version = Number(current.version) + 1;
  writes.push(trx.updateTable('articles').set({ version, updated_at: new Date().toISOString() }).where('slug', '=', slug));
  return { change: { kind: 'segments', slug, ids: changed }, version, writes };
}

function segmentsById(article: Article, ids: ReadonlySet<string>): Map<string, Segment> {
  const found = new Map<string, Segment>();
  for (const block of article.blocks) for (const segment of block.segments) if (ids.has(segment.id)) found.set(segment.id, segment);
  return found;
}

function checkAsRead(slug: string, entries: ArticleRows['segments'], stored: ReadonlyMap<string, { revision: number; digest: string }>, read: ReadonlyMap<string, Segment>, place: string): void {
  const conflicts = entries.flatMap((entry) => {
    const row = stored.get(placeKey(entry))!;
    const copy = read.get(entry.id);
    return copy && row.digest === segmentDigest(copy) ? [] : [{ id: entry.id, expected: copy?.revision ?? 0, stored: Number(row.revision) }];
  });
  if (conflicts.length > 0) throw new RevisionConflictError(slug, conflicts, place);
}

function checkRevisions(slug: string, stored: Array<{ id: string; revision: number }>, expected: ReadonlyMap<string, number>, place: string): void {
  const revisions = new Map(stored.map((row) => [row.id, Number(row.revision)]));
  const conflicts = [...expected].filter(([id, revision]) => revisions.get(id) !== revision).map(([id, revision]) => ({ id, expected: revision, stored: revisions.get(id) }));
  if (conflicts.length > 0) throw new RevisionConflictError(slug, conflicts, place);
}

/** Blocks whose own fields changed, added or gone; whether any did. */
async function writeBlocks(trx: StoreDb, writes: Compilable[], rows: ArticleRows, stored: Map<number, string>): Promise<boolean> {
  const slug = rows.article.slug;
  const changed = rows.blocks.filter((block) => stored.get(block.position) !== block.digest);
  for (const block of changed.filter((candidate) => stored.has(candidate.position))) {
    writes.push(trx.updateTable('blocks').set({ fields: block.fields, digest: block.digest }).where('slug', '=', slug).where('position', '=', block.position));
  }
  insertChunked(trx, writes, 'blocks', changed.filter((block) => !stored.has(block.position)));
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
async function writeSegments(
  trx: StoreDb,
  writes: Compilable[],
  slug: string,
  segments: ArticleRows['segments'],
  stored: Array<{ block: number; position: number; id: string; digest: string }>,
  readSegments?: ReadonlyMap<string, Segment>,
): Promise<{ changed: string[]; reshaped: boolean }> {
  const before = new Map(stored.map((row) => [placeKey(row), row]));
  const after = new Set(segments.map(placeKey));
  const changed = segments.filter((entry) => before.get(placeKey(entry))?.digest !== entry.digest);
  const removed = stored.filter((row) => !after.has(placeKey(row)));
  const replaced = changed.filter((entry) => before.has(placeKey(entry)));
  const added = changed.filter((entry) => !before.has(placeKey(entry)));
  // A few statements for the whole group of changes, not a few per segment: a review server saves
  // the edits of many people at once, and each statement is a round trip (PostgreSQL) and a compile.
  await deleteAt(trx, 'segment_versions', slug, removed);
  await deleteAt(trx, 'segment_comments', slug, removed);
  await deleteAt(trx, 'segments', slug, removed);
  await rewriteHistories(
    trx,
    writes,
    slug,
    replaced.map((entry) => {
      const read = readSegments?.get(entry.id);
      return read ? { entry, before: read } : { entry };
    }),
  );
  // Written in place (an upsert on the place keeps the row, so the text index is updated, not rebuilt).
  for (let at = 0; at < changed.length; at += CHUNK) {
    writes.push(
      trx
        .insertInto('segments')
        .values(changed.slice(at, at + CHUNK).map(segmentRow))
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
        ),
    );
  }
  insertChunked(trx, writes, 'segment_versions', added.flatMap((entry) => historyRows(entry, 'segment_versions')));
  insertChunked(trx, writes, 'segment_comments', added.flatMap((entry) => historyRows(entry, 'segment_comments')));
  return { changed: changed.map((entry) => entry.id), reshaped: added.length > 0 || removed.length > 0 };
}
