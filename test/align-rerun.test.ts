// Re-aligning a pair that is already aligned (and perhaps reviewed): the same
// two documents change nothing; changed documents keep every segment a person
// worked on — its English, state, history and comments — and align the other
// sentences around it; work that cannot be placed is refused, not dropped.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import type { Article, Segment } from '../src/core/types.js';
import { alignDocuments, type DocumentPair } from '../src/pipeline/index.js';
import { relink } from '../src/review/relink.js';
import { loadArticle, saveArticle } from '../src/store/index.js';
import { tempDir } from './support/cli.js';
import { FakeTranslator } from './support/fake-translator.js';
import { GLOSSARY } from './support/review.js';

const FRENCH = ['Le conseil a voté le budget mardi.', 'Les bibliothèques ouvriront le dimanche.', 'Trois annexes rouvriront au printemps.', 'Le maire a salué la décision.', 'La séance a été levée à midi.'];
const ENGLISH = ['The council voted the budget on Tuesday.', 'Libraries will open on Sundays.', 'Three branches will reopen in the spring.', 'The mayor welcomed the decision.', 'The session closed at noon.'];

/** Answers each French sentence with its English above, so the alignment is known (1-1 throughout). */
const knownTranslator = () => new FakeTranslator({ id: 'known', answer: (text) => ENGLISH[FRENCH.indexOf(text)] ?? text });

const segments = (article: Article): Segment[] => article.blocks.flatMap((block) => block.segments);

async function setup(): Promise<{ out: string; pair: DocumentPair; align: (force?: boolean) => ReturnType<typeof alignDocuments>; store: () => Promise<Article> }> {
  const dir = await tempDir('align-rerun');
  const out = path.join(dir, 'out');
  const pair = { french: { file: path.join(dir, 'news.txt') }, english: { file: path.join(dir, 'news.en.txt') } };
  await writeFile(pair.french.file, FRENCH.join('\n') + '\n');
  await writeFile(pair.english.file, ENGLISH.join('\n') + '\n');
  const align = (force = false) => alignDocuments(pair, { glossary: GLOSSARY, translator: knownTranslator() }, { outDir: out, presegmented: true, ...(force ? { force } : {}) });
  const store = async () => (await loadArticle(path.join(out, 'news.json')))!;
  return { out, pair, align, store };
}

/** What a reviewer does to the segment of French sentence `index`: new English, approval, a comment, the history of it. */
async function review(out: string, article: Article, index: number): Promise<void> {
  const segment = segments(article)[index]!;
  segment.history = [{ target: segment.target!, origin: 'import', by: 'news.en.txt', at: '2026-01-01T00:00:00Z', state: 'translated', revision: 0 }];
  segment.target = `${segment.target} (reviewed)`;
  segment.targetMarks = [];
  segment.state = 'reviewed';
  segment.revision = 1;
  segment.comments = [{ author: 'ana', at: '2026-01-01T00:00:00Z', text: 'Checked against the minutes.' }];
  segment.provenance = { ...segment.provenance!, edited: true, editor: 'ana' };
  await saveArticle(out, article);
}

describe('re-aligning an aligned pair', () => {
  it('changes nothing when neither document changed', async () => {
    const { out, align, store } = await setup();
    await align();
    await review(out, await store(), 1);
    const before = await readFile(path.join(out, 'news.json'), 'utf8');
    const again = await align();
    expect(again.upToDate).toBe(true);
    expect(await readFile(path.join(out, 'news.json'), 'utf8')).toBe(before);
  });

  it('keeps the reviewed segments, with history and comments, when a document changed, and aligns the rest around them', async () => {
    const { out, pair, align, store } = await setup();
    await align();
    await review(out, await store(), 1);
    // A reviewer's relink, too: the last two sentences made one link.
    const relinked = relink(await store(), segments(await store())[3]!.id, { revision: 0, operation: 'merge-with-next' }, 'ana', '2026-01-02T00:00:00Z').article;
    await saveArticle(out, relinked);
    // The English gains a sentence at the top; the French is unchanged.
    await writeFile(pair.english.file, ['Council news.', ...ENGLISH].join('\n') + '\n');
    const again = await align();
    expect(again.upToDate).toBe(false);
    expect(again.kept).toBe(2);
    const after = segments(await store());
    const reviewed = after.find((segment) => segment.source === FRENCH[1])!;
    expect(reviewed).toMatchObject({ target: `${ENGLISH[1]} (reviewed)`, state: 'reviewed', revision: 1, link: { fr: [1], en: [2] } });
    expect(reviewed.comments).toEqual([{ author: 'ana', at: '2026-01-01T00:00:00Z', text: 'Checked against the minutes.' }]);
    expect(reviewed.history).toHaveLength(1);
    const merged = after.find((segment) => segment.source === `${FRENCH[3]} ${FRENCH[4]}`)!;
    expect(merged).toMatchObject({ target: `${ENGLISH[3]} ${ENGLISH[4]}`, state: 'reviewed', link: { fr: [3, 4], en: [4, 5] } });
    expect(merged.history!.length).toBeGreaterThan(0);
    // The new English sentence is aligned as the aligner sees fit, every sentence linked once.
    expect(after.flatMap((segment) => segment.link!.en).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(after.flatMap((segment) => segment.link!.fr).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(after.some((segment) => segment.target === 'Council news.' || segment.target?.startsWith('Council news. '))).toBe(true);
  });

  it('refuses, naming --force, rather than drop a review whose sentence is gone; --force drops it', async () => {
    const { out, pair, align, store } = await setup();
    await align();
    await review(out, await store(), 1);
    const before = await readFile(path.join(out, 'news.json'), 'utf8');
    await writeFile(pair.french.file, FRENCH.filter((_, i) => i !== 1).join('\n') + '\n');
    const refused = await align().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InputError);
    expect(String((refused as InputError).message)).toMatch(/lose a reviewer's work .* 1 segment/);
    expect(JSON.stringify(refused) + String((refused as InputError & { hint?: string }).hint)).toMatch(/--force/);
    expect(await readFile(path.join(out, 'news.json'), 'utf8')).toBe(before);
    const forced = await align(true);
    expect(forced.dropped).toBe(1);
    expect(segments(await store()).some((segment) => segment.comments)).toBe(false);
  });
});
