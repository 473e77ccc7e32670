// The one interface through which articles are listed, loaded, saved and
// their history read. Its only implementation today is the files of an output
// folder (folder-store.ts); a database will stand behind the same interface,
// so the interface speaks of records (an article, a segment's revisions, its
// history and comments) and keeps publishing the reading files apart from
// saving the record.

import { DiptychError } from '../core/errors.js';
import type { Article, SegmentComment, TargetVersion } from '../core/types.js';

/** Files published for readers, by kind: the store JSON, the bilingual Markdown and HTML. */
export type PublishedKind = 'json' | 'md' | 'html';

/** What to publish: each kind's text, in pieces (a long article is never one string). */
export type PublishedPieces = Partial<Record<PublishedKind, Iterable<string>>>;

export interface SaveOptions {
  /**
   * The revision each changed segment had when it was read. The save is
   * refused (RevisionConflictError) when the stored segment has moved on
   * since: another writer changed it meanwhile. Without it, the article is
   * saved as given (the caller holds the store's lock and has checked).
   */
  expected?: ReadonlyMap<string, number>;
  /**
   * The only segments the caller changed (by id), each at the place it was
   * read; the rest of the article is as the record held it at `expected`.
   * A store may then write only these (a review's group of saves on a long
   * article); one that cannot tell writes the whole article, as without it.
   */
  changed?: ReadonlySet<string>;
  /**
   * The article's stamp when the caller read it (with `changed`). While the
   * record is still at it, no segment has moved since, and a store may skip
   * checking each of `expected` against its row; once it has moved, every
   * one is checked as without it.
   */
  readAt?: string;
  /**
   * The article as the caller read it at `readAt`. While the record is still
   * at that stamp it is exactly this; once it has moved, the save is refused
   * unless each changed segment is still stored exactly as in it. Either way
   * a store may take those segments' stored versions and comments from it
   * instead of reading them back (a segment saved sixty times is compared in
   * memory, not read).
   */
  read?: Article;
}

export interface PublishOptions {
  /** Time (ms since the epoch) given to the published files, tying them to the record they show. */
  mtime?: number;
  /**
   * The record's stamp the pieces were made from (read before the record):
   * the files are published only while the record is still at it, so two
   * processes publishing one article never leave an older version last. A
   * record that has moved on is published by whoever moved it.
   */
  stamp?: string;
}

/** The articles of a store, and those that cannot be used, each with the error that names it. */
export interface StoredArticles {
  articles: Array<{ slug: string; place: string; article: Article }>;
  broken: Array<{ slug: string; place: string; error: unknown }>;
}

/** A segment's records: every saved version of its English, and the reviewers' comments, oldest first. */
export interface SegmentRecords {
  revision: number;
  versions: TargetVersion[];
  comments: SegmentComment[];
}

export interface ArticleStore {
  /** Where the store is, as messages name it (a folder; a database's address). */
  readonly location: string;
  /** Where one article is kept, as messages name it (its store file). */
  placeOf(slug: string): string;
  /** Slugs of the stored articles, sorted (a folder lists each `*.json` in it: `load` tells which are articles). */
  list(): Promise<string[]>;
  /** Every stored article; a damaged one is listed in `broken`, the others still load. */
  loadAll(): Promise<StoredArticles>;
  /** The article, validated; undefined when there is none. A damaged record throws DamagedStoreError. */
  load(slug: string): Promise<Article | undefined>;
  /** Record the article, durably, with the revision check of `options.expected` (a store of record resolves to the article's new stamp). */
  save(article: Article, options?: SaveOptions): Promise<string | void>;
  /** A segment's revision, versions and comments; undefined for an unknown article or segment. */
  history(slug: string, segmentId: string): Promise<SegmentRecords | undefined>;
  /**
   * Publish an article's reading files, all or none: a failure leaves every
   * earlier file as it was. With `json`, the record is published too (in a
   * folder store, the JSON is the record). Returns each file written.
   */
  publish(slug: string, pieces: PublishedPieces, options?: PublishOptions): Promise<Partial<Record<PublishedKind, string>>>;
  /**
   * Record the article (with the revision check of `options.expected`) and
   * publish it: its `<slug>.json` and the given reading pages, all or none.
   * What a batch, an import or an alignment does with a finished article.
   */
  commit(article: Article, pages: Omit<PublishedPieces, 'json'>, options?: SaveOptions & PublishOptions & { name?: string }): Promise<Partial<Record<PublishedKind, string>>>;
  /** Hold the store for one writer process at a time; resolves to the release. */
  lock(): Promise<() => Promise<void>>;
}

/** A save refused because segments changed since the caller read them. */
export class RevisionConflictError extends DiptychError {
  override name = 'RevisionConflictError';
  constructor(
    readonly slug: string,
    /** Each refused segment, with the revision the caller expected and the one stored. */
    readonly conflicts: Array<{ id: string; expected: number; stored: number | undefined }>,
    place?: string,
  ) {
    super(`segments changed since they were read: ${conflicts.map((conflict) => conflict.id).join(', ')}`, {
      ...(place !== undefined ? { file: place } : {}),
      hint: 'load the article again and redo the change on the newer text',
    });
  }
}

