// The review's view of a store of record: its articles, read on demand and
// kept while the store's stamp for them is unchanged (another process — a
// batch, another review server — changes the stamp), and the one way to
// change a segment. Writes to one article run one after another in this
// process (a promise chain per slug); between processes, each save names the
// revisions its changes were made on, and a save another process got in
// before is refused by the store and answered 409 with the stored segment,
// never written over. A save is acknowledged once the store has committed it.

import path from 'node:path';
import { hasUnresolvedConflict, unresolvedConflicts } from '../core/merge-conflicts.js';
import { describeError, NotAStoreError } from '../core/errors.js';
import { carryMarks } from '../core/text-edits.js';
import type { Article, Segment, SegmentState, TargetOrigin } from '../core/types.js';
import type { Glossary } from '../glossary/index.js';
import { approvalsOf, recheckArticle, type ApprovedMemory } from '../pipeline/index.js';
import { RevisionConflictError, stampAfter, type ArticleSummary, type StoreOfRecord } from '../store/index.js';
import { articleEffort, type Effort } from './effort.js';
import { PageRenderer } from './page-renderer.js';
import { prepareRecheck, recheckSegment } from './publish-reviewed.js';
import { relink, type RelinkRequest } from './relink.js';
import type { Suggestion } from './segment-suggester.js';
import { ReviewRequestError } from './request-error.js';

export { ReviewRequestError } from './request-error.js';
import { allSegments } from '../core/segments.js';

export const STATES: readonly SegmentState[] = ['new', 'translated', 'reviewed', 'final'];

export interface SegmentPatch {
  revision: number;
  target?: string;
  state?: SegmentState;
  comment?: string;
  /**
   * A text the person wrote and chose not to keep (taking the other side of a
   * merge): recorded in the history, so it can be restored, never made the target.
   */
  discarded?: string;
  /** Undo the change that made `revision` (not a PATCH field: the undo route sets it). */
  undo?: true;
  /** A machine text taking the place of a machine text (re-translation with a new glossary entry; not a PATCH field). */
  retranslation?: Suggestion;
}

/** A change's outcome: saved (the segment, and the article as the save left it), or refused with the stored segment. */
export type PatchResult = { status: 200; segment: Segment; article: Article } | { status: 409; segment: Segment };

/** One page of the article list; `total` is the number of articles in the store. */
export interface ArticleListPage {
  articles: ArticleListing[];
  broken: Array<{ file: string; message: string }>;
  total: number;
  offset: number;
  limit: number;
}

/** Articles read per page when the whole list is asked for. */
const LIST_CHUNK = 200;

export interface ArticleListing {
  slug: string;
  title: string;
  targetTitle?: string;
  segments: number;
  states: Record<SegmentState, number>;
  findings: number;
  /** Share of segments reviewed or final, 0–100. */
  progress: number;
  effort: Effort;
}

const SLUG = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;

/** A slug names a store file directly inside the folder: no separators, no "..", no hidden files. */
export function isSafeSlug(slug: string): boolean {
  return SLUG.test(slug) && !slug.includes('..') && slug.length <= 200;
}

/** The refusal of a text that still asks which side of a merge to keep, naming the unresolved parts. */
export function unresolvedMerge(text: string): ReviewRequestError {
  return new ReviewRequestError(
    400,
    'unresolved-merge',
    `the English still holds unresolved merge marks: ${unresolvedConflicts(text).join(', ')} — keep one side of each (or write a new text) and remove the ⟦ | ⟧ marks before saving or approving`,
  );
}

interface PendingPatch {
  id: string;
  patch: SegmentPatch;
  /** A change of an alignment's links instead of a segment's text (relink.ts). */
  relink?: RelinkRequest;
  user: string;
  resolve: (result: PatchResult) => void;
  reject: (error: unknown) => void;
}

interface Loaded {
  article: Article;
  /** The store's stamp of the record when read: a change by any process (an import, a batch, another server) is picked up. */
  stamp: string;
}

export interface ReviewStoreOptions {
  store: StoreOfRecord;
  glossary: Glossary;
  /** Where approved segments go at once, so the next batch reuses them. */
  memory: ApprovedMemory;
  uiLang?: 'en' | 'fr';
  /** Store files of the folder the store of record could not take in (damaged): named on the list, as a damaged record is. */
  notTakenIn?: ReadonlyArray<{ place: string; error: unknown }>;
}

