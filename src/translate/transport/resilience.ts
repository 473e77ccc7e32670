// Every remote engine talks to its server through one `Resilience` object:
// per-engine concurrency (p-limit) and requests-per-minute pacing, a timeout
// per attempt, and bounded retries with exponential backoff and jitter on 429,
// 5xx and timeouts, honouring Retry-After. HTTP statuses become the typed
// errors of src/core/errors.ts here and nowhere else. Delays go through an
// injectable `sleep` so tests never wait for real.

import { setTimeout as delay } from 'node:timers/promises';
import pLimit from 'p-limit';
import { AuthError, ConfigError, QuotaError, RateLimitError, TranslatorError, TranslatorUnavailableError } from '../../core/errors.js';

export interface ResiliencePolicy {
  /** Retries after the first attempt, for retryable errors only. */
  retries: number;
  /** First backoff delay; doubled on each retry, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server asking to wait longer than this is treated as a failure rather than waited for. */
  maxRetryAfterMs: number;
  /** One attempt taking longer than this is abandoned and retried. */
  timeoutMs: number;
  /** Requests in flight at once to this engine. */
  concurrency: number;
  /** Requests started per minute; 0 = no pacing. */
  requestsPerMinute: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Source of jitter, in [0, 1). */
  random: () => number;
  now: () => number;
  /** Told about each retry (for logs and tests). */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  engine: string;
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  error: TranslatorError;
}

export const DEFAULT_POLICY: Readonly<ResiliencePolicy> = Object.freeze({
  retries: 5,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 5 * 60_000,
  timeoutMs: 60_000,
  concurrency: 2,
  requestsPerMinute: 0,
  sleep: (ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : undefined),
  random: Math.random,
  now: Date.now,
});

