// A news page from the web, fetched the way a careful reader would: a
// User-Agent naming diptych, a time limit on the whole exchange, redirects
// followed by hand and bounded, a size limit read off the stream (a missing or
// false Content-Length cannot get past it), and a clear error for an HTTP
// error or an answer that is not HTML. Node's own fetch (undici): no client to
// install for one GET.

import { FetchError } from '../core/errors.js';

export interface FetchPageOptions {
  /** The whole exchange, redirects included (default 30 s). */
  timeoutMs?: number;
  /** Largest page accepted, in bytes (default 10 MB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  userAgent?: string;
}

export interface FetchedPage {
  /** The address asked for. */
  url: string;
  /** Where the page was found, after redirects. */
  finalUrl: string;
  status: number;
  contentType: string;
  /** The page's text, decoded from its charset. */
  html: string;
  fetchedAt: string;
}

export const DEFAULT_USER_AGENT = 'diptych/0.1 (bilingual reader of French news; +https://www.npmjs.com/package/diptych)';
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Whether a command-line argument is a web address rather than a file. */
/** An address rather than a file name: any `scheme://…`, so that fetchPage can say which schemes it takes. */
export function isWebAddress(argument: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(argument);
}

export async function fetchPage(url: string, options: FetchPageOptions = {}): Promise<FetchedPage> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  let address: URL;
  try {
    address = new URL(url);
  } catch (error) {
    throw new FetchError('is not a valid web address', { file: url, hint: 'give an http:// or https:// address', cause: error });
  }
  const signal = AbortSignal.timeout(timeoutMs);
  const fail = (message: string, hint: string, cause?: unknown, status?: number): FetchError =>
    new FetchError(message, { file: url, hint, ...(cause !== undefined ? { cause } : {}), ...(status !== undefined ? { status } : {}) });
  const timedOut = (error: unknown): FetchError =>
    signal.aborted
      ? fail(`no complete answer within ${Math.round(timeoutMs / 1000)} s`, 'try again later, or save the page from your browser and give the .html file', error)
      : fail(`cannot be fetched (${describeCause(error)})`, 'check the address and your connection, or save the page from your browser', error);

  for (let redirects = 0; ; redirects++) {
    if (address.protocol !== 'http:' && address.protocol !== 'https:') {
      if (redirects === 0) throw fail('is not an http:// or https:// address', 'only web pages can be fetched; save the page from your browser and give the .html file');
      throw fail(`redirects to a ${address.protocol} address`, 'only http and https pages can be fetched');
    }
    let response: Response;
    try {
      response = await fetch(address, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1', 'accept-language': 'fr,en;q=0.5' },
      });
    } catch (error) {
      throw timedOut(error);
    }
    if (REDIRECTS.has(response.status)) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location) throw fail(`answered ${response.status} without a Location`, 'the site is misconfigured; save the page from your browser instead', undefined, response.status);
      if (redirects >= maxRedirects) throw fail(`more than ${maxRedirects} redirects`, 'the site redirects in a loop; open it in a browser and give the final address', undefined, response.status);
      try {
        address = new URL(location, address);
      } catch (error) {
        throw fail(`redirects to a malformed address (Location: ${JSON.stringify(location.slice(0, 200))})`, 'the site is misconfigured; save the page from your browser and give the .html file', error, response.status);
      }
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      const hint = response.status === 404 || response.status === 410 ? 'check the address' : response.status === 401 || response.status === 403 ? 'the site refuses automated readers; save the page from your browser and give the .html file' : 'try again later';
      throw fail(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, hint, undefined, response.status);
    }
    const contentType = response.headers.get('content-type') ?? '';
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    if (!HTML_TYPES.has(mediaType)) {
      await response.body?.cancel();
      throw fail(`is not an HTML page (Content-Type: ${mediaType || 'none'})`, 'give the address of the article page itself', undefined, response.status);
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      throw fail(`is larger than ${megabytes(maxBytes)} (${megabytes(declared)})`, 'save the article from your browser and give the .html file', undefined, response.status);
    }
    let bytes: Uint8Array;
    try {
      bytes = await readLimited(response, maxBytes);
    } catch (error) {
      if (error instanceof FetchError) throw new FetchError(error.message, { file: url, hint: error.hint ?? '', status: response.status });
      throw timedOut(error);
    }
    return {
      url,
      finalUrl: address.href,
      status: response.status,
      contentType,
      html: decode(bytes, contentType),
      fetchedAt: new Date().toISOString(),
    };
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new FetchError(`is larger than ${megabytes(maxBytes)}`, { hint: 'save the article from your browser and give the .html file' });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The charset of the Content-Type, else of the page's own <meta>, else UTF-8. */
function decode(bytes: Uint8Array, contentType: string): string {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const charset =
    /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ??
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ??
    'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset.toLowerCase());
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes).replace(/^\uFEFF/, '');
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