/** What one group of changes to an article comes to: the article after them, and each change's answer once it is saved. */
interface Applied {
  article: Article;
  /** The revision of every segment as read (empty: nothing to save): the store refuses the save if another process moved one on. */
  expected: Map<string, number>;
  /** The segments the group changed, when it changed nothing else (a relink moves links: undefined, the whole article is saved). */
  changed?: ReadonlySet<string>;
  /** Each change's answer, given the article as saved. */
  answers: Array<(saved: Article) => void>;
  /** Changes refused on the article as read (409: the segment moved on; 404: no such segment; a change it does not allow). */
  refusals: number;
}

/** A group applied, and the article (with its stamp) it was applied to. */
interface Ready {
  applied: Applied;
  readAt: Loaded;
}

/** A group's save in flight: the article it leaves as the record, and the save itself (resolved once every change is answered). */
interface InFlight {
  leaves: Article;
  saved: Promise<void>;
}

/** A save that keeps meeting newer saves from other processes is refused after this many tries (each reloads the article). */
const SAVE_TRIES = 5;

export class ReviewStore {
  private readonly loaded = new Map<string, Loaded>();
  /** Reads of the store in flight, by slug, with the stamp they were asked at. */
  private readonly loading = new Map<string, { stamp: string; article: Promise<Article> }>();
  private readonly queues = new Map<string, PendingPatch[]>();
  /** The last engine suggestion shown per segment: saving exactly its text records the engine as the text's origin. */
  private readonly suggestions = new Map<string, Suggestion>();
  private readonly draining = new Map<string, Promise<void>>();
  /** Per segment, what it was before its last saved change, and the revision that change made: what Undo restores. */
  private readonly undoable = new Map<string, { revision: number; segment: Segment }>();

  readonly pages: PageRenderer;
  /** The articles: listed, loaded, saved, published and searched through the store of record. */
  readonly store: StoreOfRecord;

  constructor(private readonly options: ReviewStoreOptions) {
    this.store = options.store;
    // The pages are rendered from the newest record when their turn comes, whoever saved it.
    this.pages = new PageRenderer(options.store, (slug) => this.article(slug), options.uiLang);
  }

  /** Publish again, in the background, every article whose files a kill left behind its record. */
  async publishStale(): Promise<void> {
    for (const slug of await this.store.stalePublications()) if (isSafeSlug(slug)) this.pages.schedule(slug);
  }

  get glossary(): Glossary {
    return this.options.glossary;
  }

  rememberSuggestion(slug: string, id: string, suggestion: Suggestion): void {
    this.suggestions.set(`${slug}\u0000${id}`, suggestion);
  }

  /** Slugs of the article stores in the folder (links leading out of it aside), sorted. */
  async slugs(): Promise<string[]> {
    return (await this.store.list()).filter(isSafeSlug);
  }

  /** Every article of the store, a page at a time underneath; a damaged record is named in `broken` and the others are still listed. */
  async list(): Promise<{ articles: ArticleListing[]; broken: Array<{ file: string; message: string }> }> {
    const articles: ArticleListing[] = [];
    let broken: Array<{ file: string; message: string }> = [];
    for (let offset = 0; ; offset += LIST_CHUNK) {
      const page = await this.listPage({ offset, limit: LIST_CHUNK });
      articles.push(...page.articles);
      broken = page.broken;
      if (offset + LIST_CHUNK >= page.total) break;
    }
    return { articles, broken: [...new Map(broken.map((entry) => [entry.file, entry])).values()] };
  }

