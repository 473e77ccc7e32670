// The tables of the store of record, as Kysely's query builder types them:
// one description for both engines. JSON is kept as text, never as
// PostgreSQL's jsonb, which reorders keys: an article must come back with its
// keys in the order it was saved, so that its published `<slug>.json` is byte
// for byte what the folder store writes.

import type { Generated } from 'kysely';

export interface ArticleRow {
  slug: string;
  title: string;
  /** The article without its blocks (they are rows), as JSON; `blocks` holds its place in the key order. */
  fields: string;
  digest: string;
  /** Bumped by every write of the article, from any process: the article's stamp. */
  version: number;
  updated_at: string;
}

export interface BlockRow {
  slug: string;
  position: number;
  /** The block without its segments, as JSON; `segments` holds its place. */
  fields: string;
  digest: string;
}

export interface SegmentRow {
  row_id: Generated<number>;
  slug: string;
  block: number;
  position: number;
  id: string;
  revision: number;
  source: string;
  target: string | null;
  state: string;
  /** The rest of the segment as JSON, each column's key kept in its place (see article-rows.ts). */
  rest: string;
  /** Digest of the whole segment (history and comments included): a save rewrites only the rows whose digest changed. */
  digest: string;
}

export interface VersionRow {
  slug: string;
  block: number;
  position: number;
  n: number;
  revision: number;
  origin: string;
  by: string;
  at: string;
  /** The version as saved, as JSON. */
  entry: string;
}

export interface CommentRow {
  slug: string;
  block: number;
  position: number;
  n: number;
  author: string;
  at: string;
  entry: string;
}

export interface ChangeRow {
  id: Generated<number>;
  change: string;
}

export interface ManifestArticleRow {
  slug: string;
  entry: string;
}

export interface ManifestSettingRow {
  name: string;
  value: string;
}

/** What the store last published as an article's `<slug>.json` (size and mtime): a file that differs was edited by hand. */
export interface PublishedFileRow {
  slug: string;
  stamp: string;
  /** The record's version the files were published from; null when not known. */
  version: number | null;
}

export interface StoreTables {
  articles: ArticleRow;
  blocks: BlockRow;
  segments: SegmentRow;
  segment_versions: VersionRow;
  segment_comments: CommentRow;
  changes: ChangeRow;
  manifest_articles: ManifestArticleRow;
  manifest_settings: ManifestSettingRow;
  published_files: PublishedFileRow;
}
