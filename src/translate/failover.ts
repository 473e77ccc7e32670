// `--translator deepl,apertium`: try engines in order. When one fails with an
// error retries could not fix (outage, timeouts, bad replies), the units it
// had not finished go to the next engine and come back marked `fallback`.
// Quota and budget errors stop the run instead (the user asked for a ceiling),
// and so do refused keys and bad configuration (a mistake to fix, not hide).

import { AuthError, ConfigError, GlossaryError, QuotaError, TranslatorError } from '../core/errors.js';
import { chainIdentity } from './identity.js';
import type { TranslateOptions, TranslatedUnit, TranslationUnit, Translator, TranslatorCapabilities, TranslatorIdentity } from './translator.js';

/** Highest placeholder number looked for when moving units between engines. */
const MAX_PLACEHOLDERS = 999;

export class FailoverTranslator implements Translator {
  readonly id: string;
  readonly model: string | undefined;
  readonly capabilities: TranslatorCapabilities;
  /** Its members' identities, in order, under `members`: what a caller needs to know of the chain. */
  readonly identity: TranslatorIdentity;
  /** What the primary costs: a dry run estimates as if nothing fails over. */
  readonly pricePerMillionCharacters: number | undefined;
  /** Why each engine that gave up did so, in order, for the run's report. */
  readonly failures: Array<{ engine: string; error: TranslatorError }> = [];

  constructor(private readonly engines: readonly Translator[]) {
    if (engines.length === 0) throw new ConfigError('a failover chain needs at least one translator');
    const primary = engines[0]!;
    this.id = engines.map((t) => t.id).join(',');
    this.model = primary.model;
    this.pricePerMillionCharacters = primary.pricePerMillionCharacters;
    this.identity = chainIdentity(engines.map((t) => t.identity));
    // Units are prepared for the primary; terms are left to native glossaries only if every engine has one.
    this.capabilities = { ...primary.capabilities, nativeGlossary: engines.every((t) => t.capabilities.nativeGlossary) };
  }

  placeholder(n: number): string {
    return this.engines[0]!.placeholder(n);
  }

  async translate(units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]> {
    const done = new Map<string, TranslatedUnit>();
    let pending = units;
    for (const [position, engine] of this.engines.entries()) {
      const fallback = position > 0;
      const finish = (unit: TranslatedUnit): TranslatedUnit => {
        const restored = fallback ? { ...unit, text: this.movePlaceholders(unit.text, engine, this.engines[0]!) } : unit;
        return {
          ...restored,
          engine: unit.engine ?? engine.id,
          ...(unit.model ?? engine.model ? { model: unit.model ?? engine.model } : {}),
          fallback,
        };
      };
      const reported = new Set<string>();
      const onBatch = async (batch: TranslatedUnit[]) => {
        const finished = batch.map(finish);
        for (const unit of finished) {
          done.set(unit.id, unit);
          reported.add(unit.id);
        }
        await options.onBatch?.(finished);
      };
      const sent = fallback ? pending.map((unit) => ({ ...unit, text: this.movePlaceholders(unit.text, this.engines[0]!, engine) })) : pending;
      try {
        const answer = await engine.translate(sent, { ...options, onBatch });
        // Engines that do not report batches (Apertium) are reported here, once.
        const unreported = answer.filter((unit) => !reported.has(unit.id)).map(finish);
        for (const unit of unreported) done.set(unit.id, unit);
        if (unreported.length > 0) await options.onBatch?.(unreported);
        return units.map((unit) => done.get(unit.id)!);
      } catch (error) {
        if (!canFallBack(error) || position === this.engines.length - 1) throw error;
        this.failures.push({ engine: engine.id, error });
        pending = pending.filter((unit) => !done.has(unit.id));
      }
    }
    throw new TranslatorError('unreachable: failover chain ended without an answer');
  }

  /** The first engine only: the others may never be called. */
  warmUp(): void {
    this.engines[0]?.warmUp?.();
  }

  async close(): Promise<void> {
    await Promise.all(this.engines.map((t) => t.close?.()));
  }

  /** Rewrite one engine's placeholder tokens as another's (highest number first: `Zqx1` is inside `Zqx12`). */
  private movePlaceholders(text: string, from: Translator, to: Translator): string {
    if (from === to) return text;
    let out = text;
    for (let n = MAX_PLACEHOLDERS; n >= 1; n--) {
      const token = from.placeholder(n);
      if (out.includes(token)) out = out.split(token).join(to.placeholder(n));
    }
    return out;
  }
}

function canFallBack(error: unknown): error is TranslatorError {
  if (!(error instanceof TranslatorError)) return false;
  return !(error instanceof QuotaError || error instanceof AuthError || error instanceof ConfigError || error instanceof GlossaryError);
}