  /**
   * One page of the article list, in slug order: the counts (states,
   * findings, progress) are the database's, over every article's segment
   * rows; only the page's articles are read, for their effort (kept while
   * their stamp holds). `total` counts every article of the store.
   */
  async listPage(options: { offset: number; limit: number }): Promise<ArticleListPage> {
    const page = await this.store.listPage(options);
    const broken = (this.options.notTakenIn ?? []).map(({ place, error }) => ({ file: path.basename(place), message: describeError(error) }));
    const shown = page.articles.filter((summary) => isSafeSlug(summary.slug));
    // The page's articles not kept at the stamp counted, read together (one query per table, not per article).
    const read = await this.store.loadMany(shown.filter((summary) => this.loaded.get(summary.slug)?.stamp !== summary.stamp).map((summary) => summary.slug));
    const articles: ArticleListing[] = [];
    for (const summary of shown) {
      const kept = this.loaded.get(summary.slug);
      if (kept?.stamp === summary.stamp) {
        articles.push(summaryListing(summary, kept.article));
        continue;
      }
      const loaded = read.get(summary.slug);
      // A record that does not read is said; one gone since the page was counted is simply not listed.
      if (!loaded) continue;
      if (loaded.article === undefined) {
        broken.push({ file: `${summary.slug}.json`, message: describeError(loaded.error) });
        continue;
      }
      // Kept under the stamp read with it, unless a save put a newer one in meanwhile.
      if (this.loaded.get(summary.slug) === kept) this.loaded.set(summary.slug, { article: loaded.article, stamp: loaded.stamp });
      articles.push(summaryListing(summary, loaded.article));
    }
    return { articles, broken, total: page.total, offset: options.offset, limit: options.limit };
  }

  /** The stored article; 404 for an unknown slug or one that is not an article. */
  async article(slug: string): Promise<Article> {
    return (await this.read(slug)).article;
  }

  /** The stored article and the stamp it was read at (the record is at that stamp or, if saved meanwhile, later). */
  private async read(slug: string): Promise<Loaded> {
    if (!isSafeSlug(slug)) throw notFound(`no article "${slug}"`);
    const stamp = await this.store.stamp(slug);
    if (stamp === undefined) throw notFound(`no article "${slug}" in ${this.store.location}`);
    const cached = this.loaded.get(slug);
    if (cached && cached.stamp === stamp) return cached;
    // Requests that arrive together (the answers of one group of saves, a page's effort) share one read.
    const inFlight = this.loading.get(slug);
    if (inFlight && inFlight.stamp === stamp) return { article: await inFlight.article, stamp };
    // Loaded after the stamp was read: a change in between makes the next read load again, never keeps an older record.
    const loading = this.store.load(slug).then(
      (article) => {
        if (!article) throw notFound(`no article "${slug}"`);
        // Not over the article a save put in meanwhile: that one is newer.
        if (this.loaded.get(slug)?.stamp === cached?.stamp) this.loaded.set(slug, { article, stamp });
        return article;
      },
      (error: unknown) => {
        if (error instanceof NotAStoreError) throw new ReviewRequestError(404, 'not-found', `${slug} is not an article store`);
        throw new ReviewRequestError(422, 'damaged-store', describeError(error));
      },
    );
    this.loading.set(slug, { stamp, article: loading });
    try {
      return { article: await loading, stamp };
    } finally {
      if (this.loading.get(slug)?.article === loading) this.loading.delete(slug);
    }
  }

  /** Undo the change that made the segment's `revision`: its text, state, provenance and memory entry as before. */
  undo(slug: string, id: string, revision: number, user: string): Promise<PatchResult> {
    return this.patch(slug, id, { revision, undo: true }, user);
  }

