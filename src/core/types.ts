// The shared vocabulary of every stage. Nothing here knows how it is produced:
// read makes Articles, segment fills Block.segments, translate fills targets,
// check adds Findings, store and render only read.

export type Lang = string; // BCP 47 code, e.g. "fr", "en"

export type BlockKind = 'title' | 'heading' | 'paragraph' | 'quote' | 'list-item';

export type SourceFormat = 'txt' | 'md' | 'html';

/** Inline markup inside a block or segment, as offsets into its plain text. */
export interface InlineMark {
  kind: 'emphasis' | 'strong' | 'link' | 'code';
  start: number;
  end: number;
  /** Link target, for kind "link". */
  href?: string;
  /** Link title, for kind "link". */
  title?: string;
}

/** Where a piece of text came from in its source file (1-based line). */
export interface SourcePosition {
  line: number;
}

export interface Block {
  kind: BlockKind;
  /** Plain text of the block, markup removed (marks keep it). */
  text: string;
  marks: InlineMark[];
  position?: SourcePosition;
  /** Heading depth for kind "heading" (1–6). */
  depth?: number;
  segments: Segment[];
}

export interface Article {
  /** File-system-safe name used for the output files. */
  slug: string;
  sourcePath: string;
  format: SourceFormat;
  sourceLang: Lang;
  targetLang: Lang;
  title: string;
  /** Hash of the glossary the article was last translated with. */
  glossaryVersion?: string;
  /** Translator (and model) of the last run, e.g. "apertium fr-es-en". */
  translator?: string;
  blocks: Block[];
}

export type FindingSeverity = 'error' | 'warning' | 'info';

/**
 * One structured diagnostic, the same object wherever it is shown (CLI, JSON,
 * HTML, review). Modelled on vfile messages: a rule id, a source, a place.
 */
export interface Finding {
  /** Stable rule id, e.g. "glossary-term-missing", "untranslated". */
  rule: string;
  /** Which stage raised it: "glossary", "check", "translate", … */
  source: string;
  severity: FindingSeverity;
  message: string;
  segmentId?: string;
  /** For glossary findings: the entry concerned. */
  term?: string;
  /** What to write instead, when the rule knows it (the English text as a safe fix would leave it, or the replacement). */
  suggestion?: string;
}

/**
 * One automatic repair of machine output (never of a person's text): which
 * rule or repair made it and what it replaced, so a reviewer can see and undo it.
 */
export interface AppliedFix {
  /** Rule or repair id, e.g. "french-typography", "pivot-compound". */
  rule: string;
  /** The text replaced … */
  from: string;
  /** … and what replaced it. */
  to: string;
}

/** A glossary entry found in a source segment, and whether the target honours it. */
export interface TermHit {
  /** Glossary entry id (its first French form). */
  entry: string;
  /** The French text as it occurs in the source. */
  source: string;
  /** The pinned English form. */
  target: string;
  /** Whether the English segment contains the pinned form. Unset before translation. */
  satisfied?: boolean;
}

/** Who produced a target text and from what; required on every translated segment. */
export interface Provenance {
  /** Translator engine id, e.g. "apertium", "deepl". */
  translator: string;
  /** Model or language pair/pivot, e.g. "fr-es-en" or "gpt-4o-mini". */
  model?: string;
  /** Hash of the glossary the segment was translated with. */
  glossaryVersion: string;
  /** True once a person changed the machine output. */
  edited: boolean;
  /** ISO time of translation or of the last edit. */
  at: string;
  /** Engine that produced this text when a failover chain fell back. */
  fallback?: boolean;
  /**
   * Characters the engine billed when it produced this text (engines that bill).
   * A text reused from the translation cache was billed once, when first produced.
   */
  billedCharacters?: number;
  /** The target was reused from an approved segment of the translation memory (translator "memory"). */
  memory?: { article: string; segment: string };
  /** Automatic repairs made to the machine output (engine-side pivot repairs, then the check stage's safe fixes). */
  fixes?: AppliedFix[];
}

export type SegmentState = 'new' | 'translated' | 'reviewed' | 'final';

/** An approved translation from the translation memory whose French is identical or close to a segment's. */
export interface MemoryMatch {
  /** Similarity of the two French sources, 0–1 (1 = identical once white space and Unicode forms are normalised). */
  similarity: number;
  /** The approved segment's French and English. */
  source: string;
  target: string;
  /** Where it was approved: the article's slug and the segment's id. */
  origin: { article: string; segment: string };
}

export interface Segment {
  /** Stable id: depends on the block's content and the sentence's place in it. */
  id: string;
  source: string;
  target?: string;
  sourceMarks: InlineMark[];
  targetMarks?: InlineMark[];
  provenance?: Provenance;
  state: SegmentState;
  terms: TermHit[];
  /** Words the translator did not know (its unknown-word marks, removed from target). */
  unknownWords: string[];
  findings: Finding[];
  /**
   * The closest approved translation in the translation memory (≥ 85% similar), offered to a
   * reviewer. With similarity 1 it was reused as the target (see `provenance.memory`).
   */
  memoryMatch?: MemoryMatch;
}
