// An article's three outputs: the JSON store (the source of truth), the
// bilingual Markdown and the bilingual HTML page, rendered here and handed to
// the store, which writes them all or none (a rendering error leaves every
// earlier output as it was). Rendering is lazy: each is produced piece by
// piece as the store writes it, so a long article is never held as three
// whole texts.

import type { UiLang } from '../core/i18n.js';
import { allSegments } from '../core/segments.js';
import type { Article, Segment } from '../core/types.js';
import { renderBilingualHtmlChunks, renderBilingualMarkdownChunks } from '../render/index.js';
import { RevisionConflictError, type ArticleStore } from '../store/index.js';
import { carryReview } from './resolve-segment.js';

export interface PublishOptions {
  uiLang?: UiLang;
  /** Name in the store; default the article's slug. */
  name?: string;
}

export interface PublishedFiles {
  json: string;
  md: string;
  html: string;
}

/**
 * The two reading pages alone, rendered from the stored article (the review
 * re-renders them after a save that already wrote the store). `mtime` (ms)
 * is given to both files, to tie them to the store version they show.
 */
export async function publishPages(article: Article, store: ArticleStore, options: PublishOptions & { mtime?: number } = {}): Promise<Omit<PublishedFiles, 'json'>> {
  const renderOptions = options.uiLang ? { uiLang: options.uiLang } : {};
  const files = await store.publish(
    options.name ?? article.slug,
    { md: renderBilingualMarkdownChunks(article, renderOptions), html: renderBilingualHtmlChunks(article, renderOptions) },
    options.mtime !== undefined ? { mtime: options.mtime } : {},
  );
  return { md: files.md!, html: files.html! };
}

/**
 * Record the article and publish its JSON and both pages, all or none. With
 * `previous` (the stored article this one was made from), the store refuses
 * the write when someone saved one of its segments meanwhile (a review save
 * while a batch re-translated the article): their segment is taken in and
 * the write tried again, so a person's work is never replaced.
 */
export async function publishArticle(article: Article, store: ArticleStore, options: PublishOptions & { previous?: Article } = {}): Promise<PublishedFiles> {
  const renderOptions = options.uiLang ? { uiLang: options.uiLang } : {};
  const slug = options.name ?? article.slug;
  let current = article;
  // The revision each segment had in the record this article was made from.
  let expected = options.previous ? revisionsOf(current, options.previous) : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      const files = await store.commit(
        current,
        { md: renderBilingualMarkdownChunks(current, renderOptions), html: renderBilingualHtmlChunks(current, renderOptions) },
        { name: slug, ...(expected ? { expected } : {}) },
      );
      return { json: files.json!, md: files.md!, html: files.html! };
    } catch (error) {
      if (!(error instanceof RevisionConflictError) || attempt >= MAX_ATTEMPTS || !expected) throw error;
      const read = await store.load(slug);
      if (!read) throw error;
      // Every segment whose record moved on from the revision this article expected, not only those the
      // refusal named: others may have been saved since it was checked.
      const stored = new Map(allSegments(read).map((segment) => [segment.id, segment.revision ?? 0]));
      const moved = new Set([...expected].filter(([id, revision]) => stored.get(id) !== revision).map(([id]) => id));
      current = takeNewer(current, read, moved);
      expected = revisionsOf(current, read);
    }
  }
}

/** Writers that keep saving the same segments could refuse a batch forever: it gives up after this many tries, naming them. */
const MAX_ATTEMPTS = 5;

/** The revision each segment had in the stored article it was made from (segments new to this version expect none). */
function revisionsOf(article: Article, read: Article): Map<string, number> {
  const stored = new Map(allSegments(read).map((segment) => [segment.id, segment.revision ?? 0]));
  const expected = new Map<string, number>();
  for (const segment of allSegments(article)) {
    const revision = stored.get(segment.id);
    if (revision !== undefined) expected.set(segment.id, revision);
  }
  return expected;
}

/**
 * The article with the stored version of each conflicting segment: the same
 * French, so what was saved meanwhile (a person's English, an approval) is
 * newer than this run's. A segment whose French changed keeps this run's
 * English, with what was saved carried into its history.
 */
function takeNewer(article: Article, stored: Article, conflicts: ReadonlySet<string>): Article {
  const byId = new Map(allSegments(stored).map((segment) => [segment.id, segment]));
  const pick = (segment: Segment): Segment => {
    const theirs = conflicts.has(segment.id) ? byId.get(segment.id) : undefined;
    if (!theirs) return segment;
    if (theirs.source === segment.source) return theirs;
    const fresh = { ...segment };
    carryReview(theirs, fresh);
    return fresh;
  };
  return { ...article, blocks: article.blocks.map((block) => ({ ...block, segments: block.segments.map(pick) })) };
}
