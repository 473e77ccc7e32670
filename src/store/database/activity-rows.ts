// People's recent changes from the store's own rows, newest first: texts
// saved (a person's versions), comments, and segments marked reviewed or
// approved (a segment's `stateBy`). Each kind is one query walking an index
// on its time backwards, stopped at the limit, so the editor's home page
// costs the same on ten articles as on ten thousand; the three short lists
// are then merged here.

import { sql } from './kysely.js';
import type { ActivityEvent, ActivityFilter } from '../article-store.js';
import type { StoreEngine } from './store-engine.js';

const DEFAULT_LIMIT = 100;

/** A person's text not kept (replaced by an engine's choice) is named so in the history: not an edit of theirs. */
const NOT_KEPT = '% (not kept)';

/** The JSON paths of a segment's `stateBy` (its time as the index of migration 0010 spells it). */
const STATE_AT = ['stateBy', 'at'] as const;
const STATE_BY = ['stateBy', 'by'] as const;
const STATE_STATE = ['stateBy', 'state'] as const;

/** An event with its place: ties in time keep the order the articles read in (slug, segment, then text, comment, state). */
type Placed = ActivityEvent & { block: number; position: number; kind: number; n: number };

export async function readActivity(engine: StoreEngine, filter: ActivityFilter = {}): Promise<ActivityEvent[]> {
  const limit = filter.limit ?? DEFAULT_LIMIT;
  const { sql: engineSql } = engine;
  return engine.read(async (db) => {
    let versions = db
      .selectFrom('segment_versions as v')
      .innerJoin('segments as s', (join) => join.onRef('s.slug', '=', 'v.slug').onRef('s.block', '=', 'v.block').onRef('s.position', '=', 'v.position'))
      .select(['v.slug', 'v.block', 'v.position', 'v.n', 's.id', 'v.at', 'v.by', engineSql.jsonText('v.entry', 'target').as('text')])
      .where('v.origin', '=', sql.lit('person'))
      .where('v.by', 'not like', NOT_KEPT);
    let comments = db
      .selectFrom('segment_comments as c')
      .innerJoin('segments as s', (join) => join.onRef('s.slug', '=', 'c.slug').onRef('s.block', '=', 'c.block').onRef('s.position', '=', 'c.position'))
      .select(['c.slug', 'c.block', 'c.position', 'c.n', 's.id', 'c.at', 'c.author as by', engineSql.jsonText('c.entry', 'text').as('text')]);
    const stateAt = engineSql.jsonPathText('rest', STATE_AT);
    let states = db
      .selectFrom('segments')
      .select(['slug', 'block', 'position', 'id', stateAt.as('at'), engineSql.jsonPathText('rest', STATE_BY).as('by'), engineSql.jsonPathText('rest', STATE_STATE).as('state')])
      .where(stateAt, 'is not', null)
      .where(engineSql.jsonPathText('rest', STATE_STATE), 'in', ['reviewed', 'final']);
    if (filter.slug !== undefined) {
      versions = versions.where('v.slug', '=', filter.slug);
      comments = comments.where('c.slug', '=', filter.slug);
      states = states.where('slug', '=', filter.slug);
    }
    if (filter.by !== undefined) {
      versions = versions.where('v.by', '=', filter.by);
      comments = comments.where('c.author', '=', filter.by);
      states = states.where(engineSql.jsonPathText('rest', STATE_BY), '=', filter.by);
    }
    const [edited, said, marked] = await Promise.all([
      versions.orderBy(engineSql.byteOrder('v.at'), 'desc').limit(limit).execute(),
      comments.orderBy(engineSql.byteOrder('c.at'), 'desc').limit(limit).execute(),
      states.orderBy(engineSql.byteOrder(stateAt), 'desc').limit(limit).execute(),
    ]);
    const events: Placed[] = [
      ...edited.map((row) => ({ ...place(row, 0), what: 'edited' as const, ...(row.text !== null ? { text: row.text } : {}) })),
      ...said.map((row) => ({ ...place(row, 1), what: 'comment' as const, ...(row.text !== null ? { text: row.text } : {}) })),
      ...marked.map((row) => ({ ...place({ ...row, n: 0, at: row.at!, by: row.by ?? '' }, 2), what: row.state as 'reviewed' | 'final' })),
    ];
    return events.sort(newestFirst).slice(0, limit).map(({ block: _block, position: _position, kind: _kind, n: _n, ...event }) => event);
  });
}

function place(row: { slug: string; block: number; position: number; n: number; id: string; at: string; by: string }, kind: number): Omit<Placed, 'what'> {
  return { at: row.at, by: row.by, slug: row.slug, segment: row.id, block: Number(row.block), position: Number(row.position), kind, n: Number(row.n) };
}

const bytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function newestFirst(a: Placed, b: Placed): number {
  return bytes(b.at, a.at) || bytes(a.slug, b.slug) || a.block - b.block || a.position - b.position || a.kind - b.kind || a.n - b.n;
}
