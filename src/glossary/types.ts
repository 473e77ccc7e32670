// What a glossary is, independent of the file format it was read from.

import type { GrammaticalNumber } from '../core/morphology.js';

export type TermType = 'person' | 'organisation' | 'place' | 'office' | 'weapon' | 'other';

export const TERM_TYPES: readonly TermType[] = ['person', 'organisation', 'place', 'office', 'weapon', 'other'];

export interface GlossaryEntry {
  /** The first French form; stable across edits of the other columns. */
  id: string;
  /** French forms (variants), NFC, first = id. */
  sources: string[];
  /** The pinned English form, written exactly as it must appear. Empty for `keep` entries. */
  target: string;
  /** Other English forms a verification accepts (inflections, spelling variants). */
  targetForms: string[];
  type: TermType;
  /** Match case exactly on both sides (a capital first letter is always allowed). */
  caseSensitive: boolean;
  /** The English form is the French text as it occurs (names, acronyms that do not change). */
  keep: boolean;
  /**
   * English uses the pinned form without an article ("Syria", "NATO",
   * "Moscow's ambassador…"): an article "the" a translator puts right before the
   * term is dropped. Optional; absent means false.
   */
  bare?: boolean;
  /**
   * Redundant since forms match by lemma (the plural and feminine of every
   * word the French analyser knows are found without it); still read, so older
   * glossaries keep working: French -e/-s/-es/-x endings on each word match
   * too, which reaches words the analyser does not know. Optional.
   */
  inflect?: boolean;
  note: string;
  /** Where the entry was read, for messages. */
  file: string;
  line: number;
}

export interface Glossary {
  entries: GlossaryEntry[];
  /** Short hash of the normalised entries: changes when any entry changes, not when files move. */
  version: string;
  files: string[];
}

/** One occurrence of an entry in French text; offsets are UTF-16 indices into that text. */
export interface TermMatch {
  entry: GlossaryEntry;
  start: number;
  end: number;
  /** The French text as it occurs. */
  text: string;
  /** The occurrence's grammatical number, when the French analyser told it; the English follows it. */
  number?: GrammaticalNumber;
  /** The English this occurrence calls for when it is not the pinned form (the other number: "White Helmet"). */
  english?: string;
}

/** Text with terms replaced by tokens, and the way back. */
export interface Protected {
  text: string;
  restore(translated: string): string;
}
