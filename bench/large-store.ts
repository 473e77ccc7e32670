// A store of record as a newsroom's would be after months of work, for the
// review bench: ten thousand articles (about half a million segments) made
// from the sentences of corpus/, each article its own draw of them with its
// own numbers and places, so that the concordance finds a word in some
// articles and not others, and the states and findings vary as reviews do.
// Made fast: no translator runs (the English is a word-for-word stand-in),
// and the articles go in through the store's bulk save, a few hundred per
// transaction.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Article, Block, Segment, SegmentState } from '../src/core/types.js';
import type { DatabaseStore } from '../src/store/index.js';
import { repoRoot } from './shared-data.js';
import { seededRandom } from '../test/support/random.js';

/** Articles per bulk transaction: well within PostgreSQL's lock table (one lock per article). */
const PER_TRANSACTION = 250;

/** The slug of the one long article the bench opens and saves in. */
export const LONG_SLUG = 'long';

/** Places and names spread over the articles (each in a few percent of them): what a concordance search looks for. */
export const PLACES = ['Kaboul', 'Idlib', 'Alep', 'Mossoul', 'Tripoli', 'Benghazi', 'Gaza', 'Ramallah', 'Beyrouth', 'Damas', 'Bagdad', 'Kandahar', 'Herat', 'Homs', 'Hama', 'Raqqa', 'Deir ez-Zor', 'Tartous', 'Lattaquié', 'Daraa', 'Sanaa', 'Aden', 'Mogadiscio', 'Bamako', 'Gao', 'Tombouctou', 'Niamey', 'Ouagadougou', 'Abidjan', 'Dakar'];

/** A stand-in for the English, word for word: enough for the concordance's English side to hold English words. */
const WORDS: Record<string, string> = { le: 'the', la: 'the', les: 'the', des: 'of the', de: 'of', du: 'of the', et: 'and', à: 'at', en: 'in', est: 'is', un: 'a', une: 'a', dans: 'in', pour: 'for', par: 'by', sur: 'on', qui: 'who', que: 'that', ont: 'have', a: 'has', avec: 'with', au: 'at the', aux: 'to the', il: 'he', elle: 'she', ils: 'they', pas: 'not', ne: 'not' };

const english = (french: string) => french.replace(/[\p{L}]+/gu, (word) => WORDS[word.toLowerCase()] ?? word);

/** Every sentence of corpus/ (a plain split: the segmenter is not what this bench measures). */
function corpusSentences(): string[] {
  const folder = path.join(repoRoot(), 'corpus');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.txt'))
    .flatMap((name) => readFileSync(path.join(folder, name), 'utf8').split(/(?<=[.!?»])\s+|\n+/u))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 20);
}


const STATES: SegmentState[] = ['new', 'translated', 'translated', 'reviewed', 'final'];

function segment(id: string, source: string, next: () => number): Segment {
  const state = STATES[Math.floor(next() * STATES.length)]!;
  const target = state === 'new' ? undefined : english(source);
  return {
    id,
    source,
    ...(target !== undefined ? { target } : {}),
    sourceMarks: [],
    targetMarks: [],
    ...(target !== undefined ? { provenance: { translator: 'apertium', model: 'fr-es-en', glossaryVersion: 'g1', edited: false, at: '2026-11-01T00:00:00.000Z' } } : {}),
    state,
    terms: [],
    unknownWords: [],
    findings: next() < 0.05 ? [{ rule: 'number-mismatch', severity: 'warning', message: 'a number of the French is not in the English', source: 'check' }] : [],
  };
}

function article(slug: string, title: string, count: number, next: () => number, sentences: string[]): Article {
  const place = PLACES[Math.floor(next() * PLACES.length)]!;
  const pick = (n: number) => {
    const sentence = sentences[Math.floor(next() * sentences.length)]!;
    // Its own numbers and, now and then, its own place: no two articles say quite the same.
    const varied = sentence.replace(/\d+/gu, () => String(Math.floor(next() * 1000)));
    return n % 7 === 3 ? `${varied.replace(/[.!?»]*$/u, '')}, selon des témoins à ${place}.` : varied;
  };
  const blocks: Block[] = [{ kind: 'title', text: title, marks: [], segments: [segment('t0', title, next)] }];
  for (let n = 1; n < count; n += 5) {
    const segments = Array.from({ length: Math.min(5, count - n) }, (_, k) => segment(`p${n + k}`, pick(n + k), next));
    blocks.push({ kind: 'paragraph', text: segments.map((one) => one.source).join(' '), marks: [], segments });
  }
  return { slug, sourcePath: `${slug}.txt`, format: 'txt', sourceLang: 'fr', targetLang: 'en', title, blocks };
}

/** The 500-segment article the bench opens and saves in. */
export function longArticle(segments: number): Article {
  return article(LONG_SLUG, `Un article de ${segments} segments`, segments, seededRandom(1), corpusSentences());
}

/**
 * Fill the store with `count` articles of about `segments` segments (40 to
 * 60) and the long article; returns how many segments were written.
 */
export async function fillStore(store: DatabaseStore, options: { count: number; segments: number; long: number }): Promise<number> {
  const sentences = corpusSentences();
  const next = seededRandom(2026);
  let written = 0;
  let batch: Article[] = [longArticle(options.long)];
  written += options.long;
  for (let n = 0; n < options.count - 1; n++) {
    const day = 1 + (n % 28);
    const size = Math.round(options.segments * (0.8 + 0.4 * next()));
    const title = sentences[Math.floor(next() * sentences.length)]!.slice(0, 80);
    batch.push(article(`2026-11-${String(day).padStart(2, '0')}-${n.toString(36)}-${PLACES[n % PLACES.length]!.toLowerCase().replace(/\W+/gu, '-')}`, title, size, next, sentences));
    written += size;
    if (batch.length === PER_TRANSACTION) {
      await store.saveAll(batch);
      batch = [];
    }
  }
  await store.saveAll(batch);
  return written;
}
