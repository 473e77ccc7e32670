// Glossary forms matched by lemma: a form and the text are compared word by
// word through the French analyser's lemmas, so "Un Casque blanc" finds the
// entry "Casques blancs" and "présidente" finds "président", without a list of
// endings. Function words (articles, prepositions, pronouns, numbers) and words
// the dictionary does not know (most names) must occur as written (modulo case
// and accents), so a lemma never widens "la" to "les" or "Idlib" to anything.
// Words are the analyser's, so a match never starts or ends inside a word.
//
// A content word the dictionary does not know (asymptomatiques, désinfectante,
// pandémies: Apertium's French dictionary lacks much of the medical and
// technical vocabulary) has no lemma, so it is compared with an unknown word of
// the form by French number and gender endings instead (unknownKey): without
// it a lower-case entry like "pandémie" would miss its own plural.
//
// The index is keyed by the first word's keys: a text is scanned once, each of
// its words looking up the forms that can start there, so a glossary of 20,000
// entries costs a map lookup per word, not a pass per entry.

import type { AnalysedWord, GrammaticalNumber, MorphologicalAnalyser } from '../core/morphology.js';
import { isWord } from '../core/word-lists.js';
import { normaliseText } from './pattern.js';
import type { Glossary, GlossaryEntry } from './types.js';

/** Parts of speech whose words must match as written: grammar, not content. */
const CLOSED = new Set(['det', 'pr', 'prn', 'cnjcoo', 'cnjsub', 'cnjadv', 'rel', 'num', 'preadv', 'predet', 'vbhaver', 'vbser', 'sent', 'cm', 'lpar', 'rpar', 'lquest', 'apos', 'guio', 'rquot', 'lquot', 'percent', 'ij']);
/** Between the words of a name: spaces and hyphens only (al-Cham = al Cham); anything else is another phrase. */
const GAP = /^[\s\-\u2010\u2011\u2012\u2013]*$/u;

interface FormWord {
  keys: string[];
  surface: string;
  gap: boolean;
}

interface LemmaForm {
  entry: GlossaryEntry;
  order: number;
  form: string;
  words: FormWord[];
}

export interface LemmaIndex {
  /** Forms by a key of their first word. */
  byFirst: Map<string, LemmaForm[]>;
  /** The grammatical number of each entry's first French form, which its English has. */
  numbers: Map<GlossaryEntry, GrammaticalNumber>;
}

/** What findTerms needs to match by lemma: the glossary's index and the analysed texts it will be asked about. */
export interface TermLemmas {
  index: LemmaIndex;
  /** Analysed words by (NFC) text. */
  words: Map<string, AnalysedWord[]>;
}

