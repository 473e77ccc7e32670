// What a morphological analyser tells about French words, and the interface it
// is reached through. The glossary stage matches names by lemma and needs an
// analyser; the one that exists (Apertium's lt-proc) is an engine that lives
// with the translators. Both stages meet here, so neither imports the other:
// the pipeline hands the analyser to the glossary.

/** One analysis of a word: its lemma and tags, as `casque<n><m><pl>` → { lemma: "casque", tags: ["n", "m", "pl"] }. */
export interface Reading {
  lemma: string;
  tags: string[];
}

/** A word of an analysed text; offsets are UTF-16 indices into that text. */
export interface AnalysedWord {
  start: number;
  end: number;
  /** The word as it occurs. */
  surface: string;
  /** Every analysis the dictionary gives; empty for a word it does not know (a name, most often). */
  readings: Reading[];
}

export interface MorphologicalAnalyser {
  /**
   * The words of each text, in order. `undefined` for a text the analyser
   * could not analyse (not installed): the caller matches without lemmas.
   */
  analyse(texts: readonly string[]): Promise<Array<AnalysedWord[] | undefined>>;
}

export type GrammaticalNumber = 'singular' | 'plural';
