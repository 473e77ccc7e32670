// `--budget`: a ceiling on the characters a run sends to paid engines. The
// batch runner reserves each unit's characters before sending it, so a run
// stops at a unit boundary, never mid-batch with half the units unpaid for.

import { ConfigError, QuotaError } from '../core/errors.js';
import type { CharacterBudget } from './translator.js';

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
