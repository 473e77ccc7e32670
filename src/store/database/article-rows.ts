// An article as the rows of the store of record, and back. What a query needs
// (a segment's id, revision, French, English and state; each version and
// comment) is a column; the rest of each record is JSON. Every JSON keeps the
// record's keys in their order, a column's key holding its place (its value
// is `0` there, filled from the column on the way back): the article loads
// exactly as it was saved, and its published JSON is byte-identical to the
// folder store's.

import { hash } from 'node:crypto';
import { DamagedStoreError } from '../../core/errors.js';
import type { Article, Block, Segment, SegmentComment, SegmentState, TargetVersion } from '../../core/types.js';
import type { ArticleRow, BlockRow, CommentRow, SegmentRow, VersionRow } from './tables.js';

/** Stands, in a record's JSON, for a value kept in its own column or rows. */
const PLACE = 0;
const SEGMENT_COLUMNS = new Set(['id', 'revision', 'source', 'target', 'state', 'history', 'comments']);

type Keyed = { slug: string; block: number; position: number };

export interface ArticleRows {
  article: Omit<ArticleRow, 'version' | 'updated_at'>;
  blocks: BlockRow[];
  /** Every segment by its place, with its digest; its rows are made only for those a save writes (segmentRows). */
  segments: Array<Keyed & { id: string; digest: string; segment: Segment }>;
}

/** The JSON of a record with the given keys holding their place. */
function template(record: object, keys: ReadonlySet<string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(record).map(([key, value]) => [key, keys.has(key) ? PLACE : value])));
}

// SHA-1 as a change detector, not for security: the one-shot crypto.hash is the cheapest well-kept digest in Node.
const digestOf = (text: string) => hash('sha1', text);

/** The article's own rows and each segment's digest: what a save compares with the stored digests. */
export function rowsOf(article: Article): ArticleRows {
  const { slug } = article;
  const fields = template(article, new Set(['blocks']));
  const rows: ArticleRows = { article: { slug, title: article.title, fields, digest: digestOf(fields) }, blocks: [], segments: [] };
  article.blocks.forEach((block, position) => {
    const blockFields = template(block, new Set(['segments']));
    rows.blocks.push({ slug, position, fields: blockFields, digest: digestOf(blockFields) });
    block.segments.forEach((segment, index) => rows.segments.push(segmentEntry(slug, position, index, segment)));
  });
  return rows;
}

/** A segment at its place, with the digest a save compares with the stored one. */
function segmentEntry(slug: string, block: number, position: number, segment: Segment): ArticleRows['segments'][number] {
  return { slug, block, position, id: segment.id, digest: segmentDigest(segment), segment };
}

/** The digest of a segment's row: equal digests, the same segment. */
export function segmentDigest(segment: Segment): string {
  return digestOf(JSON.stringify(segment));
}

/**
 * Only the named segments' entries (their place and digest), for a save
 * that changed nothing else: a 500-segment article with one edit digests
 * one segment, not five hundred.
 */
export function segmentEntriesOf(article: Article, ids: ReadonlySet<string>): ArticleRows['segments'] {
  const { slug } = article;
  const entries: ArticleRows['segments'] = [];
  article.blocks.forEach((block, position) =>
    block.segments.forEach((segment, index) => {
      if (ids.has(segment.id)) entries.push(segmentEntry(slug, position, index, segment));
    }),
  );
  return entries;
}

/** One segment's row (its versions and comments are rows of their own: historyRows). */
export function segmentRow(entry: ArticleRows['segments'][number]): Omit<SegmentRow, 'row_id'> {
  const { segment, digest } = entry;
  return {
    slug: entry.slug,
    block: entry.block,
    position: entry.position,
    id: segment.id,
    revision: segment.revision ?? 0,
    source: segment.source,
    target: segment.target ?? null,
    state: segment.state,
    rest: template(segment, SEGMENT_COLUMNS),
    digest,
  };
}

/** Rows of a segment's versions, or of its comments, from entry `from` on (a history grows at its end). */
export function historyRows(entry: ArticleRows['segments'][number], table: 'segment_versions' | 'segment_comments', from = 0): Array<VersionRow | CommentRow> {
  const key = { slug: entry.slug, block: entry.block, position: entry.position };
  if (table === 'segment_versions') return (entry.segment.history ?? []).slice(from).map((version, k) => versionRow(key, from + k, version));
  return (entry.segment.comments ?? []).slice(from).map((comment, k) => ({ ...key, n: from + k, author: comment.author, at: comment.at, entry: JSON.stringify(comment) }));
}

function versionRow(key: Keyed, n: number, version: TargetVersion): VersionRow {
  return { ...key, n, revision: version.revision, origin: version.origin, by: version.by, at: version.at, entry: JSON.stringify(version) };
}

/** The records of one article's rows, as read back (each list in key order). */
export interface StoredRows {
  article: Pick<ArticleRow, 'fields'>;
  blocks: Array<Pick<BlockRow, 'position' | 'fields'>>;
  segments: Array<Pick<SegmentRow, 'block' | 'position' | 'id' | 'revision' | 'source' | 'target' | 'state' | 'rest'>>;
  versions: Array<Pick<VersionRow, 'block' | 'position' | 'entry'>>;
  comments: Array<Pick<CommentRow, 'block' | 'position' | 'entry'>>;
}

/** The article the rows hold; a record that is not JSON any more throws DamagedStoreError naming `place`. */
export function articleOf(rows: StoredRows, place: string): Article {
  const parse = <T>(json: string): T => {
    try {
      return JSON.parse(json) as T;
    } catch (error) {
      throw new DamagedStoreError(`holds a damaged record (${(error as Error).message})`, { file: place, hint: 'restore the store from a backup, or translate the article again', cause: error });
    }
  };
  const byPlace = <T>(entries: Array<{ block: number; position: number; entry: string }>): Map<string, T[]> => {
    const found = new Map<string, T[]>();
    for (const entry of entries) {
      const key = `${entry.block}:${entry.position}`;
      (found.get(key) ?? found.set(key, []).get(key)!).push(parse<T>(entry.entry));
    }
    return found;
  };
  const versions = byPlace<TargetVersion>(rows.versions);
  const comments = byPlace<SegmentComment>(rows.comments);
  const article = parse<Article>(rows.article.fields);
  const blocks = rows.blocks.map((row) => ({ ...parse<Block>(row.fields), segments: [] as Segment[] }));
  // Spread then reassigned: `segments` keeps the place it had in the block's keys.
  for (const row of rows.segments) {
    const key = `${row.block}:${row.position}`;
    const segment = parse<Record<string, unknown>>(row.rest);
    const columns: Record<string, unknown> = {
      id: row.id,
      revision: Number(row.revision),
      source: row.source,
      target: row.target ?? undefined,
      state: row.state as SegmentState,
      history: versions.get(key) ?? [],
      comments: comments.get(key) ?? [],
    };
    for (const name of Object.keys(segment)) if (SEGMENT_COLUMNS.has(name)) segment[name] = columns[name];
    blocks[row.block]!.segments[row.position] = segment as unknown as Segment;
  }
  article.blocks = blocks;
  return article;
}