export function resolvePolicy(...overrides: Array<Partial<ResiliencePolicy> | undefined>): ResiliencePolicy {
  const policy: ResiliencePolicy = { ...DEFAULT_POLICY };
  for (const override of overrides) {
    if (!override) continue;
    for (const [key, value] of Object.entries(override)) {
      if (value !== undefined) (policy as unknown as Record<string, unknown>)[key] = value;
    }
  }
  for (const key of ['retries', 'baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'timeoutMs', 'requestsPerMinute'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) throw new ConfigError(`resilience.${key} must be a number ≥ 0, got ${policy[key]}`);
  }
  if (!Number.isInteger(policy.concurrency) || policy.concurrency < 1) {
    throw new ConfigError(`resilience.concurrency must be an integer ≥ 1, got ${policy.concurrency}`);
  }
  return policy;
}

/** What a message about an engine needs: its name and how the user sets its key. */
export interface EngineLabel {
  /** Human name, e.g. "DeepL". */
  name: string;
  /** How to set the key, e.g. "check the DEEPL_AUTH_KEY environment variable". */
  keyHint: string;
}

export class Resilience {
  readonly policy: ResiliencePolicy;
  private readonly limit: ReturnType<typeof pLimit>;
  private nextStart = 0;

  constructor(
    readonly engine: EngineLabel,
    policy: Partial<ResiliencePolicy> = {},
  ) {
    this.policy = resolvePolicy(policy);
    this.limit = pLimit(this.policy.concurrency);
  }

  /**
   * Run one logical request: each attempt waits for a concurrency slot and the
   * pace, gets its own timeout signal, and retryable failures are retried.
   * `attempt` receives a signal it should pass to its HTTP call.
   */
  async request<T>(attempt: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let retry = 0; ; retry++) {
      signal?.throwIfAborted();
      try {
        return await this.limit(async () => {
          await this.pace(signal);
          return this.withTimeout(attempt, signal);
        });
      } catch (caught) {
        if (signal?.aborted) throw signal.reason;
        const error = toTranslatorError(this.engine, caught);
        if (!error.retryable || retry >= this.policy.retries) throw error;
        const delayMs = this.delayBeforeRetry(retry, error);
        this.policy.onRetry?.({ engine: this.engine.name, attempt: retry + 1, delayMs, error });
        await this.policy.sleep(delayMs, signal);
      }
    }
  }

  /** Backoff for the given retry (0-based): Retry-After when the server said, else exponential with jitter. */
  delayBeforeRetry(retry: number, error: TranslatorError): number {
    if (error instanceof RateLimitError && error.retryAfterMs !== undefined) {
      if (error.retryAfterMs > this.policy.maxRetryAfterMs) {
        throw new RateLimitError(`${this.engine.name} asks to wait ${Math.ceil(error.retryAfterMs / 1000)} s before the next request`, {
          hint: 'try again later, or lower the concurrency / requests per minute',
          retryAfterMs: error.retryAfterMs,
          cause: error,
        });
      }
      return error.retryAfterMs;
    }
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** retry);
    // "Equal jitter": at least half the exponential delay, so retries stay spaced, plus a random half.
    return Math.round(ceiling / 2 + this.policy.random() * (ceiling / 2));
  }

  private async pace(signal?: AbortSignal): Promise<void> {
    if (this.policy.requestsPerMinute <= 0) return;
    const interval = 60_000 / this.policy.requestsPerMinute;
    const now = this.policy.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + interval;
    if (start > now) await this.policy.sleep(start - now, signal);
  }

  private async withTimeout<T>(attempt: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> {
    const controller = new AbortController();
    const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new TranslatorError(`${this.engine.name} did not answer within ${this.policy.timeoutMs} ms`, { retryable: true });
        controller.abort(error);
        reject(error);
      }, this.policy.timeoutMs);
    });
    const work = attempt(signal);
    // A client that ignores the signal may still settle later; nobody is listening then.
    work.catch(() => undefined);
    try {
      return await Promise.race([work, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Map an HTTP status (and body, headers) to the typed error a caller can act on. */
export function errorFromStatus(engine: EngineLabel, status: number, body = '', headers?: Headers, now = Date.now()): TranslatorError {
  const detail = summarise(body);
  const said = detail ? `: ${detail}` : '';
  if (status === 401 || status === 403) {
    return new AuthError(`${engine.name} refused the API key (HTTP ${status})${said}`, { hint: engine.keyHint });
  }
  // 456 is DeepL's "quota exceeded"; OpenAI reports an empty balance as 429 insufficient_quota.
  if (status === 456 || (status === 429 && /insufficient_quota/.test(body))) {
    return new QuotaError(`${engine.name} quota exhausted (HTTP ${status})${said}`, {
      hint: 'finished segments are saved; raise the quota or wait for the next billing period, then run again to continue',
    });
  }
  if (status === 429) {
    const retryAfterMs = retryAfterFrom(headers, now);
    return new RateLimitError(`${engine.name} is rate limiting requests (HTTP 429)${said}`, {
      hint: 'lower the concurrency or requests per minute',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  const retryable = status === 408 || status >= 500;
  return new TranslatorError(`${engine.name} answered HTTP ${status}${said}`, { retryable });
}

/** Retry-After (seconds or HTTP date), or the `retry-after-ms` some OpenAI-compatible servers send. */
export function retryAfterFrom(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  return parseRetryAfter(headers?.get('retry-after') ?? undefined, now);
}

export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Network failures of fetch: refused / unknown host means the URL is wrong; a reset is worth retrying. */
export function errorFromNetwork(engine: EngineLabel, url: string, error: unknown): TranslatorError {
  if (error instanceof TranslatorError) return error;
  const code = networkCode(error);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_NONAME') {
    return new TranslatorUnavailableError(`${engine.name} is not reachable at ${url} (${code})`, {
      hint: 'check the server URL in the configuration or environment',
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TranslatorError(`${engine.name} request failed${code ? ` (${code})` : ''}: ${message}`, { retryable: true, cause: error });
}

function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function toTranslatorError(engine: EngineLabel, error: unknown): TranslatorError {
  if (error instanceof TranslatorError) return error;
  return new TranslatorError(`${engine.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** The server's own words, shortened to one line. */
function summarise(body: string): string {
  let text = body;
  try {
    const json = JSON.parse(body) as { message?: unknown; error?: unknown; detail?: unknown };
    const inner = typeof json.error === 'object' && json.error ? (json.error as { message?: unknown }).message : json.error;
    const found = [json.message, inner, json.detail].find((v) => typeof v === 'string');
    if (typeof found === 'string') text = found;
  } catch {
    // not JSON: keep the raw text
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
