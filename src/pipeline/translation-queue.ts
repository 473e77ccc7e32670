// Units waiting for the translator, sent in chunks. Identical units (same
// cache key) are sent once however many articles need them. Each finished
// batch is written to the cache (durably) before anyone uses it, so the cache
// is the run's journal. The first error that reaches here (quota, budget,
// refused key, engine down) stops the queue: chunks not yet sent are never
// sent, and every unit still waiting is rejected with that error. With a
// cache shared by several processes (queue workers), each chunk's keys are
// claimed first: a key another process already paid for comes back from the
// cache, one it is translating right now is waited for, and only the rest is
// sent, so no two processes pay for the same sentence.

import pLimit from 'p-limit';
import type { CachedTranslation } from '../store/index.js';
import { metered, type TranslateOptions, type TranslatedUnit, type TranslationUnit, type Translator } from '../translate/index.js';
import type { CacheClaims, TranslationCacheStore } from './cache-store.js';

export interface QueuedResult {
  entry: CachedTranslation;
  /** Produced by a fallback engine of a failover chain: used, but not cached. */
  fallback: boolean;
}

export interface QueueOptions {
  translator: Translator;
  translateOptions: Omit<TranslateOptions, 'onBatch'>;
  /** Where each batch is recorded before it is used; none: nothing recorded. */
  cache?: TranslationCacheStore;
  /** Characters per translate() call: the most a kill can lose for engines that report only whole calls. */
  chunkCharacters: number;
  /** translate() calls in flight at once. */
  inFlight: number;
  /** Characters a unit is charged for (as the budget counts them). */
  countCharacters: (text: string) => number;
  /** Told about every unit that came back. */
  onTranslated?: (units: number, characters: number, billed: number) => void;
}

interface Waiting {
  unit: TranslationUnit;
  characters: number;
  resolve: (result: QueuedResult) => void;
  reject: (error: unknown) => void;
  promise: Promise<QueuedResult>;
}

export class TranslationQueue {
  /** The error that stopped the queue, if one did. */
  stopped: unknown = undefined;
  private readonly waiting = new Map<string, Waiting>();
  private chunk: Waiting[] = [];
  private chunkCharacters = 0;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly calls = new Set<Promise<void>>();
  private warmedUp = false;

  /** The translator with the budget charged around it, the same way for every engine. */
  private readonly translator: Translator;

  constructor(private readonly options: QueueOptions) {
    this.limit = pLimit(options.inFlight);
    this.translator = metered(options.translator);
  }

  /** The translation of `unit` (whose id is its cache key), sent with the next chunk. */
  request(unit: TranslationUnit): Promise<QueuedResult> {
    const known = this.waiting.get(unit.id);
    if (known) return known.promise;
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    let resolve!: Waiting['resolve'];
    let reject!: Waiting['reject'];
    const promise = new Promise<QueuedResult>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    // Rejections are handled by whoever awaits; never let one go unobserved.
    promise.catch(() => undefined);
    // The first unit: the translator can get ready while the rest of its chunk is gathered.
    if (!this.warmedUp) {
      this.warmedUp = true;
      this.options.translator.warmUp?.();
    }
    const item: Waiting = { unit, characters: this.options.countCharacters(unit.text), resolve, reject, promise };
    this.waiting.set(unit.id, item);
    this.chunk.push(item);
    this.chunkCharacters += item.characters;
    if (this.chunkCharacters >= this.options.chunkCharacters) this.flush();
    return promise;
  }

  /** translate() calls started or waiting for a slot. */
  get busy(): boolean {
    return this.calls.size > 0;
  }

  /** Send what is waiting now, without waiting for a full chunk. */
  flush(): void {
    if (this.chunk.length === 0) return;
    const chunk = this.chunk;
    this.chunk = [];
    this.chunkCharacters = 0;
    const call = this.limit(() => this.send(chunk));
    this.calls.add(call);
    void call.finally(() => this.calls.delete(call));
  }

  /** Send the rest and wait until every call has finished. */
  async drain(): Promise<void> {
    this.flush();
    while (this.calls.size > 0) await Promise.allSettled([...this.calls]);
  }

