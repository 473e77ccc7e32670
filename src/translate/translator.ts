// The one interface every machine-translation engine implements. A batch of
// units goes in; the same number comes out, in the same order, each matched by
// id. Engines override only what they support (cxserver's lib/mt shape).

import type { Lang } from '../core/types.js';

/** A glossary pair handed to engines that can enforce terms themselves (DeepL, LLMs). */
export interface GlossaryPair {
  source: string;
  target: string;
}

export interface TranslationUnit {
  /** Segment id; the reply must carry the same id. */
  id: string;
  /** Text to translate. May contain protection tokens from `placeholder()`, which must come back unchanged. */
  text: string;
  /** The surrounding paragraph, for engines that use context. */
  context?: string;
  /** Glossary entries that apply to this unit, for engines with native glossary support. */
  glossary?: GlossaryPair[];
}

export interface TranslatedUnit {
  id: string;
  text: string;
  /** Words the engine marked as unknown (marks already removed from `text`). */
  unknownWords: string[];
  /** Characters the engine billed for this unit, where it bills. */
  billedCharacters?: number;
}

export interface TranslateOptions {
  sourceLang: Lang;
  targetLang: Lang;
  /** Glossary version hash, so engines with server-side glossaries can reuse one per version. */
  glossaryVersion?: string;
  signal?: AbortSignal;
}

export interface TranslatorCapabilities {
  /** Enforces glossary pairs itself (DeepL glossaries, LLM instructions). */
  nativeGlossary: boolean;
  /** Uses `context`. */
  context: boolean;
  /** Most units in one request. */
  maxItems: number;
  /** Most UTF-8 bytes of text in one request. */
  maxBytes: number;
}

export interface Translator {
  /** Engine id as used on the command line, e.g. "apertium". */
  readonly id: string;
  /** Model, pair or pivot, recorded in provenance, e.g. "fr-es-en". */
  readonly model?: string;
  readonly capabilities: TranslatorCapabilities;
  /**
   * A token this engine passes through untouched, used to protect glossary
   * terms and inline markup: the n-th token of a unit (n ≥ 1).
   */
  placeholder(n: number): string;
  translate(units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]>;
  /** Release processes or connections. */
  close?(): Promise<void>;
}
