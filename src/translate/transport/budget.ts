// `--budget`: a ceiling on the characters a run sends to the translator,
// whichever it is. `metered()` wraps any engine (the registry's and the
// pipeline's alike) and is the one place where the budget is charged: each
// unit's characters are reserved before it is sent, so a run stops at a unit
// boundary, never mid-batch with half the units unpaid for; each unit is
// settled once when it comes back (at what the engine billed, where it bills,
// else at the characters sent), and reported to `onBatch` exactly once.

import { ConfigError, QuotaError } from '../../core/errors.js';
import type { CharacterBudget, TranslateOptions, TranslatedUnit, TranslationUnit, Translator, TranslatorCapabilities, TranslatorIdentity } from '../translator.js';

/** Unicode code points, as DeepL counts characters (not UTF-16 units, not bytes). */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Characters a unit's text is billed for. Unit texts are HTML fragments sent
 * with tag handling on, and DeepL bills only the text outside markup (tags and
 * their attributes are free), a character reference such as `&amp;` being one
 * character. The budget charges this; a dry run that sums it over the uncached
 * units predicts what a real run sends.
 */
export function billableCharacters(fragment: string): number {
  return countCharacters(fragment.replace(/<[^>]*>/g, '').replace(/&(?:#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, '&'));
}

export class Budget implements CharacterBudget {
  readonly limit: number;
  private used = 0;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new ConfigError(`budget must be a whole number of characters ≥ 0, got ${limit}`, { hint: 'e.g. --budget 100000' });
    }
    this.limit = limit;
  }

  /** Characters sent or reserved so far. */
  get spent(): number {
    return this.used;
  }

  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  tryReserve(characters: number): boolean {
    if (this.used + characters > this.limit) return false;
    this.used += characters;
    return true;
  }

  settle(reserved: number, actual: number): void {
    this.used += actual - reserved;
  }
}

export function budgetExhausted(budget: CharacterBudget, unitsLeft: number): QuotaError {
  return new QuotaError(
    `character budget of ${budget.limit} reached (${budget.spent} sent); ${unitsLeft} segment${unitsLeft === 1 ? '' : 's'} left untranslated`,
    { hint: 'finished segments are saved; run again (with a larger --budget) to translate the rest' },
  );
}

/** `translator` with the budget and per-batch accounting of every call; a translator already metered is returned as it is. */
export function metered(translator: Translator): Translator {
  return translator instanceof MeteredTranslator ? translator : new MeteredTranslator(translator);
}

class MeteredTranslator implements Translator {
  constructor(private readonly engine: Translator) {}

  get id(): string {
    return this.engine.id;
  }

  get model(): string | undefined {
    return this.engine.model;
  }

  get capabilities(): TranslatorCapabilities {
    return this.engine.capabilities;
  }

  get identity(): TranslatorIdentity {
    return this.engine.identity;
  }

  get pricePerMillionCharacters(): number | undefined {
    return this.engine.pricePerMillionCharacters;
  }

  placeholder(n: number): string {
    return this.engine.placeholder(n);
  }

  async translate(units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]> {
    const { budget, ...rest } = options;
    // Reserve unit by unit, in order: what does not fit is never sent.
    const reserved = new Map<string, number>();
    let fit = units.length;
    if (budget) {
      fit = 0;
      for (const unit of units) {
        const characters = billableCharacters(unit.text);
        if (!budget.tryReserve(characters)) break;
        reserved.set(unit.id, characters);
        fit++;
      }
    }
    const sent = units.slice(0, fit);
    const delivered = new Map<string, TranslatedUnit>();
    const deliver = async (batch: TranslatedUnit[]): Promise<void> => {
      const fresh = batch.filter((unit) => !delivered.has(unit.id) && (!budget || reserved.has(unit.id)));
      for (const unit of fresh) {
        delivered.set(unit.id, unit);
        const characters = reserved.get(unit.id) ?? 0;
        budget?.settle(characters, unit.billedCharacters ?? characters);
      }
      if (fresh.length > 0) await options.onBatch?.(fresh);
    };
    try {
      // Engines that report only whole calls (Apertium) are reported here, once.
      if (sent.length > 0) await deliver(await this.engine.translate(sent, { ...rest, onBatch: deliver }));
    } catch (error) {
      // What did not come back was not paid for: its reservation is given back.
      for (const unit of sent) if (!delivered.has(unit.id)) budget?.settle(reserved.get(unit.id) ?? 0, 0);
      throw error;
    }
    if (fit < units.length) throw budgetExhausted(budget!, units.length - fit);
    return units.map((unit) => delivered.get(unit.id)!);
  }

  async close(): Promise<void> {
    await this.engine.close?.();
  }
}
