// The shared vocabulary of every stage. Nothing here knows how it is produced:
// read makes Articles, segment fills Block.segments, translate fills targets,
// check adds Findings, store and render only read.

import type { Diagnostic } from './diagnostic.js';

export type Lang = string; // BCP 47 code, e.g. "fr", "en"

/**
 * What a block is in its article. `table-cell` blocks carry `cell` (their table,
 * row and column), so a table is the run of cells sharing a table number and each
 * cell keeps its own aligned sentences. `code` blocks keep their text as written
 * and have no segments: code and preformatted text are not translated.
 * `footnote` blocks are a footnote's text, linked from its reference.
 */
export type BlockKind =
  | 'title'
  | 'heading'
  | 'paragraph'
  | 'quote'
  | 'list-item'
  | 'caption'
  | 'image-alt'
  | 'table-cell'
  | 'code'
  | 'footnote';

/** Where a table cell sits: tables numbered from 1 in the article, rows and columns from 0. */
export interface TableCell {
  table: number;
  row: number;
  column: number;
  /** A header cell (<th>, or a Markdown table's first row). */
  header?: boolean;
  /** Columns or rows the cell spans, when more than one. */
  colspan?: number;
  rowspan?: number;
}

/** Content the reader did not turn into blocks (an embedded video, a form), so a run can say so. */
export interface SkippedContent {
  /** Element or node kind, e.g. "iframe", "video", "form", "html". */
  kind: string;
  /** 1-based line in the source file, when known. */
  line?: number;
  /** A short description: its title, source address or first words. */
  detail?: string;
}

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
  /** For kind "table-cell": its table, row and column. */
  cell?: TableCell;
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
  /** The address the page was fetched from, for an article read from the web. */
  url?: string;
  /** What the page says about itself, where it says it (<meta>, JSON-LD NewsArticle). */
  pageTitle?: string;
  byline?: string;
  /** Publication date as the page gives it (ISO 8601 when it does). */
  published?: string;
  siteName?: string;
  /** What the reader left out, with its place, so nothing disappears without a word. */
  skipped?: SkippedContent[];
  /**
   * For an article aligned with an existing human translation (`diptych align`): every
   * sentence of both documents, which segments' `link` indices point into, so a
   * reviewer can move sentences between links.
   */
  alignment?: AlignedDocuments;
  blocks: Block[];
}

/** The two documents of an alignment, one entry per sentence. */
export interface AlignedDocuments {
  /** What provenance calls the English document (its path or address). */
  englishDocument: string;
  french: string[];
  english: string[];
}

/**
 * What a check, the glossary or the translator found on a segment: a Diagnostic
 * (core/diagnostic.ts) that always names its stage and its segment. Stored in the
 * article's JSON with exactly the fields set here, so an unset field never appears.
 */
export interface Finding extends Diagnostic {
  /** Which stage raised it: "glossary", "check", "translate", … */
  source: string;
  /** For glossary findings: the entry concerned. */
  term?: string;
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
  /** The pinned English form, in the number the French occurrence calls for. */
  target: string;
  /** The French occurrence's grammatical number, when known: only `target` in that number satisfies the hit. */
  number?: 'singular' | 'plural';
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
  /** Who made the last person's change (review's --user or the name given on the page, a CAT tool's user id). */
  editor?: string;
  /** The reviewer took this text as another engine offered it ("ask another engine" in review). */
  suggested?: boolean;
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
  /**
   * Review: bumped by every saved change (target, state, comment), so two
   * editors of one segment cannot overwrite each other unseen. Absent = 0.
   */
  revision?: number;
  /** Review: every target saved for this segment, oldest first; any can be restored. */
  history?: TargetVersion[];
  /** Review: reviewers' comments, oldest first. */
  comments?: SegmentComment[];
  /**
   * Review: who put the segment in its current state, and when — an approval
   * (final) or a "reviewed" names its person even when the text did not change.
   */
  stateBy?: { state: SegmentState; by: string; at: string };
  /** Review: the first machine translation, kept so post-editing effort can be measured against the final text. */
  machineTarget?: string;
  /**
   * For an article aligned with an existing human translation (`diptych align`): which
   * sentences of each document this segment joins (0-based, one side empty when a
   * sentence has no counterpart) and how sure the aligner was, 0–1.
   */
  link?: AlignmentLink;
}

/** A segment's place in an alignment of two documents. */
export interface AlignmentLink {
  fr: number[];
  en: number[];
  confidence: number;
}

/** Where a saved target came from. */
export type TargetOrigin = 'machine' | 'memory' | 'person' | 'import';

export interface TargetVersion {
  target: string;
  origin: TargetOrigin;
  /** Who saved it: a reviewer's name, or the engine id for machine output. */
  by: string;
  /** ISO time. */
  at: string;
  state: SegmentState;
  /** The segment revision this version was saved as. */
  revision: number;
}

export interface SegmentComment {
  author: string;
  at: string;
  text: string;
}
