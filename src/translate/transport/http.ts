// One JSON POST over Node's built-in fetch, for engines that need no SDK.
// Statuses and network failures become typed errors (resilience.ts); the
// caller wraps it in `Resilience.request` for retries and limits.

import { TranslatorError } from '../../core/errors.js';
import { errorFromNetwork, errorFromStatus, type EngineLabel } from './resilience.js';

export async function postJson(
  engine: EngineLabel,
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<unknown> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: JSON.stringify(body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw errorFromNetwork(engine, url, error);
  }
  if (!response.ok) throw errorFromStatus(engine, response.status, text, response.headers);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // A proxy or an overloaded server answering 200 with HTML: worth another try.
    throw new TranslatorError(`${engine.name} answered with something that is not JSON: ${text.slice(0, 80)}`, { retryable: true, cause: error });
  }
}

/** `base` + `path` without doubled or missing slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