/**
 * What changed in a store of record, as every process serving it hears it:
 * segments saved (a review save, an import), a whole article written (a batch,
 * an align), or a person starting or stopping work on a segment (presence,
 * which is announced, never saved).
 */
export type StoreChange =
  | { kind: 'segments'; slug: string; ids: string[]; by?: string }
  | { kind: 'article'; slug: string }
  | { kind: 'editing'; slug: string; id: string; who: string; session: string; until: number };

/** An article read among several: its stamp, and the article or why its record does not read (DamagedStoreError). */
export type ManyLoaded = { stamp: string; article: Article; error?: undefined } | { stamp: string; article?: undefined; error: unknown };

export interface PageOptions {
  /** Articles skipped, in slug order (default 0). */
  offset?: number;
  /** Articles on the page (default 50). */
  limit?: number;
}

/** An article as the list shows it, counted from its segments' rows. */
export interface ArticleSummary {
  slug: string;
  title: string;
  /** The English of the article's first title block, when it has one. */
  targetTitle?: string;
  /** The article's stamp when counted (as `stamp(slug)` gives it). */
  stamp: string;
  segments: number;
  states: Record<import('../core/types.js').SegmentState, number>;
  /** Findings over every segment. */
  findings: number;
}

/** One page of the article list and how many articles there are in all. */
export interface ArticlePage {
  total: number;
  offset: number;
  articles: ArticleSummary[];
}

/** One concordance hit: a segment whose French or English matches, best first. */
export interface SearchHit {
  slug: string;
  title: string;
  segmentId: string;
  source: string;
  target?: string;
  state: import('../core/types.js').SegmentState;
  /** Higher is better; comparable only within one answer. */
  rank: number;
}

/** A person's change as the editor's "Recent changes" lists it: a text saved, a comment, a segment marked reviewed or approved. */
export interface ActivityEvent {
  at: string;
  by: string;
  slug: string;
  segment: string;
  what: 'edited' | 'comment' | 'reviewed' | 'final';
  /** The text saved, or the comment. */
  text?: string;
}

/** Whose changes, on which article, how many (newest first). */
export interface ActivityFilter {
  by?: string;
  slug?: string;
  /** At most this many (default 100). */
  limit?: number;
}

/** A page of concordance hits, best first. */
export interface SearchResult {
  hits: SearchHit[];
  /**
   * Set when more segments match than the engine ranks for one search (a
   * very common word or phrase on PostgreSQL): the hits are then the best of
   * the first `bestOfFirst` matches it found, not of every match, and no page
   * goes beyond them. Absent when every match was ranked.
   */
  bestOfFirst?: number;
}

export interface SearchOptions {
  /** Search the French, the English, or both (default). */
  side?: 'source' | 'target' | 'both';
  /** A phrase (the words in this order) rather than all of the words anywhere. */
  phrase?: boolean;
  limit?: number;
  offset?: number;
}

/** The stamp of a record saved once after `stamp`: a store of record's stamps count each article's saves. */
export function stampAfter(stamp: string): string {
  return String(Number(stamp) + 1);
}

/**
 * A database as the store of record (SQLite embedded in the output folder by
 * default, PostgreSQL for a team): every process that opens it sees the same
 * articles, hears each change, and can search every segment. The files of the
 * output folder are published from it.
 */
export interface StoreOfRecord extends ArticleStore {
  /** The engine, as messages and the bench name it: `sqlite` or `postgres`. */
  readonly engine: 'sqlite' | 'postgres';
  /** A stamp that changes whenever the article's record changes (any process): a cached copy is fresh while it is equal. */
  stamp(slug: string): Promise<string | undefined>;
  /**
   * Record the article as `ArticleStore.save` does; resolves to its stamp
   * right after this save, so that the caller may keep the article it saved
   * as the record while `stamp(slug)` still answers that (without reading
   * the article back). With `changed`, that holds only when the record was
   * still at `readAt`, which the stamp tells: it is `stampAfter(readAt)`.
   * (Only the named segments were written; another process's save in
   * between may have changed others.)
   */
  save(article: Article, options?: SaveOptions): Promise<string>;
  /** Hear every change, from this process and every other serving the store; returns the unsubscribe. */
  changes(listener: (change: StoreChange) => void): () => void;
  /** Tell every process of a presence change (not stored beyond its `until`). */
  announce(change: Extract<StoreChange, { kind: 'editing' }>): Promise<void>;
  /** Concordance: ranked segments whose text matches, using the database's own text search. */
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  /** Several articles read at once, each with its stamp (an absent slug is not in the map). */
  loadMany(slugs: readonly string[]): Promise<Map<string, ManyLoaded>>;
  /** People's recent changes, newest first, read from the database's indexes (never by loading the articles). */
  activity(filter?: ActivityFilter): Promise<ActivityEvent[]>;
  /** One page of the article list, by slug, with each article's counts computed by the database (never by loading the articles). */
  listPage(options?: PageOptions): Promise<ArticlePage>;
  /** Articles whose published files do not show their newest record (a kill between a save and its publication): to publish again. */
  stalePublications(): Promise<string[]>;
  /** Stop listening and close the connection(s). */
  close(): Promise<void>;
}