/** Lower case, one apostrophe: a word written as listed (accents matter, as in the listed forms' patterns). */
function foldWord(text: string): string {
  return text.normalize('NFC').replace(/['\u2019\u02BC\u2018]/gu, "'").toLowerCase();
}

function isClosed(word: AnalysedWord): boolean {
  return word.readings.length === 0 || word.readings.some((reading) => CLOSED.has(reading.tags[0] ?? ''));
}

/**
 * The key an unknown word shares with its French number and gender
 * inflections: lower case, without a plural -s (-x after -au/-eu, as in
 * "préaux", "feux"), then without a feminine or final -e, so "désinfectant",
 * "désinfectante", "désinfectants", "désinfectantes" all give "désinfectant"
 * and "pandémie", "pandémies" give "pandémi". These are the endings French
 * adds to nouns and adjectives it has no rule for (new and technical words
 * take the regular ones). Guards, each keeping a different word from
 * matching:
 * - only for words the analyser does not know (the caller's check): a known
 *   word ("porte", "ventes") is matched by its lemma, never by its ending, so
 *   "port" never finds "porte";
 * - letters only, at least four of them: no digits, no short abbreviation;
 * - no -e dropped when the French word list (hunspell's, expanded) has the
 *   stem + -er as a verb: "tracte", "tractes" may be forms of "tracter",
 *   not the feminine of "tract" (the -s of a plural is still dropped).
 * Undefined when the word cannot be compared this way.
 */
function unknownKey(surface: string): string | undefined {
  const word = surface.normalize('NFC').toLowerCase();
  if (!/^\p{L}{4,}$/u.test(word)) return undefined;
  let stem = word.replace(/(?<=[^s])s$|(?<=[ae]u)x$/u, '');
  if (stem.endsWith('e')) {
    const base = stem.slice(0, -1);
    if (!isWord(`${base}er`, 'fr')) stem = base;
  }
  return `u:${stem}`;
}

/** A word the analyser has no reading for, which only its spelling can match. */
const isUnknown = (word: AnalysedWord) => word.readings.length === 0;

/** The keys a word is found by: its folded spelling, for a content word each lemma with its part of speech, for an unknown word its endings' key. */
function keysOf(word: AnalysedWord): string[] {
  const keys = [`s:${foldWord(word.surface)}`];
  if (isUnknown(word)) {
    const key = unknownKey(word.surface);
    if (key) keys.push(key);
  } else if (!isClosed(word)) for (const reading of word.readings) keys.push(`l:${reading.lemma.toLowerCase()}<${reading.tags[0] ?? ''}>`);
  return keys;
}

const NOMINAL = new Set(['n', 'adj']);

/**
 * A form word is matched by its lemmas when it is a content word the
 * dictionary knows, by its endings' key when it is a lower-case word the
 * dictionary does not know, else by its spelling. A word the dictionary knows as a
 * proper noun is a name: spelling only ("Damas" is also a form of the verb
 * damer, "Paris" the plural of pari). A word that can be a noun or adjective
 * is matched as one, not by a verb reading it also has ("presse" is not
 * "pressait").
 */
function formKeys(word: AnalysedWord): string[] {
  const surface = `s:${foldWord(word.surface)}`;
  // An unknown word written in lower case is a common noun or adjective the
  // dictionary lacks, and takes French endings; a capitalised one is a name
  // ("Idlib", "Kvadrat"), which French does not inflect: as written.
  if (isUnknown(word) && word.surface === word.surface.toLowerCase()) {
    const key = unknownKey(word.surface);
    return key ? [surface, key] : [surface];
  }
  if (isClosed(word) || word.readings.some((reading) => reading.tags[0] === 'np')) return [surface];
  const nominal = word.readings.filter((reading) => NOMINAL.has(reading.tags[0] ?? ''));
  return [...new Set((nominal.length > 0 ? nominal : word.readings).map((reading) => `l:${reading.lemma.toLowerCase()}<${reading.tags[0] ?? ''}>`))];
}

/** The number of a phrase's head: its first noun whose readings agree on one number. */
export function headNumber(words: readonly AnalysedWord[]): GrammaticalNumber | undefined {
  for (const word of words) {
    const nouns = word.readings.filter((reading) => reading.tags[0] === 'n' || reading.tags[0] === 'np');
    if (nouns.length === 0) continue;
    const numbers = new Set(nouns.map((reading) => (reading.tags.includes('pl') ? 'plural' : reading.tags.includes('sg') ? 'singular' : undefined)));
    return numbers.size === 1 ? [...numbers][0] : undefined;
  }
  return undefined;
}

const indexes = new WeakMap<GlossaryEntry[], WeakMap<MorphologicalAnalyser, Promise<LemmaIndex | undefined>>>();

/** The glossary's forms analysed once (one request for every form), kept while the glossary lives. */
export function lemmaIndex(glossary: Pick<Glossary, 'entries'>, analyser: MorphologicalAnalyser): Promise<LemmaIndex | undefined> {
  let byAnalyser = indexes.get(glossary.entries);
  if (!byAnalyser) indexes.set(glossary.entries, (byAnalyser = new WeakMap()));
  let index = byAnalyser.get(analyser);
  if (!index) {
    index = buildIndex(glossary.entries, analyser);
    byAnalyser.set(analyser, index);
  }
  return index;
}

export async function buildIndex(entries: GlossaryEntry[], analyser: MorphologicalAnalyser): Promise<LemmaIndex | undefined> {
  const forms = entries.flatMap((entry, order) => (entry.keep ? [] : entry.sources.map((form) => ({ entry, order, form: form.normalize('NFC').trim() }))));
  const analysed = await analyser.analyse(forms.map((f) => f.form));
  if (analysed.some((words) => words === undefined)) return undefined;
  const index: LemmaIndex = { byFirst: new Map(), numbers: new Map() };
  forms.forEach((f, i) => {
    const words = analysed[i]!;
    if (words.length === 0) return;
    if (f.entry.sources[0]!.normalize('NFC').trim() === f.form) {
      const number = headNumber(words);
      if (number) index.numbers.set(f.entry, number);
    }
    const formWords = words.map((word, k) => ({ keys: formKeys(word), surface: word.surface, gap: k > 0 && word.start > words[k - 1]!.end }));
    const lemmaForm: LemmaForm = { entry: f.entry, order: f.order, form: f.form, words: formWords };
    for (const key of new Set(formWords[0]!.keys)) {
      const list = index.byFirst.get(key) ?? [];
      list.push(lemmaForm);
      index.byFirst.set(key, list);
    }
  });
  return index;
}

/** The index and every text analysed, in two requests to the analyser (the glossary's is made once). */
export async function termLemmas(glossary: Glossary, analyser: MorphologicalAnalyser | undefined, texts: readonly string[]): Promise<TermLemmas | undefined> {
  if (!analyser || glossary.entries.length === 0) return undefined;
  const index = await lemmaIndex(glossary, analyser);
  if (!index) return undefined;
  const unique = [...new Set(texts.map((text) => normaliseText(text).text))];
  const analysed = await analyser.analyse(unique);
  const words = new Map<string, AnalysedWord[]>();
  unique.forEach((text, i) => {
    const found = analysed[i];
    if (found) words.set(text, found);
  });
  return { index, words };
}

/** With `case`: a word keeps the case of the form's word, except that the first may take a capital. */
function sameCase(form: string, text: string, first: boolean): boolean {
  const upper = (c: string) => c !== c.toLowerCase();
  const f = form.charAt(0);
  const t = text.charAt(0);
  if (upper(f) !== upper(t) && !(first && upper(t))) return false;
  // An acronym stays an acronym ("OTAN", not "Otan").
  return !(form.length > 1 && form === form.toUpperCase() && upper(f)) || text === text.toUpperCase();
}

export interface LemmaCandidate {
  entry: GlossaryEntry;
  order: number;
  /** The form that matched, as listed. */
  form: string;
  /** Offsets into the analysed (NFC) text. */
  start: number;
  end: number;
}

/** Every place a form matches word for word by lemma; overlaps are left to the caller. */
export function lemmaMatches(index: LemmaIndex, text: string, words: readonly AnalysedWord[]): LemmaCandidate[] {
  const found: LemmaCandidate[] = [];
  const textKeys = words.map((word) => new Set(keysOf(word)));
  for (let i = 0; i < words.length; i++) {
    const seen = new Set<LemmaForm>();
    for (const key of textKeys[i]!) {
      for (const form of index.byFirst.get(key) ?? []) {
        if (seen.has(form)) continue;
        seen.add(form);
        if (matchesAt(form, text, words, textKeys, i)) found.push({ entry: form.entry, order: form.order, form: form.form, start: words[i]!.start, end: words[i + form.words.length - 1]!.end });
      }
    }
  }
  return found;
}

function matchesAt(form: LemmaForm, text: string, words: readonly AnalysedWord[], textKeys: ReadonlyArray<Set<string>>, at: number): boolean {
  if (at + form.words.length > words.length) return false;
  return form.words.every((formWord, k) => {
    const word = words[at + k]!;
    if (!formWord.keys.some((key) => textKeys[at + k]!.has(key))) return false;
    if (k > 0) {
      const gap = text.slice(words[at + k - 1]!.end, word.start);
      if (!GAP.test(gap) || (gap.length > 0) !== formWord.gap) return false;
    }
    return !form.entry.caseSensitive || sameCase(formWord.surface, word.surface, k === 0);
  });
}

/** The French number of an occurrence: its head noun's, read from the analysed words it covers. */
export function occurrenceNumber(words: readonly AnalysedWord[] | undefined, start: number, end: number): GrammaticalNumber | undefined {
  if (!words) return undefined;
  return headNumber(words.filter((word) => word.start >= start && word.end <= end));
}
