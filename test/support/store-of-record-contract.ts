// What every store of record must do beyond the ArticleStore contract, as a
// suite both engines run (test/store-database.test.ts): a stamp that moves
// with every write, changes heard by every instance serving the store,
// presence announced, and concordance search that no user text can break.
// `open` gives a fresh, empty store and a way to open a second instance on
// the same database (as a second server would).

import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/types.js';
import type { StoreChange, StoreOfRecord } from '../../src/store/index.js';
import { foundingArticle } from '../fixtures/render/articles.js';

export interface OpenedPair {
  store: StoreOfRecord;
  another: () => Promise<StoreOfRecord>;
}

const segments = (article: Article) => article.blocks.flatMap((block) => block.segments);

function sample(slug: string): Article {
  const article = foundingArticle();
  article.slug = slug;
  return article;
}

/** The first change the store tells that `wanted` accepts: resolved by the listener, bounded only by the test's timeout. */
export function heard(store: StoreOfRecord, wanted: (change: StoreChange) => boolean): Promise<StoreChange> {
  return new Promise((resolve) => {
    const stop = store.changes((change) => {
      if (!wanted(change)) return;
      stop();
      resolve(change);
    });
  });
}

export function storeOfRecordContract(name: string, open: () => Promise<OpenedPair>): void {
  describe(`StoreOfRecord contract: ${name}`, () => {
    const opened: StoreOfRecord[] = [];
    const pair = async () => {
      const { store, another } = await open();
      opened.push(store);
      return {
        store,
        another: async () => {
          const second = await another();
          opened.push(second);
          return second;
        },
      };
    };
    afterAll(async () => {
      await Promise.all(opened.map((store) => store.close()));
    });

    it('stamps an article: none before it exists, a new one after each changing write, the same seen from another instance', async () => {
      const { store, another } = await pair();
      expect(await store.stamp('a')).toBeUndefined();
      const article = sample('a');
      await store.save(article);
      const first = await store.stamp('a');
      expect(first).toBeDefined();
      segments(article)[0]!.target = 'Changed English.';
      await store.save(article);
      const second = await store.stamp('a');
      expect(second).not.toBe(first);
      expect(await (await another()).stamp('a')).toBe(second);
    });

    it("resolves a save to the article's stamp after it, as stamp() then answers; a save that changes nothing keeps it", async () => {
      const { store } = await pair();
      const article = sample('a');
      const first = await store.save(article);
      expect(first).toBe(await store.stamp('a'));
      expect(await store.save(article)).toBe(first);
      segments(article)[0]!.target = 'Changed.';
      const second = await store.save(article);
      expect(second).not.toBe(first);
      expect(second).toBe(await store.stamp('a'));
    });

    it('publishes pieces only while the record is at the stamp they were made from, so an older version is never published last', async () => {
      const { store, another } = await pair();
      const article = sample('a');
      await store.save(article);
      const before = (await store.stamp('a'))!;
      // Another process saves (and would publish) a newer record before this one's pieces are written.
      segments(article)[0]!.target = 'Newer English.';
      await (await another()).save(article);
      expect(await store.publish('a', { md: ['# made from the older record\n'] }, { stamp: before })).toEqual({});
      const now = (await store.stamp('a'))!;
      expect(Object.keys(await store.publish('a', { md: ['# made from the newer record\n'] }, { stamp: now }))).toEqual(['md']);
    });

    it('names the articles whose files show an older version than their record, until they are published again', async () => {
      const { store } = await pair();
      const article = sample('a');
      await store.save(article);
      const pages = { json: ['{}'], md: ['# A\n'], html: ['<p>A</p>\n'] };
      await store.publish('a', pages, { stamp: (await store.stamp('a'))! });
      expect(await store.stalePublications()).toEqual([]);
      // Saved, then killed before publishing.
      segments(article)[0]!.target = 'Saved, not yet published.';
      await store.save(article);
      expect(await store.stalePublications()).toEqual(['a']);
      await store.publish('a', pages, { stamp: (await store.stamp('a'))! });
      expect(await store.stalePublications()).toEqual([]);
    });

    it('tells another instance of a saved segment, and of a whole article written', async () => {
      const { store, another } = await pair();
      const other = await another();
      const article = sample('a');
      const written = heard(other, (change) => change.kind === 'article' && change.slug === 'a');
      await store.save(article);
      expect(await written).toEqual({ kind: 'article', slug: 'a' });
      const id = segments(article)[1]!.id;
      segments(article)[1]!.target = 'A reviewer’s English.';
      segments(article)[1]!.revision = 1;
      const saved = heard(other, (change) => change.kind === 'segments');
      await store.save(article, { expected: new Map([[id, 0]]) });
      expect(await saved).toEqual({ kind: 'segments', slug: 'a', ids: [id] });
    });

    it('tells a save of many segments with long French ids, as their ids or as the whole article', async () => {
      const { store, another } = await pair();
      const other = await another();
      const article = sample('a');
      for (const [n, segment] of segments(article).entries()) segment.id = `é${'à'.repeat(300)}-${n}`;
      await store.save(article);
      for (const segment of segments(article)) segment.target = `${segment.target} Encore.`;
      const told = heard(other, (change) => change.slug === 'a' && change.kind !== 'editing');
      await store.save(article);
      const change = await told;
      if (change.kind === 'segments') expect(change.ids).toEqual(segments(article).map((segment) => segment.id));
      else expect(change).toEqual({ kind: 'article', slug: 'a' });
    });

    it('tells its own listeners too, and stops telling an unsubscribed one', async () => {
      const { store } = await pair();
      const told: StoreChange[] = [];
      const stop = store.changes((change) => told.push(change));
      const mine = heard(store, (change) => change.kind === 'article' && change.slug === 'b');
      await store.save(sample('b'));
      await mine;
      stop();
      expect(told).toContainEqual({ kind: 'article', slug: 'b' });
    });

    it('announces presence to every instance', async () => {
      const { store, another } = await pair();
      const other = await another();
      await store.save(sample('a'));
      const editing = { kind: 'editing', slug: 'a', id: segments(sample('a'))[0]!.id, who: 'ana', session: 's-1', until: Date.now() + 60_000 } as const;
      const told = heard(other, (change) => change.kind === 'editing');
      await store.announce(editing);
      expect(await told).toEqual(editing);
    });

    it('searches every segment by its words, French or English, ranked, with the article and state', async () => {
      const { store } = await pair();
      await store.save(sample('a'));
      await store.save(sample('b'));
      const hits = (await store.search('armes chimiques')).hits;
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) expect(hit.source.toLowerCase()).toMatch(/armes chimiques/);
      expect(new Set(hits.map((hit) => hit.slug))).toEqual(new Set(['a', 'b']));
      expect(hits[0]).toMatchObject({ title: sample('a').title, state: 'reviewed' });
      expect(hits[0]!.target).toBeDefined();
      const ranks = hits.map((hit) => hit.rank);
      expect([...ranks].sort((x, y) => y - x)).toEqual(ranks);
      expect((await store.search('chemical weapons', { side: 'source' })).hits).toEqual([]);
      expect(((await store.search('chemical weapons', { side: 'target' })).hits).length).toBe(hits.length);
    });

    it('ranks a segment with the words more often first, and gives equal ranks in the order the segments were stored', async () => {
      const { store } = await pair();
      // Two copies of one article, the later slug stored first: their segments rank alike.
      await store.save(sample('z'));
      await store.save(sample('a'));
      const tied = (await store.search('armes chimiques', { phrase: true })).hits;
      expect(tied.length).toBeGreaterThanOrEqual(2);
      expect(tied.slice(0, 2).map((hit) => hit.slug)).toEqual(['z', 'a']);
      expect(tied[0]!.rank).toBe(tied[1]!.rank);
      const article = sample('a');
      const last = segments(article).at(-1)!;
      last.source = 'Armes chimiques, armes chimiques : encore des armes chimiques.';
      await store.save(article);
      expect((await store.search('armes chimiques', { phrase: true })).hits[0]).toMatchObject({ slug: 'a', segmentId: last.id });
    });

    it('tells words anywhere from a phrase, and pages with limit and offset', async () => {
      const { store } = await pair();
      await store.save(sample('a'));
      const words = (await store.search('chimiques terroristes')).hits;
      const phrase = (await store.search('terroristes syriens', { phrase: true })).hits;
      const reversed = (await store.search('chimiques terroristes', { phrase: true })).hits;
      expect(words.length).toBeGreaterThan(0);
      expect(phrase.length).toBeGreaterThan(0);
      expect(reversed).toEqual([]);
      const all = (await store.search('la', { limit: 100 })).hits;
      const page = (await store.search('la', { limit: 2, offset: 1 })).hits;
      expect(page.map((hit) => hit.segmentId)).toEqual(all.slice(1, 3).map((hit) => hit.segmentId));
    });

    it('finds a segment by its saved English, and no more by the English it replaced', async () => {
      const { store } = await pair();
      const article = sample('a');
      await store.save(article);
      segments(article)[0]!.target = 'Zanzibar lighthouse';
      await store.save(article);
      expect(((await store.search('zanzibar')).hits).map((hit) => hit.segmentId)).toEqual([segments(article)[0]!.id]);
      expect((await store.search('Zanzibar', { side: 'source' })).hits).toEqual([]);
    });

    it('lists a page of articles in slug order, each counted from its segments (states, findings, English title), with the total', async () => {
      const { store, another } = await pair();
      const slugs = ['m-article', 'b-article', 'z-article', 'a-article', 'k-article'];
      const saved = new Map<string, Article>();
      for (const [n, slug] of slugs.entries()) {
        const article = sample(slug);
        const all = segments(article);
        // Each article its own counts: some segments approved, findings on some.
        for (const segment of all.slice(0, n)) segment.state = 'final';
        all[all.length - 1]!.findings = Array.from({ length: n }, (_, k) => ({ rule: `rule-${k}`, severity: 'warning' as const, message: `finding ${k}`, source: 'check' }));
        await store.save(article);
        saved.set(slug, article);
      }
      const expected = (slug: string) => {
        const article = saved.get(slug)!;
        const all = segments(article);
        const states = { new: 0, translated: 0, reviewed: 0, final: 0 };
        for (const segment of all) states[segment.state]++;
        const title = article.blocks.find((block) => block.kind === 'title');
        const targetTitle = title?.segments.map((segment) => segment.target ?? '').join(' ').trim();
        return { slug, title: article.title, ...(targetTitle ? { targetTitle } : {}), segments: all.length, states, findings: all.reduce((sum, segment) => sum + segment.findings.length, 0) };
      };
      const sorted = [...slugs].sort();
      const whole = await store.listPage({ offset: 0, limit: 100 });
      expect(whole.total).toBe(5);
      expect(whole.articles.map(({ stamp: _, ...summary }) => summary)).toEqual(sorted.map(expected));
      for (const summary of whole.articles) expect(summary.stamp).toBe(await store.stamp(summary.slug));
      const second = await (await another()).listPage({ offset: 2, limit: 2 });
      expect(second).toMatchObject({ total: 5, offset: 2 });
      expect(second.articles.map((summary) => summary.slug)).toEqual(sorted.slice(2, 4));
      expect((await store.listPage({ offset: 5, limit: 2 })).articles).toEqual([]);
      expect((await store.listPage()).articles).toHaveLength(5);
    });

    it('reads several articles at once, each as load() gives it, with its stamp; an unknown slug is left out', async () => {
      const { store } = await pair();
      const a = sample('a');
      const b = sample('b');
      segments(b)[1]!.history = [{ target: 'Before.', origin: 'machine', by: 'apertium', at: '2026-01-01T00:00:00.000Z', state: 'translated', revision: 0 }];
      segments(b)[1]!.comments = [{ author: 'ana', at: '2026-01-02T00:00:00.000Z', text: 'Vérifier.' }];
      await store.save(a);
      await store.save(b);
      const read = await store.loadMany(['b', 'missing', 'a', 'b']);
      expect([...read.keys()].sort()).toEqual(['a', 'b']);
      for (const slug of ['a', 'b']) expect(read.get(slug)).toEqual({ stamp: await store.stamp(slug), article: await store.load(slug) });
      expect(read.get('b')!.article).toEqual(b);
      expect((await store.loadMany([])).size).toBe(0);
    });

    it('counts a page again after a save: states move and the stamp with them', async () => {
      const { store } = await pair();
      const article = sample('a');
      await store.save(article);
      const before = (await store.listPage()).articles[0]!;
      const [first] = segments(article);
      const was = first!.state;
      first!.state = 'final';
      await store.save(article);
      const after = (await store.listPage()).articles[0]!;
      expect(after.states.final).toBe(before.states.final + (was === 'final' ? 0 : 1));
      expect(after.stamp).not.toBe(before.stamp);
    });

    it("lists people's recent changes newest first (texts saved, comments, reviewed and approved), by person and by article, to a limit", async () => {
      const { store, another: open2 } = await pair();
      const plain = (slug: string) => {
        const article = sample(slug);
        for (const segment of segments(article)) {
          segment.history = [];
          segment.comments = [];
          delete segment.stateBy;
        }
        return article;
      };
      const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
      const version = (target: string, origin: 'machine' | 'person', by: string, minute: number) => ({ target, origin, by, at: at(minute), state: 'translated' as const, revision: 1 });
      const a = plain('a');
      const b = plain('b');
      const [a1, a2] = segments(a);
      const [b1] = segments(b);
      a1!.history = [version('Machine text.', 'machine', 'apertium', 1), version('Tina wrote this.', 'person', 'tina', 2), version('Refused.', 'person', 'rémi (not kept)', 3)];
      a1!.comments = [{ author: 'rémi', at: at(4), text: 'Check the name.' }];
      a1!.stateBy = { state: 'final', by: 'rémi', at: at(5) };
      a2!.stateBy = { state: 'reviewed', by: 'tina', at: at(2) };
      b1!.history = [version('Tina again.', 'person', 'tina', 6)];
      segments(b)[1]!.stateBy = { state: 'translated', by: 'tina', at: at(7) };
      await store.save(a);
      await store.save(b);
      const events = await store.activity();
      expect(events).toEqual([
        { at: at(6), by: 'tina', slug: 'b', segment: b1!.id, what: 'edited', text: 'Tina again.' },
        { at: at(5), by: 'rémi', slug: 'a', segment: a1!.id, what: 'final' },
        { at: at(4), by: 'rémi', slug: 'a', segment: a1!.id, what: 'comment', text: 'Check the name.' },
        // Same time: in the article's order, the text before the state.
        { at: at(2), by: 'tina', slug: 'a', segment: a1!.id, what: 'edited', text: 'Tina wrote this.' },
        { at: at(2), by: 'tina', slug: 'a', segment: a2!.id, what: 'reviewed' },
      ]);
      expect(await store.activity({ limit: 2 })).toEqual(events.slice(0, 2));
      expect((await store.activity({ by: 'tina' })).map((event) => event.what)).toEqual(['edited', 'edited', 'reviewed']);
      expect((await store.activity({ slug: 'b' })).map((event) => event.segment)).toEqual([b1!.id]);
      expect(await store.activity({ by: 'tina', slug: 'b', limit: 1 })).toEqual(events.slice(0, 1));
      // A later save is heard at once, by every instance.
      a2!.comments = [{ author: 'tina', at: at(9), text: 'Done.' }];
      await store.save(a);
      const another = await open2();
      expect((await another.activity({ limit: 1 }))[0]).toMatchObject({ by: 'tina', what: 'comment', segment: a2!.id });
    });

    it('takes any text as words, never as query syntax', async () => {
      const { store } = await pair();
      await store.save(sample('a'));
      for (const query of ['"', 'AND (', "l'État", 'NEAR(a b)', '*', 'source:', '{target}', "')--", '!&|<->', '\\', '', '   ', 'a OR', '-Syrie']) {
        await expect(store.search(query), query).resolves.toMatchObject({ hits: expect.any(Array) });
      }
      expect(((await store.search('"Syrie')).hits).length).toBeGreaterThan(0);
    });
  });
}