  /**
   * Apply one change. Changes to one article are applied one after another;
   * those that arrive while a write is in flight are applied together and
   * written once (a group commit), and each is answered only after that write.
   */
  patch(slug: string, id: string, patch: SegmentPatch, user: string): Promise<PatchResult> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(slug);
      if (!queue) this.queues.set(slug, (queue = []));
      queue.push({ id, patch, user, resolve, reject });
      if (!this.draining.has(slug)) this.draining.set(slug, this.drain(slug));
    });
  }

  /** Put an engine's new translation in place of a machine text (re-translation on request); queued with the saves. */
  retranslate(slug: string, id: string, revision: number, suggestion: Suggestion, user: string): Promise<PatchResult> {
    return this.patch(slug, id, { revision, retranslation: suggestion }, user);
  }

  /** Move sentences between links of an aligned article, merge or split links: queued with the patches, so writes stay in order. */
  relinkSegment(slug: string, id: string, request: RelinkRequest, user: string): Promise<PatchResult> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(slug);
      if (!queue) this.queues.set(slug, (queue = []));
      queue.push({ id, patch: { revision: request.revision }, relink: request, user, resolve, reject });
      if (!this.draining.has(slug)) this.draining.set(slug, this.drain(slug));
    });
  }

  private async drain(slug: string): Promise<void> {
    try {
      // Before each group, let the requests that have already arrived join it (one turn of the event loop, no
      // waiting): those read while the last group was written (an embedded commit holds the thread) go together.
      let last: InFlight | undefined;
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        const jobs = this.take(slug);
        if (jobs.length > 0) {
          last = await this.write(slug, jobs, last);
          continue;
        }
        if (!last) break;
        await last.saved;
        last = undefined;
      }
    } finally {
      this.draining.delete(slug);
    }
  }

  /**
   * Apply a group of changes and start saving it once; resolves when it is
   * applied, with the article its save leaves and the save (whose end
   * answers each change). When another process saved one of the segments
   * first, the store refuses the save: the article is read again and the
   * group applied to it, so each change whose segment moved on is answered
   * 409 with the stored segment (the page's merge view), and the others are
   * saved.
   */
  private async write(slug: string, jobs: PendingPatch[], previous: InFlight | undefined): Promise<InFlight | undefined> {
    let ready: Ready;
    try {
      ready = await this.ready(slug, jobs, previous);
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return undefined;
    }
    return { leaves: ready.applied.article, saved: this.saveGroup(slug, jobs, ready) };
  }

  /**
   * The group applied. While the last group's save is in flight (round trips
   * to PostgreSQL, a sync of SQLite's log), to the article that save leaves:
   * the thread applies this group instead of waiting, and this group is
   * written once that save is done and has left that article as the record.
   */
  private async ready(slug: string, jobs: PendingPatch[], previous: InFlight | undefined): Promise<Ready> {
    if (previous) {
      const ahead = await this.apply(previous.leaves, jobs).catch(() => undefined);
      await previous.saved;
      const record = this.loaded.get(slug);
      // Refusals and whole articles are judged on a copy checked against the stamp: applied again below.
      if (ahead && record?.article === previous.leaves && ahead.refusals === 0 && ahead.changed) return { applied: ahead, readAt: record };
    }
    return this.applyFresh(slug, jobs, true);
  }

  /**
   * The group applied to the article as this process last saved or read it
   * (`kept`), without asking the store for its stamp first (on PostgreSQL a
   * round trip per group, which the fifty editors of one article wait on):
   * the save itself finds out whether the record has moved on since, and
   * then checks every segment read. Only a refusal is answered, and a whole
   * article (a relink) saved, from a copy checked against the stamp.
   */
  private async applyFresh(slug: string, jobs: PendingPatch[], mayKeep: boolean): Promise<Ready> {
    for (;;) {
      const kept = mayKeep ? this.loaded.get(slug) : undefined;
      const readAt = kept ?? (await this.read(slug));
      const applied = await this.apply(readAt.article, jobs);
      if (kept && (applied.refusals > 0 || !applied.changed) && (await this.store.stamp(slug)) !== kept.stamp) {
        if (this.loaded.get(slug) === kept) this.loaded.delete(slug);
        mayKeep = false;
        continue;
      }
      return { applied, readAt };
    }
  }

  /** Save an applied group and answer each change; never rejects (each change is answered or refused). */
  private async saveGroup(slug: string, jobs: PendingPatch[], ready: Ready): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { applied, readAt } = ready;
      try {
        if (applied.expected.size > 0) await this.save(applied.article, applied.expected, applied.changed, readAt);
        for (const answer of applied.answers) answer(applied.article);
        return;
      } catch (error) {
        if (error instanceof RevisionConflictError && attempt < SAVE_TRIES) {
          this.loaded.delete(slug);
          try {
            ready = await this.applyFresh(slug, jobs, false);
          } catch (again) {
            for (const job of jobs) job.reject(again);
            return;
          }
          continue;
        }
        const refusal = error instanceof RevisionConflictError ? new ReviewRequestError(409, 'busy', `article "${slug}" keeps changing under this save: try again`) : error;
        for (const job of jobs) job.reject(refusal);
        return;
      }
    }
  }

  /** The article after the group's changes; nothing is answered until the save is done (a refused save applies them again). */
  private async apply(article: Article, jobs: PendingPatch[]): Promise<Applied> {
    const slug = article.slug;
    const at = new Date().toISOString();
    // Every segment as read, not only those changed: a save is refused when any of them moved on since
    // (a batch, another server), so the article this process keeps under the new stamp is the record.
    const segments = allSegments(article);
    const read = new Map(segments.map((segment) => [segment.id, segment.revision ?? 0]));
    // Each segment by id as the group's changes leave it, put into the article once at the end (a group of
    // fifty saves on a 500-segment article: one pass over the article, not one per save).
    let current = new Map(segments.map((segment) => [segment.id, segment]));
    const replaced = new Map<string, Segment>();
    let changed: Set<string> | undefined = new Set();
    const answers: Array<(saved: Article) => void> = [];
    let refusals = 0;
    // The group's segments' French looked up in the glossary together (one request to the analyser for those not seen yet).
    await prepareRecheck(
      jobs.flatMap((job) => current.get(job.id) ?? []),
      this.glossary,
    );
    for (const job of jobs) {
      const segment = current.get(job.id);
      if (!segment) {
        refusals++;
        answers.push(() => job.reject(notFound(`no segment "${job.id}" in article "${slug}"`)));
        continue;
      }
      if ((segment.revision ?? 0) !== job.patch.revision) {
        refusals++;
        answers.push(() => job.resolve({ status: 409, segment }));
        continue;
      }
      if (job.relink) {
        try {
          const relinked = relink(replaceSegments(article, replaced), job.id, job.relink, job.user, at);
          for (const touched of allSegments(relinked.article)) if (touched.revision !== undefined && touched.history?.at(-1)?.at === at) await recheckSegment(touched, this.glossary);
          article = relinked.article;
          replaced.clear();
          current = new Map(allSegments(article).map((one) => [one.id, one]));
          // Links moved: segments come and go, so the whole article is saved.
          changed = undefined;
          answers.push((saved) => job.resolve({ status: 200, segment: relinked.segment, article: saved }));
        } catch (error) {
          refusals++;
          answers.push(() => job.reject(error));
        }
        continue;
      }
      const key = `${slug}\u0000${job.id}`;
      let next: Segment;
      try {
        next = await this.changed(key, segment, job, at);
      } catch (error) {
        refusals++;
        answers.push(() => job.reject(error));
        continue;
      }
      // New objects: should the write fail, the cached article stays as the store has it.
      current.set(next.id, next);
      replaced.set(next.id, next);
      changed?.add(next.id);
      answers.push((saved) => {
        if (job.patch.undo) this.undoable.delete(key);
        else if (job.patch.target !== undefined || job.patch.state !== undefined) this.undoable.set(key, { revision: next.revision ?? 0, segment });
        job.resolve({ status: 200, segment: next, article: saved });
      });
    }
    const touched = changed === undefined || changed.size > 0;
    return { article: replaceSegments(article, replaced), expected: touched ? read : new Map(), ...(changed ? { changed } : {}), answers, refusals };
  }

  /** The segment after one job's change, re-checked; throws a ReviewRequestError for a change it refuses. */
  private async changed(key: string, segment: Segment, job: PendingPatch, at: string): Promise<Segment> {
    const { patch } = job;
    if (patch.undo) {
      const last = this.undoable.get(key);
      if (!last || last.revision !== patch.revision) throw new ReviewRequestError(409, 'nothing-to-undo', `nothing to undo at revision ${patch.revision}: the last change is already undone, or was made before the server started`);
      const restored = undoChange(segment, last.segment, job.user, at);
      await recheckSegment(restored, this.glossary);
      return restored;
    }
    if (patch.retranslation) {
      // Only a machine's text is ever replaced by a machine's: a person's may have changed since the request.
      if (segment.provenance?.edited) throw new ReviewRequestError(409, 'person-text', `segment ${segment.id} holds a person's text now: not re-translated`);
      const next = retranslated(segment, patch.retranslation, job.user, at, this.glossary.version);
      await recheckSegment(next, this.glossary);
      return next;
    }
    // A text still asking which side to keep is never approved (an older one may be stored already).
    if (patch.target === undefined && (patch.state === 'reviewed' || patch.state === 'final') && hasUnresolvedConflict(segment.target)) throw unresolvedMerge(segment.target!);
    const suggestion = this.suggestions.get(key);
    const next = applyPatch(segment, patch, job.user, at, suggestion?.target === patch.target ? suggestion : undefined);
    await recheckSegment(next, this.glossary);
    keepErrorsUnapproved(segment, next);
    return next;
  }

  private take(slug: string): PendingPatch[] {
    const queue = this.queues.get(slug) ?? [];
    this.queues.delete(slug);
    return queue;
  }

  /**
   * Record the article, and bring the memory up to date with its approvals.
   * With `changed`, only those segments differ from the record at `expected`
   * (the article as read at `readAt`): only they are written, and only their
   * approvals are looked at.
   */
  private async save(article: Article, expected: ReadonlyMap<string, number>, changed?: ReadonlySet<string>, readAt?: Loaded): Promise<void> {
    // The record and the memory side by side: the memory's lines are written at once and made durable in
    // the background (docs/store.md), and the save is answered once the record has committed.
    // Approved segments go to the memory at once, so the next batch reuses them.
    // Approvals are known by their published store file, as batch knows them.
    const origin = path.resolve(this.store.placeOf(article.slug));
    const memory = this.options.memory;
    const syncMemory = (saved: Article, only?: ReadonlySet<string>) => {
      const segments = only ? allSegments(saved).filter((segment) => only.has(segment.id)) : allSegments(saved);
      return memory.syncArticle(origin, approvalsOf(segments, origin), new Set(segments.map((segment) => segment.id)));
    };
    const [stored, synced] = await Promise.allSettled([this.store.save(article, { expected, ...(changed ? { changed, ...(readAt !== undefined ? { readAt: readAt.stamp, read: readAt.article } : {}) } : {}) }), syncMemory(article, changed)]);
    if (stored.status === 'rejected') {
      // Refused (another process saved first): the memory goes back to what the store holds.
      const current = await this.store.load(article.slug).catch(() => undefined);
      if (current) await syncMemory(current);
      throw stored.reason;
    }
    // Kept as the record under the stamp this very save gave it (never under a stamp read afterwards:
    // another process's save right after this one would carry that one), so the answers and the next
    // save of this article do not read back what was just written; another process's save moves the stamp.
    // Not when only the changed segments were written over a record that had moved on from the copy read:
    // the other segments may hold another process's changes (a re-check's findings) this copy lacks.
    if (changed && readAt && stored.value !== stampAfter(readAt.stamp)) this.loaded.delete(article.slug);
    else this.loaded.set(article.slug, { article, stamp: stored.value });
    if (synced.status === 'rejected') throw synced.reason;
    this.pages.schedule(article.slug);
  }

  /**
   * Use a new glossary (the team added a term): every article is re-checked
   * against it at once and written in its turn with the saves, so every
   * segment holding the term has its finding. Texts are not changed.
   * Returns the slugs whose terms or findings changed.
   */
  async useGlossary(glossary: Glossary): Promise<string[]> {
    this.options.glossary = glossary;
    const changed: string[] = [];
    for (const slug of await this.slugs()) {
      await this.alone(slug, async () => {
        for (let attempt = 1; ; attempt++) {
          const article = await this.article(slug).catch(() => undefined);
          if (!article) return;
          // A copy: should the write fail, the cached article stays as the store has it.
          const copy = structuredClone(article);
          await recheckArticle(copy, glossary);
          const judged = (one: Article) => JSON.stringify(allSegments(one).map((segment) => [segment.terms, segment.findings]));
          if (judged(copy) === judged(article)) return;
          try {
            // Refused when another process saved the article meanwhile: read it again and re-check that.
            await this.save(copy, new Map(allSegments(article).map((segment) => [segment.id, segment.revision ?? 0])));
            changed.push(slug);
            return;
          } catch (error) {
            if (!(error instanceof RevisionConflictError) || attempt >= SAVE_TRIES) throw error;
            this.loaded.delete(slug);
          }
        }
      });
    }
    return changed;
  }

  /** Run `work` on one article with no write of it in flight or starting meanwhile: saves that arrive wait in its queue, then go on. */
  private async alone(slug: string, work: () => Promise<void>): Promise<void> {
    while (this.draining.has(slug)) await this.draining.get(slug);
    const running = work().finally(() => {
      this.draining.delete(slug);
      if ((this.queues.get(slug)?.length ?? 0) > 0) this.draining.set(slug, this.drain(slug));
    });
    this.draining.set(slug, running.catch(() => undefined));
    await running;
  }

  /** Wait for every write in flight (shutdown). */
  async idle(): Promise<void> {
    while (this.draining.size > 0) await Promise.all(this.draining.values());
    await this.pages.idle();
  }

  /** Finish every write and page, and stop the page renderer. */
  async close(): Promise<void> {
    await this.idle();
    await this.pages.close();
  }
}

