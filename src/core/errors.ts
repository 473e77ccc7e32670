// A small closed hierarchy callers can `instanceof`. Every error a user can
// cause says where (file, line) and what to do next (hint); the CLI prints
// exactly that on one line, as the Diagnostic the error is (core/diagnostic.ts).

import { formatDiagnostic, type Diagnostic, type DiagnosticPlace } from './diagnostic.js';

export type ErrorPlace = Pick<DiagnosticPlace, 'file' | 'line'>;

export class DiptychError extends Error {
  override name = 'DiptychError';
  readonly file?: string;
  readonly line?: number;
  /** What the user should do about it. */
  readonly hint?: string;

  constructor(message: string, options: ErrorPlace & { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.file !== undefined) this.file = options.file;
    if (options.line !== undefined) this.line = options.line;
    if (options.hint !== undefined) this.hint = options.hint;
  }

  /** The error as a diagnostic: its rule is its class in kebab case ("input-error"), its severity error. */
  toDiagnostic(): Diagnostic {
    return {
      rule: this.name.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase(),
      severity: 'error',
      message: this.message,
      ...(this.file !== undefined ? { file: this.file } : {}),
      ...(this.line !== undefined ? { line: this.line } : {}),
      ...(this.hint !== undefined ? { hint: this.hint } : {}),
    };
  }

  /** `file:line: message — hint`, the one line the CLI prints. */
  toLine(): string {
    return formatDiagnostic(this.toDiagnostic());
  }
}

/** An input document cannot be read: missing, empty, binary, not UTF-8. */
export class InputError extends DiptychError {
  override name = 'InputError';
}

/** A store file that is meant to be one (JSON with `"diptych": 1`, or not JSON at all) but cannot be used as it is. */
export class DamagedStoreError extends InputError {
  override name = 'DamagedStoreError';
}

/** JSON that is not a store at all (a saved report beside the stores): folder readers leave it aside. */
export class NotAStoreError extends InputError {
  override name = 'NotAStoreError';
}

/** A web page cannot be fetched: no answer in time, an HTTP error, too large, not HTML. `file` is its address. */
export class FetchError extends InputError {
  override name = 'FetchError';
  /** The HTTP status, when the server answered. */
  readonly status?: number;

  constructor(message: string, options: ErrorPlace & { hint?: string; cause?: unknown; status?: number } = {}) {
    super(message, options);
    if (options.status !== undefined) this.status = options.status;
  }
}

/** The glossary cannot be read or has errors. */
export class GlossaryError extends DiptychError {
  override name = 'GlossaryError';
}

/** Bad option or configuration value. */
export class ConfigError extends DiptychError {
  override name = 'ConfigError';
}

/** Another run holds the output folder's lock. */
export class OutputLockedError extends DiptychError {
  override readonly name: string = 'OutputLockedError';
  /** Process id of the run holding the lock. */
  owner?: number;
}

/** A translator failed. `retryable` says whether trying again may help. */
export class TranslatorError extends DiptychError {
  override name = 'TranslatorError';
  readonly retryable: boolean;
  constructor(message: string, options: ErrorPlace & { hint?: string; cause?: unknown; retryable?: boolean } = {}) {
    super(message, options);
    this.retryable = options.retryable ?? false;
  }
}

/** The translator is not installed or not reachable at all (no point retrying). */
export class TranslatorUnavailableError extends TranslatorError {
  override name = 'TranslatorUnavailableError';
}

/** Credentials were refused (401/403). */
export class AuthError extends TranslatorError {
  override name = 'AuthError';
}

/** The account's quota or the run's --budget is exhausted (456). */
export class QuotaError extends TranslatorError {
  override name = 'QuotaError';
}

/** Too many requests (429); `retryAfterMs` from the server when it said. */
export class RateLimitError extends TranslatorError {
  override name = 'RateLimitError';
  readonly retryAfterMs?: number;
  constructor(message: string, options: ErrorPlace & { hint?: string; cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, { ...options, retryable: true });
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** Render any thrown value as the one line a user reads. */
export function describeError(error: unknown): string {
  if (error instanceof DiptychError) return error.toLine();
  if (error instanceof Error) return error.message;
  return String(error);
}
