// The one in-process translator for tests: answers "<prefix><text>" (or what
// `answer` says), records every call, and fails as told (always, or from the
// n-th call on).

import { QuotaError } from '../../src/core/errors.js';
import type { TranslateOptions, TranslatedUnit, TranslationUnit, Translator, TranslatorCapabilities, TranslatorIdentity } from '../../src/translate/index.js';

export interface FakeTranslatorOptions {
  id?: string;
  model?: string;
  /** Put before each unit's text in the answer; default "EN ". */
  prefix?: string;
  /** The English for a unit's text, instead of the prefix: a test that knows its alignment. */
  answer?: (text: string) => string;
  /** Placeholder token before its number; default "Zqx". */
  token?: string;
  /** Thrown by every call, after the units are recorded. */
  failure?: Error;
  capabilities?: Partial<TranslatorCapabilities>;
  /** Settings that shape the output, stated in the identity. */
  settings?: Record<string, string>;
}

export class FakeTranslator implements Translator {
  readonly id: string;
  readonly model: string | undefined;
  readonly capabilities: TranslatorCapabilities;
  readonly identity: TranslatorIdentity;
  /** Unit texts of every call, in order. */
  readonly calls: string[][] = [];
  /** Every unit received, in order. */
  readonly received: TranslationUnit[] = [];
  /** From this call on (1-based), calls fail with a QuotaError before anything is recorded. */
  failFromCall = Infinity;
  private readonly answer: (text: string) => string;
  private readonly token: string;
  private readonly failure: Error | undefined;

  constructor(options: FakeTranslatorOptions = {}) {
    this.id = options.id ?? 'fake';
    this.model = options.model ?? (options.id === undefined ? 'v1' : undefined);
    const prefix = options.prefix ?? 'EN ';
    this.answer = options.answer ?? ((text) => `${prefix}${text}`);
    this.token = options.token ?? 'Zqx';
    this.failure = options.failure;
    this.identity = { engine: this.id, ...(this.model ? { model: this.model } : {}), settings: options.settings ?? {} };
    this.capabilities = { nativeGlossary: false, context: false, maxItems: 1000, maxBytes: 1 << 20, ...options.capabilities };
  }

  placeholder(n: number): string {
    return `${this.token}${n}`;
  }

  async translate(units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]> {
    if (this.calls.length + 1 >= this.failFromCall) throw new QuotaError('fake quota exhausted', { hint: 'run again later' });
    this.calls.push(units.map((unit) => unit.text));
    this.received.push(...units);
    if (this.failure) throw this.failure;
    const answer = units.map((unit) => ({ id: unit.id, text: this.answer(unit.text), unknownWords: [] }));
    await options.onBatch?.(answer);
    return answer;
  }

  /** Every unit text sent, in order. */
  get sent(): string[] {
    return this.calls.flat();
  }
}