function notFound(message: string): ReviewRequestError {
  return new ReviewRequestError(404, 'not-found', message);
}

/** The article with segments replaced by id: new objects for the article and the blocks that changed, the others shared. */
function replaceSegments(article: Article, replaced: ReadonlyMap<string, Segment>): Article {
  if (replaced.size === 0) return article;
  return {
    ...article,
    blocks: article.blocks.map((block) => (block.segments.some((segment) => replaced.has(segment.id)) ? { ...block, segments: block.segments.map((segment) => replaced.get(segment.id) ?? segment) } : block)),
  };
}

function originOf(segment: Segment): TargetOrigin {
  const provenance = segment.provenance;
  if (!provenance) return 'import';
  if (provenance.edited) return 'person';
  if (provenance.translator === 'memory') return 'memory';
  return 'machine';
}

const errorKey = (finding: Segment['findings'][number]) => `${finding.rule}\u0000${finding.message}`;

/**
 * Nothing approved carries an error its approval did not see: when a save's
 * re-check adds an error-severity finding to a final segment, it goes back
 * to reviewed (its history entry says so too).
 */
function keepErrorsUnapproved(previous: Segment, next: Segment): void {
  if (next.state !== 'final') return;
  const known = new Set(previous.findings.filter((finding) => finding.severity === 'error').map(errorKey));
  if (!next.findings.some((finding) => finding.severity === 'error' && !known.has(errorKey(finding)))) return;
  next.state = 'reviewed';
  if (next.stateBy) next.stateBy = { ...next.stateBy, state: 'reviewed' };
  const last = next.history?.at(-1);
  if (last && last.revision === next.revision) next.history = [...next.history!.slice(0, -1), { ...last, state: 'reviewed' }];
}

