// `--budget`: a ceiling on the characters a run sends to paid engines. The
// batch runner reserves each unit's characters before sending it, so a run
// stops at a unit boundary, never mid-batch with half the units unpaid for.

import { ConfigError, QuotaError } from '../core/errors.js';
import type { CharacterBudget } from './translator.js';

/**
 * Characters as engines bill them: Unicode code points of the text sent
 * (DeepL counts characters, not UTF-16 units or bytes). A dry run that sums
 * this over the uncached units predicts what a real run sends.
 */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
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
