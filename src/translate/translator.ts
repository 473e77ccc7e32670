// The one interface every machine-translation engine implements. A batch of
// units goes in; the same number comes out, in the same order, each matched by
// id. Engines override only what they support (cxserver's lib/mt shape).

import type { AppliedFix, Lang } from '../core/types.js';

/** A glossary pair handed to engines that can enforce terms themselves (DeepL, LLMs). */
export interface GlossaryPair {
  source: string;
  target: string;
}

export interface TranslationUnit {
  /** Segment id; the reply must carry the same id. */
  id: string;
  /**
   * Text to translate, as an HTML fragment: text characters escaped (&amp; &lt; &gt;),
   * inline markup as elements with an id (`<em id="m1">`, `<strong id="m2">`,
   * `<a id="m3">`, `<code id="m4">`). Engines send it in their HTML mode and must
   * return the elements (reordered with their words if need be) and the
   * protection tokens from `placeholder()` unchanged. `text` of the reply is a
   * fragment of the same kind.
   */
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
  // Provenance, filled by the engine that produced the text (optional so that
  // simple engines stay simple; the failover chain fills `engine` when missing).
  /** Engine id that produced `text`, e.g. "deepl". */
  engine?: string;
  /** Model, pair or pivot of that engine. */
  model?: string;
  /** Engine settings that shape the output (formality, model type, glossary id…), for provenance. */
  settings?: Record<string, string>;
  /** Glossary version the engine enforced natively, when it did. */
  glossaryVersion?: string;
  /** ISO time the engine answered. */
  at?: string;
  /** True when a failover chain fell back to this engine because an earlier one failed. */
  fallback?: boolean;
  /** Repairs the engine made to its own output, e.g. Apertium's glued pivot words. */
  fixes?: AppliedFix[];
}

/**
 * A characters budget for a run (`--budget`). `metered()` in budget.ts, which
 * wraps every engine, reserves a unit's characters before sending it and
 * stops at a unit boundary with a QuotaError when the next unit does not fit;
 * engines themselves never look at it. Implemented by `Budget` in budget.ts.
 */
export interface CharacterBudget {
  readonly limit: number;
  readonly spent: number;
  /** Reserve `characters`; false (and nothing reserved) when they do not fit. */
  tryReserve(characters: number): boolean;
  /** Replace a reservation by what the engine actually billed, or release it (`actual` = 0). */
  settle(reserved: number, actual: number): void;
}

export interface TranslateOptions {
  sourceLang: Lang;
  targetLang: Lang;
  /** Glossary version hash, so engines with server-side glossaries can reuse one per version. */
  glossaryVersion?: string;
  /**
   * The whole glossary of that version, for engines that upload it once per
   * version (DeepL). Per-unit pairs stay in `TranslationUnit.glossary`.
   */
  glossaryPairs?: GlossaryPair[];
  /** Stop cleanly at a unit boundary once this many characters have been sent (enforced by `metered()`, for every engine). */
  budget?: CharacterBudget;
  /**
   * Called with each finished batch as soon as it arrives, before translate()
   * resolves or throws, so the caller can save paid-for work even when a later
   * batch fails (quota, budget, outage).
   */
  onBatch?: (units: TranslatedUnit[]) => void | Promise<void>;
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

/**
 * What a translator's output depends on: the cache key of each segment and
 * the key that tells a batch run whether an article is up to date are both
 * derived from it. Engines resolve it with the light resolvers of
 * identity.ts, which a run can call without constructing the engine.
 */
export interface TranslatorIdentity {
  /** Engine id, e.g. "deepl"; for a failover chain its members' ids, "deepl,apertium". */
  readonly engine: string;
  /** Model, pair or pivot, e.g. "fr-es-en". */
  readonly model?: string;
  /** Settings that change the output beyond engine and model, e.g. { pivotRepair: "1" }, { formality: "less" }. */
  readonly settings: Readonly<Record<string, string>>;
  /** A failover chain's members, in order: the first is the primary, whose output alone is cached. */
  readonly members?: readonly TranslatorIdentity[];
}

export interface Translator {
  /** Engine id as used on the command line, e.g. "apertium". */
  readonly id: string;
  /** Model, pair or pivot, recorded in provenance, e.g. "fr-es-en". */
  readonly model?: string;
  readonly capabilities: TranslatorCapabilities;
  /** Engine, model and the settings that shape the output (see TranslatorIdentity). */
  readonly identity: TranslatorIdentity;
  /** Configured price per million billable characters (see `billableCharacters`), for dry-run cost estimates. */
  readonly pricePerMillionCharacters?: number | undefined;
  /**
   * A token this engine passes through untouched, used to protect glossary
   * terms and inline markup: the n-th token of a unit (n ≥ 1).
   */
  placeholder(n: number): string;
  translate(units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]>;
  /**
   * Work is coming: start what the first call needs (a local engine's
   * processes) while the caller prepares it. Never fails; a problem is
   * reported by the first translate().
   */
  warmUp?(): void;
  /** Release processes or connections. */
  close?(): Promise<void>;
}