/** Who produced a segment's current text, as the history names it. */
function authorOf(segment: Segment): string {
  return segment.provenance?.editor ?? segment.provenance?.translator ?? 'unknown';
}

/**
 * The segment as it was before its last change (`before`), as a new revision:
 * text, marks, state and provenance come back, so effort and the memory see
 * the old segment again; comments and the history stay, and the undone text
 * remains in the history, restorable.
 */
function undoChange(current: Segment, before: Segment, user: string, at: string): Segment {
  const revision = (current.revision ?? 0) + 1;
  const history = [...(current.history ?? [])];
  if (before.target !== undefined && before.target !== current.target) {
    history.push({ target: before.target, origin: originOf(before), by: `${authorOf(before)}, restored by ${user} (undo)`, at, state: before.state, revision });
  }
  const next: Segment = { ...before, revision, findings: [...before.findings] };
  if (history.length > 0) next.history = history;
  if (current.comments) next.comments = current.comments;
  return next;
}

/**
 * A machine segment translated again (the glossary gained an entry it holds):
 * the engine's text, its provenance, the glossary version, the state it had;
 * the old text stays in the history, restorable. Never a person's text.
 */
function retranslated(segment: Segment, suggestion: Suggestion, user: string, at: string, glossaryVersion: string): Segment {
  const revision = (segment.revision ?? 0) + 1;
  const history = [...(segment.history ?? [])];
  if (history.length === 0 && segment.target !== undefined) {
    history.push({ target: segment.target, origin: originOf(segment), by: authorOf(segment), at: segment.provenance?.at ?? at, state: segment.state, revision: segment.revision ?? 0 });
  }
  history.push({ target: suggestion.target, origin: 'machine', by: `${suggestion.translator}, re-translated for ${user}`, at, state: segment.state, revision });
  return {
    ...segment,
    revision,
    target: suggestion.target,
    targetMarks: carryMarks(segment.targetMarks, segment.target, suggestion.target),
    unknownWords: [],
    findings: [...segment.findings],
    provenance: { translator: suggestion.translator, ...(suggestion.model ? { model: suggestion.model } : {}), glossaryVersion, edited: false, at },
    history,
  };
}