  private async send(claimed: Waiting[]): Promise<void> {
    if (this.stopped !== undefined) {
      for (const item of claimed) this.fail(item, this.stopped);
      return;
    }
    const claims = this.options.cache?.claims;
    let chunk = claimed;
    if (claims) {
      try {
        chunk = await this.claim(claims, claimed);
      } catch (error) {
        this.stopped ??= error;
        for (const item of claimed) this.fail(item, this.stopped);
        return;
      }
      if (chunk.length === 0) return;
    }
    const mine = chunk.map((item) => item.unit.id);
    // Held while the call is in flight, so that nobody else takes them over.
    const renewal = claims ? setInterval(() => void claims.renew(mine).catch(() => undefined), RENEW_MS) : undefined;
    renewal?.unref();
    try {
      await this.translateChunk(chunk);
    } finally {
      if (renewal) clearInterval(renewal);
      // Keys paid for were released as their translations were stored; these are the rest.
      await claims?.release(mine).catch(() => undefined);
    }
  }

  /** The chunk's items this process may send; the others are answered from the shared cache, now or once their holder is done. */
  private async claim(claims: CacheClaims, chunk: Waiting[]): Promise<Waiting[]> {
    const { mine, found, busy } = await claims.claim(chunk.map((item) => item.unit.id));
    const byKey = new Map(chunk.map((item) => [item.unit.id, item]));
    for (const [key, entry] of found) {
      const item = byKey.get(key);
      if (!item) continue;
      this.waiting.delete(key);
      item.resolve({ entry, fallback: false });
    }
    if (busy.length > 0) {
      const later = busy.flatMap((key) => byKey.get(key) ?? []);
      const retry = claims.settle(busy).then(
        () => this.limit(() => this.send(later)),
        (error: unknown) => {
          this.stopped ??= error;
          for (const item of later) this.fail(item, this.stopped);
        },
      );
      this.calls.add(retry);
      void retry.finally(() => this.calls.delete(retry));
    }
    const allowed = new Set(mine);
    return chunk.filter((item) => allowed.has(item.unit.id));
  }

  private async translateChunk(chunk: Waiting[]): Promise<void> {
    const open = new Map(chunk.map((item) => [item.unit.id, item]));
    const deliver = async (units: TranslatedUnit[]): Promise<void> => {
      const fresh = units.filter((unit) => open.has(unit.id));
      const results = fresh.map((unit) => [unit.id, toEntry(unit, open.get(unit.id)!.characters, this.options.translator), unit.fallback === true] as const);
      // Durable first: a translation is used only once it can no longer be lost.
      await this.options.cache?.put(results.filter(([, , fallback]) => !fallback).map(([key, entry]) => [key, entry] as const));
      let characters = 0;
      let billed = 0;
      for (const [key, entry, fallback] of results) {
        const item = open.get(key)!;
        open.delete(key);
        this.waiting.delete(key);
        characters += item.characters;
        billed += entry.billedCharacters ?? 0;
        item.resolve({ entry, fallback });
      }
      if (results.length > 0) this.options.onTranslated?.(results.length, characters, billed);
    };
    try {
      const answer = await this.translator.translate(
        chunk.map((item) => item.unit),
        { ...this.options.translateOptions, onBatch: deliver },
      );
      // Engines that do not report batches (Apertium) deliver the whole call here.
      await deliver(answer);
      for (const item of open.values()) this.fail(item, new Error(`the translator returned no text for segment ${item.unit.id}`));
    } catch (error) {
      this.stopped ??= error;
      for (const item of open.values()) this.fail(item, this.stopped);
    }
  }

  private fail(item: Waiting, error: unknown): void {
    this.waiting.delete(item.unit.id);
    item.reject(error);
  }
}

/** How often keys in flight are claimed again (claims lapse after a lease of a few times this). */
const RENEW_MS = 1000;

function toEntry(unit: TranslatedUnit, characters: number, translator: Translator): CachedTranslation {
  const model = unit.model ?? (unit.engine === undefined ? translator.model : undefined);
  return {
    text: unit.text,
    unknownWords: unit.unknownWords,
    engine: unit.engine ?? translator.id,
    ...(model ? { model } : {}),
    ...(unit.settings && Object.keys(unit.settings).length > 0 ? { settings: unit.settings } : {}),
    characters,
    ...(unit.billedCharacters !== undefined ? { billedCharacters: unit.billedCharacters } : {}),
    at: unit.at ?? new Date().toISOString(),
    ...(unit.fixes && unit.fixes.length > 0 ? { fixes: unit.fixes } : {}),
  };
}
