// The shared loop of the remote engines: cut units into requests within the
// engine's limits, run batches with bounded concurrency, hand each finished
// batch to `onBatch` at once, and stop cleanly at a unit boundary on the first
// error that retries could not fix (quota, auth, outage) — batches already in
// flight finish and are reported. The budget is not charged here but around
// every engine alike, by `metered()` in budget.ts.

import pLimit from 'p-limit';
import { TranslatorError } from '../../core/errors.js';
import type { TranslateOptions, TranslatedUnit, TranslationUnit, Translator, TranslatorCapabilities } from '../translator.js';

/** Units split by the engine's item and byte limits, order kept. `size` measures a whole candidate batch. */
export function planBatches(
  units: TranslationUnit[],
  limits: Pick<TranslatorCapabilities, 'maxItems' | 'maxBytes'>,
  size?: (batch: TranslationUnit[]) => number,
): TranslationUnit[][] {
  const batches: TranslationUnit[][] = [];
  let batch: TranslationUnit[] = [];
  // Plain UTF-8 bytes add up unit by unit; a custom measure (an encoded request body) sees the whole candidate.
  let bytes = 0;
  for (const unit of units) {
    const unitBytes = size ? 0 : Buffer.byteLength(unit.text, 'utf8');
    const tooLarge = size ? size([...batch, unit]) > limits.maxBytes : bytes + unitBytes > limits.maxBytes;
    if (batch.length > 0 && (batch.length >= limits.maxItems || tooLarge)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    // A unit too large on its own still goes alone; the engine reports it.
    batch.push(unit);
    bytes += unitBytes;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

export interface BatchEngine {
  readonly id: string;
  readonly model?: string;
  readonly capabilities: TranslatorCapabilities;
  /** Batches in flight at once for one translate() call. */
  readonly concurrency: number;
  /** Size of a candidate batch against `capabilities.maxBytes` (default: UTF-8 bytes of the texts). */
  batchSize?(batch: TranslationUnit[]): number;
  /** Translate one batch; the answer is in the batch's order. Retries happen inside (Resilience). */
  send(batch: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]>;
}

/** A remote translator as a batch engine: its own id, model and limits, `concurrency` batches in flight, `send` for each. */
export function batchEngineOf(
  translator: Pick<Translator, 'id' | 'model' | 'capabilities'>,
  concurrency: number,
  send: BatchEngine['send'],
  batchSize?: BatchEngine['batchSize'],
): BatchEngine {
  return {
    id: translator.id,
    ...(translator.model ? { model: translator.model } : {}),
    capabilities: translator.capabilities,
    concurrency,
    ...(batchSize ? { batchSize } : {}),
    send,
  };
}

export async function translateInBatches(engine: BatchEngine, units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]> {
  const seen = new Set<string>();
  for (const unit of units) {
    if (seen.has(unit.id)) throw new TranslatorError(`duplicate segment id '${unit.id}' in one translate() call`);
    seen.add(unit.id);
  }
  const results = new Map<string, TranslatedUnit>();
  const limit = pLimit(engine.concurrency);
  let stop: unknown;
  const batches = planBatches(units, engine.capabilities, engine.batchSize?.bind(engine));

  await Promise.all(
    batches.map((planned) =>
      limit(async () => {
        if (stop !== undefined) return;
        const batch = planned;
        try {
          options.signal?.throwIfAborted();
          const answer = await engine.send(batch, options);
          checkAligned(engine.id, batch, answer);
          const at = new Date().toISOString();
          const finished = answer.map((unit) => ({
            ...unit,
            engine: unit.engine ?? engine.id,
            ...(unit.model ?? engine.model ? { model: unit.model ?? engine.model } : {}),
            at: unit.at ?? at,
          }));
          for (const unit of finished) results.set(unit.id, unit);
          await options.onBatch?.(finished);
        } catch (error) {
          stop ??= error;
        }
      }),
    ),
  );

  if (stop !== undefined) throw stop;
  return units.map((unit) => results.get(unit.id)!);
}

/** An engine answer must be the batch itself, id for id; anything else is a bug worth stopping for. */
function checkAligned(engine: string, batch: TranslationUnit[], answer: TranslatedUnit[]): void {
  const aligned = answer.length === batch.length && answer.every((unit, i) => unit.id === batch[i]!.id);
  if (!aligned) {
    throw new TranslatorError(`${engine} returned ${answer.length} segments for ${batch.length}, or in another order`, { retryable: false });
  }
}