/** The segment after the change: a new object, the old one untouched. */
export function applyPatch(segment: Segment, patch: SegmentPatch, user: string, at: string, suggestion?: Suggestion): Segment {
  const revision = (segment.revision ?? 0) + 1;
  const next: Segment = { ...segment, revision, findings: [...segment.findings] };
  const history = [...(segment.history ?? [])];
  if (patch.target !== undefined && patch.target !== segment.target) {
    // The first save keeps where the text came from, so effort and restore have it.
    if (history.length === 0 && segment.target !== undefined) {
      history.push({ target: segment.target, origin: originOf(segment), by: segment.provenance?.editor ?? segment.provenance?.translator ?? 'unknown', at: segment.provenance?.at ?? at, state: segment.state, revision: segment.revision ?? 0 });
    }
    if (next.machineTarget === undefined && segment.target !== undefined && originOf(segment) === 'machine') next.machineTarget = segment.target;
    next.target = patch.target;
    // Links and emphasis stay on the words they were on (the editor sends plain text).
    next.targetMarks = carryMarks(segment.targetMarks, segment.target, patch.target);
    next.unknownWords = [];
    // An engine's suggestion taken as it is: that engine is the text's translator, and a person chose it.
    next.provenance = {
      translator: suggestion?.translator ?? segment.provenance?.translator ?? 'person',
      ...(suggestion ? (suggestion.model ? { model: suggestion.model } : {}) : segment.provenance?.model ? { model: segment.provenance.model } : {}),
      glossaryVersion: segment.provenance?.glossaryVersion ?? 'none',
      edited: true,
      editor: user,
      at,
      ...(suggestion ? { suggested: true } : {}),
    };
    if (patch.state === undefined && (segment.state === 'new' || segment.state === 'translated')) next.state = 'reviewed';
  }
  if (patch.state !== undefined) next.state = patch.state;
  // Who approved (or marked reviewed) is kept even when the text is unchanged, so no approval is anonymous.
  if (patch.state !== undefined || next.state !== segment.state) next.stateBy = { state: next.state, by: user, at };
  if (patch.target !== undefined && patch.target !== segment.target) {
    history.push({ target: patch.target, origin: suggestion ? 'machine' : 'person', by: suggestion ? `${suggestion.translator}, chosen by ${user}` : user, at, state: next.state, revision });
  }
  if (patch.discarded !== undefined && patch.discarded !== next.target) {
    if (history.length === 0 && segment.target !== undefined) {
      history.push({ target: segment.target, origin: originOf(segment), by: authorOf(segment), at: segment.provenance?.at ?? at, state: segment.state, revision: segment.revision ?? 0 });
    }
    history.push({ target: patch.discarded, origin: 'person', by: `${user} (not kept)`, at, state: next.state, revision });
  }
  if (history.length > 0) next.history = history;
  if (patch.comment !== undefined) next.comments = [...(segment.comments ?? []), { author: user, at, text: patch.comment }];
  return next;
}

