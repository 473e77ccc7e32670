// One page of the article list, counted by the database: a store of ten
// thousand articles is never loaded to show fifty of them. The page is the
// articles' rows in slug order (an index in byte order on both engines);
// each one's states and findings are aggregates over its segments' rows
// (read through the segments' place index, which starts with the slug), and
// its English title is its first title block's segments.

import type { ArticlePage, ArticleSummary, PageOptions } from '../article-store.js';
import type { StoreEngine } from './store-engine.js';

const DEFAULT_LIMIT = 50;

export async function readArticlePage(engine: StoreEngine, options: PageOptions = {}): Promise<ArticlePage> {
  const offset = options.offset ?? 0;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const { sql: engineSql } = engine;
  // One snapshot: the counts and the page agree even while saves go on.
  return engine.read(async (db) => {
    const counted = await db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    const page = await db.selectFrom('articles').select(['slug', 'title', 'version']).orderBy(engineSql.byteOrder('slug')).limit(limit).offset(offset).execute();
    const result: ArticlePage = { total: Number(counted.n), offset, articles: [] };
    if (page.length === 0) return result;
    const slugs = page.map((row) => row.slug);
    const counts = await db
      .selectFrom('segments')
      .select((eb) => ['slug', 'state', eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string | null>(engineSql.jsonArrayLength('rest', 'findings')).as('findings')])
      .where('slug', 'in', slugs)
      .groupBy(['slug', 'state'])
      .execute();
    const titles = await db
      .selectFrom('segments as s')
      .innerJoin('blocks as b', (join) => join.onRef('b.slug', '=', 's.slug').onRef('b.position', '=', 's.block'))
      .select(['s.slug', 's.block', 's.target'])
      .where('s.slug', 'in', slugs)
      // Said of the blocks too: PostgreSQL's planner would otherwise read every block's JSON to find the titles.
      .where('b.slug', 'in', slugs)
      .where(engineSql.jsonText('b.fields', 'kind'), '=', 'title')
      .orderBy('s.slug')
      .orderBy('s.block')
      .orderBy('s.position')
      .execute();
    const summaries = new Map<string, ArticleSummary>(
      page.map((row) => [row.slug, { slug: row.slug, title: row.title, stamp: String(row.version), segments: 0, states: { new: 0, translated: 0, reviewed: 0, final: 0 }, findings: 0 }]),
    );
    for (const row of counts) {
      const summary = summaries.get(row.slug)!;
      const n = Number(row.n);
      summary.segments += n;
      if (row.state in summary.states) summary.states[row.state as keyof ArticleSummary['states']] += n;
      summary.findings += Number(row.findings ?? 0);
    }
    // The first title block only, as the article's own listing takes it.
    const titleBlock = new Map<string, { block: number; targets: string[] }>();
    for (const row of titles) {
      const seen = titleBlock.get(row.slug) ?? titleBlock.set(row.slug, { block: row.block, targets: [] }).get(row.slug)!;
      if (seen.block === row.block) seen.targets.push(row.target ?? '');
    }
    for (const [slug, { targets }] of titleBlock) {
      const targetTitle = targets.join(' ').trim();
      if (targetTitle) summaries.get(slug)!.targetTitle = targetTitle;
    }
    result.articles = [...summaries.values()];
    return result;
  });
}
