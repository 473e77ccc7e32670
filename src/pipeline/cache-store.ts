// The translation cache as the per-article path and the translation queue see
// it: a small interface, so a database shared by workers can stand in for the
// cache file of src/store. Its own module so that the queue and the article
// context (which holds a queue) do not import each other.

import type { CachedTranslation } from '../store/index.js';

/** Machine translations already paid for, by translation key (translation-key.ts). */
export interface TranslationCacheStore {
  get(key: string): CachedTranslation | undefined | Promise<CachedTranslation | undefined>;
  /** Record translations durably, before anyone uses them. */
  put(entries: ReadonlyArray<readonly [key: string, entry: CachedTranslation]>): Promise<void>;
  /** A cache shared by several processes (queue workers): claims on keys, so that no two pay for the same sentence. */
  claims?: CacheClaims;
}

export interface CacheClaims {
  /** Claim keys before sending them: those translated meanwhile come back, those another live process holds are busy. */
  claim(keys: readonly string[]): Promise<{ mine: string[]; found: Map<string, CachedTranslation>; busy: string[] }>;
  /** Resolves once each key is translated or its holder's claim has lapsed (it died); then claim again. */
  settle(keys: readonly string[]): Promise<void>;
  /** Keep holding keys whose translation is still in flight. */
  renew(keys: readonly string[]): Promise<void>;
  /** Give keys back unpaid (the call failed, or the engine that answered is not cached). */
  release(keys: readonly string[]): Promise<void>;
}
