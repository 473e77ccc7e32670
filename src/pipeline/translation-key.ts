// The translation cache's key: everything that shapes what an engine returns
// for a segment, and nothing else. Changing one glossary entry changes the key
// of exactly the segments it applies to; changing the engine, its model or an
// option changes every key, so a cache never hands back another model's text.
// The surrounding paragraph (context for DeepL and LLMs) is deliberately not
// part of it: the same sentence in another paragraph reuses its translation.

import { normaliseSource } from '../store/index.js';
import { shortHash } from '../core/hash.js';

const KEY_FORMAT = 'diptych-translation-1';

export interface EngineIdentity {
  /** Engine id, e.g. "apertium"; for a failover chain, its first engine (fallback output is never cached). */
  engine: string;
  model?: string;
  /** Settings that shape the output (formality, model type, temperature…), as strings. */
  options: Record<string, string>;
}

export interface KeyParts {
  sourceLang: string;
  targetLang: string;
  engine: EngineIdentity;
  /**
   * How pinned terms reach the engine: "native" (glossary pairs sent along) or
   * "protected" (replaced by tokens before, restored after).
   */
  termMode: 'native' | 'protected';
  /** The segment as an HTML fragment (text and inline markup) before any term protection. */
  fragment: string;
  /** `entryKey` of every glossary entry that applies to the segment. */
  entries: string[];
}

export function translationKey(parts: KeyParts): string {
  const options = Object.entries(parts.engine.options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return shortHash(
    JSON.stringify([
      KEY_FORMAT,
      parts.sourceLang,
      parts.targetLang,
      parts.engine.engine,
      parts.engine.model ?? '',
      options,
      parts.termMode,
      normaliseSource(parts.fragment),
      [...new Set(parts.entries)].sort(),
    ]),
    32,
  );
}
