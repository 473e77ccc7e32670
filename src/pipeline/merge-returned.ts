// Segments a CAT tool hands back, merged into their article: the one
// implementation XLIFF and OmegaT imports share. Whatever the format, a unit
// whose id the store does not know, an id given a second time and a unit
// whose French no longer matches the store are refused (its English was made
// for other words); the format merges the rest (exchange's xliffMerge,
// omegatMerge). Then the merged article is re-checked and published like a
// translated one (importReturned).

import { InputError } from '../core/errors.js';
import type { UiLang } from '../core/i18n.js';
import type { Article, Segment } from '../core/types.js';
import { omegatMerge, xliffMerge, type ExchangeDocument, type ImportReport, type OmegatImportReport, type ReturnedFile } from '../exchange/index.js';
import type { Glossary } from '../glossary/index.js';
import type { ArticleStore } from '../store/index.js';
import { publishArticle } from './publish-article.js';
import { recheckArticle } from './recheck-article.js';

/** A format's half of a merge: how it reads, compares and applies its units, and where refusals go. */
export interface ReturnedFormat<Unit extends { id: string }> {
  units: readonly Unit[];
  sourceOf(unit: Unit): string;
  /** Whether the returned French is still the store's, as the format compares them. */
  sameSource(stored: string, returned: string): boolean;
  /** Why a unit with changed French is refused, in the format's words. */
  sourceChanged(stored: string, returned: string): string;
  refuse(unit: Unit, reason: string): void;
  /** Merge one accepted unit into its segment (the merged copy's). */
  apply(segment: Segment, unit: Unit): void;
}

/** A new article with the returned units merged; the input is not modified. Terms and findings are re-checked by the caller. */
export function mergeReturned<Unit extends { id: string }>(article: Article, format: ReturnedFormat<Unit>): Article {
  const merged = structuredClone(article);
  const byId = new Map<string, Segment>();
  for (const block of merged.blocks) for (const segment of block.segments) byId.set(segment.id, segment);
  const seen = new Set<string>();
  for (const unit of format.units) {
    const segment = byId.get(unit.id);
    if (!segment) {
      format.refuse(unit, 'not in the store (exported from another version of the article?)');
      continue;
    }
    if (seen.has(unit.id)) {
      format.refuse(unit, 'appears twice in the file; only the first was used');
      continue;
    }
    seen.add(unit.id);
    if (!format.sameSource(segment.source, format.sourceOf(unit))) {
      format.refuse(unit, format.sourceChanged(segment.source, format.sourceOf(unit)));
      continue;
    }
    format.apply(segment, unit);
  }
  return merged;
}

/** An XLIFF document merged into its article. */
export function mergeXliff(article: Article, document: ExchangeDocument, options: { now?: Date } = {}): { article: Article; report: ImportReport } {
  const format = xliffMerge(article, document, options);
  return { article: mergeReturned(article, format), report: format.report };
}

/** One file of an OmegaT project merged into its article. */
export function mergeOmegat(
  article: Article,
  returned: ReturnedFile['segments'],
  sent: Parameters<typeof omegatMerge>[2],
  options: { now?: Date } = {},
): { article: Article; report: OmegatImportReport } {
  const format = omegatMerge(article, returned, sent, options);
  return { article: mergeReturned(article, format), report: format.report };
}

export interface ImportReturnedOptions<Report> {
  store: ArticleStore;
  slug: string;
  /** The glossary to re-check against, loaded only when something changed. */
  glossary: Glossary | (() => Promise<Glossary>);
  uiLang?: UiLang;
  /** Merge the returned units into the stored article; `changed` says whether anything must be written. */
  merge(article: Article): { article: Article; report: Report; changed: boolean };
  /** Told the stored article before the merge (an XLIFF import checks its languages). */
  check?(article: Article): void;
  /** Said when the store has no such article. */
  hint: string;
}

/**
 * A CAT tool's returned work into the store: load the article, merge, and
 * when anything changed re-check it (pinned terms, every rule) and publish it.
 * The caller holds the store's lock.
 */
export async function importReturned<Report>(options: ImportReturnedOptions<Report>): Promise<Report> {
  const { store, slug } = options;
  const article = await store.load(slug);
  if (!article) throw new InputError('store file not found', { file: store.placeOf(slug), hint: options.hint });
  options.check?.(article);
  const merge = options.merge(article);
  if (merge.changed) {
    const glossary = typeof options.glossary === 'function' ? await options.glossary() : options.glossary;
    await recheckArticle(merge.article, glossary);
    await publishArticle(merge.article, store, { ...(options.uiLang ? { uiLang: options.uiLang } : {}), name: slug, previous: article });
  }
  return merge.report;
}