/** The list's row of an article from the store's counts, with the effort of the article as read. */
function summaryListing(summary: ArticleSummary, article: Article): ArticleListing {
  const { states } = summary;
  return {
    slug: summary.slug,
    title: summary.title,
    ...(summary.targetTitle ? { targetTitle: summary.targetTitle } : {}),
    segments: summary.segments,
    states,
    findings: summary.findings,
    progress: summary.segments === 0 ? 100 : Math.round((100 * (states.reviewed + states.final)) / summary.segments),
    effort: articleEffort(article),
  };
}

export function listing(article: Article): ArticleListing {
  const segments = allSegments(article);
  const states: Record<SegmentState, number> = { new: 0, translated: 0, reviewed: 0, final: 0 };
  for (const segment of segments) states[segment.state]++;
  const title = article.blocks.find((block) => block.kind === 'title');
  const targetTitle = title?.segments.map((segment) => segment.target ?? '').join(' ').trim();
  return {
    slug: article.slug,
    title: article.title,
    ...(targetTitle ? { targetTitle } : {}),
    segments: segments.length,
    states,
    findings: segments.reduce((sum, segment) => sum + segment.findings.length, 0),
    progress: segments.length === 0 ? 100 : Math.round((100 * (states.reviewed + states.final)) / segments.length),
    effort: articleEffort(article),
  };
}

