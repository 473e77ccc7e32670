// Where a glossary's entries occur in French text: each listed form as written
// (patterns.ts), and with the analysed words of the text every form by lemma
// (lemmas.ts); the English of each occurrence follows its number.

import { englishFor } from './english-number.js';
import { lemmaMatches, occurrenceNumber, type TermLemmas } from './lemmas.js';
import { formKey, frenchPattern, normaliseText } from './pattern.js';
import type { Glossary, GlossaryEntry, TermMatch } from './types.js';
import { allMatches } from '../core/matches.js';

interface CompiledEntry {
  entry: GlossaryEntry;
  /** Its place in the glossary, the last tie-break between equal matches. */
  order: number;
  /** Compiled on the first text that holds an anchor: most entries never meet most articles. */
  pattern?: RegExp;
  /**
   * One folded word of each French form; a text holding none of them cannot
   * match, so the pattern is not run. Undefined when a form is too short to
   * tell (the pattern always runs).
   */
  anchors: string[] | undefined;
}

interface CompiledGlossary {
  /**
   * Entries by anchor: a listed form's anchor is a whole word of any text it
   * matches, so a text's words find the entries worth a pattern run, without
   * a pass over every entry (a glossary may hold 20,000).
   */
  byAnchor: Map<string, CompiledEntry[]>;
  /** Entries whose anchor may be only part of a word (`inflect` endings) or that have none: checked one by one. */
  scanned: CompiledEntry[];
}

// Compiling is the expensive part; a glossary is matched against many segments.
const compiled = new WeakMap<GlossaryEntry[], CompiledGlossary>();

function compile(entries: GlossaryEntry[]): CompiledGlossary {
  let glossary = compiled.get(entries);
  if (!glossary) {
    glossary = { byAnchor: new Map(), scanned: [] };
    for (const [order, entry] of entries.entries()) {
      const compiledEntry: CompiledEntry = { entry, order, anchors: anchorsOf(entry.sources) };
      if (!compiledEntry.anchors || entry.inflect) {
        glossary.scanned.push(compiledEntry);
        continue;
      }
      for (const anchor of new Set(compiledEntry.anchors)) {
        const list = glossary.byAnchor.get(anchor) ?? [];
        list.push(compiledEntry);
        glossary.byAnchor.set(anchor, list);
      }
    }
    compiled.set(entries, glossary);
  }
  return glossary;
}

/** The entries whose pattern may match the (folded) text. */
function entriesFor(glossary: CompiledGlossary, folded: string): Set<CompiledEntry> {
  const found = new Set<CompiledEntry>();
  for (const word of new Set(folded.match(/[\p{L}\p{N}]+/gu) ?? [])) for (const entry of glossary.byAnchor.get(word) ?? []) found.add(entry);
  for (const entry of glossary.scanned) if (!entry.anchors || entry.anchors.some((anchor) => folded.includes(anchor))) found.add(entry);
  return found;
}

/**
 * Every glossary term in a French text: non-overlapping, the longest match
 * winning wherever two overlap (so "Hayat Tahrir al-Cham" beats "Tahrir
 * al-Cham"), in text order. Offsets index the text as given, even when it is
 * not NFC. With `lemmas` (termLemmas over this text), forms also match by
 * lemma, and each match carries its French number and the English it calls for.
 */
export function findTerms(glossary: Glossary, text: string, lemmas?: TermLemmas): TermMatch[] {
  const normalised = normaliseText(text);
  const words = lemmas?.words.get(normalised.text);
  const candidates: Array<{ entry: GlossaryEntry; start: number; end: number; order: number; exact: boolean }> = [];
  const folded = fold(normalised.text);
  for (const compiledEntry of entriesFor(compile(glossary.entries), folded)) {
    const { entry, order } = compiledEntry;
    // `inflect` endings still apply: they reach the words the analyser does not know (pandémies).
    const inflect = entry.inflect ?? false;
    const pattern = (compiledEntry.pattern ??= frenchPattern(entry.sources, entry.caseSensitive, inflect));
    for (const m of allMatches(normalised.text, pattern)) {
      if (m[0].length === 0) continue;
      const exact = !inflect || isListedForm(entry, m[0]);
      candidates.push({ entry, start: m.index, end: m.index + m[0].length, order, exact });
    }
  }
  if (words && lemmas) {
    for (const { entry, order, start, end } of lemmaMatches(lemmas.index, normalised.text, words)) {
      candidates.push({ entry, order, start, end, exact: isListedForm(entry, normalised.text.slice(start, end)) });
    }
  }
  // Longest first; at equal length a listed form beats an inflected one ("symptômes"
  // entry over "symptôme" + s); then the earlier position, then the earlier entry.
  candidates.sort(
    (a, b) => b.end - b.start - (a.end - a.start) || Number(b.exact) - Number(a.exact) || a.start - b.start || a.order - b.order,
  );
  const chosen: typeof candidates = [];
  for (const c of candidates) {
    if (chosen.every((k) => c.end <= k.start || c.start >= k.end)) chosen.push(c);
  }
  chosen.sort((a, b) => a.start - b.start);
  const map = normalised.map;
  return chosen.map((c) => {
    const start = map ? map[c.start]! : c.start;
    const end = map ? map[c.end]! : c.end;
    const match: TermMatch = { entry: c.entry, start, end, text: text.slice(start, end) };
    const number = occurrenceNumber(words, c.start, c.end);
    if (number && !c.entry.keep) {
      match.number = number;
      const english = englishFor(c.entry, lemmas!.index.numbers.get(c.entry), number);
      if (english !== c.entry.target) match.english = english;
    }
    return match;
  });
}

/** True when the text is one of the entry's French forms as listed (not an inflection of one). */
export function isListedForm(entry: GlossaryEntry, text: string): boolean {
  const key = formKey(text, entry.caseSensitive);
  return entry.sources.some((source) => formKey(source, entry.caseSensitive) === key);
}

/**
 * Lower case without accents: the patterns accept a capital first letter and
 * unaccented capitals, so a prefilter must not be stricter than that.
 */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The longest run of letters and digits of each form, folded; the pattern matches each run as written (modulo case and accents). */
function anchorsOf(forms: string[]): string[] | undefined {
  const anchors: string[] = [];
  for (const form of forms) {
    const runs = fold(form).match(/[\p{L}\p{N}]+/gu) ?? [];
    const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (longest.length < 3) return undefined;
    anchors.push(longest);
  }
  return anchors;
}
