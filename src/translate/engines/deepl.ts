// DeepL through deepl-node. deepl-node's own retries are switched off
// (maxRetries 0) so that retries, limits and error types stay in
// resilience.ts, like every other engine. Unit texts are HTML fragments
// (escaped text, inline elements with ids) and go out as they are with
// tag_handling=xml, which keeps the elements on their words; placeholders are
// `<x id="n"/>`, kept as well through ignore_tags=x. Glossaries use DeepL's v3
// (multilingual) API: one server-side glossary per glossary version, named
// `diptych-<version>`, looked up by name before creating so that it is made
// once and reused by every later run.

import type {
  DeepLClient,
  GlossaryEntries,
  Formality,
  ModelType,
  SourceLanguageCode,
  TargetLanguageCode,
  MultilingualGlossaryInfo,
  TextResult,
  TranslateTextOptions,
} from 'deepl-node';
import { ConfigError, GlossaryError, RateLimitError, TranslatorError, TranslatorUnavailableError } from '../../core/errors.js';
import { batchEngineOf, translateInBatches } from '../transport/batches.js';
import { defineEngine, type Env } from '../descriptor.js';
import { Resilience, errorFromStatus, type EngineLabel, type ResiliencePolicy } from '../transport/resilience.js';
import { shortHash } from '../../core/hash.js';
import { escapeXml, normalisePlaceholders, xmlPlaceholder } from '../transport/tags.js';
import type { GlossaryPair, TranslateOptions, TranslatedUnit, TranslationUnit, Translator, TranslatorCapabilities, TranslatorIdentity } from '../translator.js';

export interface DeepLConfig {
  /** API key; default `DEEPL_AUTH_KEY`. Keys ending in ":fx" go to the free API. */
  authKey?: string;
  /** Server URL; default `DEEPL_SERVER_URL`, else DeepL's free or pro API chosen from the key. */
  serverUrl?: string;
  /** English variant to ask for when the target is plain "en" (DeepL requires one): "en-US" (default) or "en-GB". */
  englishVariant?: 'en-US' | 'en-GB';
  formality?: Formality;
  modelType?: ModelType;
  /** Use DeepL glossaries when the caller passes a glossary (default true). */
  glossary?: boolean;
  /** Texts per request, at most 50 (DeepL's limit). */
  maxItems?: number;
  /** Request body bytes, at most 128 KiB (DeepL's limit). */
  maxBytes?: number;
  /** Price per million characters, for dry-run cost estimates. */
  pricePerMillionCharacters?: number;
  resilience?: Partial<ResiliencePolicy>;
}

export const DEEPL_MAX_ITEMS = 50;
export const DEEPL_MAX_BYTES = 128 * 1024;
// Form fields other than texts and context (languages, options, glossary id), generously.
const REQUEST_OVERHEAD = 1024;

/** The key and server are left out: they change who pays, not what comes back. */
export function deeplIdentity(config: DeepLConfig = {}): TranslatorIdentity {
  const settings: Record<string, string> = {};
  if (config.formality) settings['formality'] = config.formality;
  if (config.englishVariant && config.englishVariant !== 'en-US') settings['englishVariant'] = config.englishVariant;
  if (config.glossary === false) settings['glossary'] = 'off';
  return { engine: 'deepl', ...(config.modelType ? { model: config.modelType } : {}), settings };
}

export const deeplEngine = defineEngine({
  id: 'deepl',
  identity: (config: DeepLConfig | undefined) => deeplIdentity(config),
  create: (config: DeepLConfig | undefined, env: Env) => new DeepLTranslator(config, env),
});

const LABEL: EngineLabel = {
  name: 'DeepL',
  keyHint: "check the DEEPL_AUTH_KEY environment variable (free-plan keys end in ':fx')",
};

type DeepLModule = typeof import('deepl-node');

// deepl-node (with axios) is loaded on the first request, not with the
// registry: a batch with nothing to translate, or one on Apertium, never pays for it.
let deeplModule: Promise<DeepLModule> | undefined;
const loadDeepL = (): Promise<DeepLModule> => (deeplModule ??= import('deepl-node'));

export class DeepLTranslator implements Translator {
  readonly id = 'deepl';
  readonly model: string | undefined;
  readonly capabilities: TranslatorCapabilities;
  readonly identity: TranslatorIdentity;
  readonly pricePerMillionCharacters: number | undefined;
  private client: DeepLClient | undefined;
  private readonly authKey: string;
  private readonly serverUrl: string | undefined;
  private readonly resilience: Resilience;
  private readonly config: DeepLConfig;
  /** Glossary id per `name|source|target`, shared by concurrent calls. */
  private readonly glossaries = new Map<string, Promise<string>>();

  constructor(config: DeepLConfig = {}, env: Env = process.env) {
    const authKey = config.authKey ?? env['DEEPL_AUTH_KEY'];
    if (!authKey) {
      throw new ConfigError('the deepl translator needs an API key', { hint: 'set DEEPL_AUTH_KEY in the environment to your DeepL API key' });
    }
    const serverUrl = config.serverUrl ?? env['DEEPL_SERVER_URL'];
    this.config = config;
    this.model = config.modelType;
    this.identity = deeplIdentity(config);
    this.pricePerMillionCharacters = config.pricePerMillionCharacters;
    this.capabilities = {
      nativeGlossary: config.glossary !== false,
      context: true,
      maxItems: within('maxItems', config.maxItems ?? DEEPL_MAX_ITEMS, DEEPL_MAX_ITEMS),
      maxBytes: within('maxBytes', config.maxBytes ?? DEEPL_MAX_BYTES, DEEPL_MAX_BYTES),
    };
    this.resilience = new Resilience(LABEL, config.resilience);
    this.authKey = authKey;
    this.serverUrl = serverUrl;
  }

  private deeplClient(deepl: DeepLModule): DeepLClient {
    return (this.client ??= new deepl.DeepLClient(this.authKey, {
      ...(this.serverUrl ? { serverUrl: this.serverUrl } : {}),
      maxRetries: 0,
      minTimeout: this.resilience.policy.timeoutMs,
      sendPlatformInfo: false,
      appInfo: { appName: 'diptych', appVersion: '0.1' },
    }));
  }

  placeholder(n: number): string {
    return xmlPlaceholder(n);
  }

  async translate(units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]> {
    if (units.length === 0) return [];
    const glossaryId = await this.glossaryFor(units, options);
    const engine = batchEngineOf(
      this,
      this.resilience.policy.concurrency,
      (batch, opts) => this.send(batch, opts, glossaryId),
      (batch) => requestBytes(batch, contextOf(batch)),
    );
    return translateInBatches(engine, units, options);
  }

  private async send(batch: TranslationUnit[], options: TranslateOptions, glossaryId: string | undefined): Promise<TranslatedUnit[]> {
    const texts = batch.map((unit) => unit.text);
    let context = contextOf(batch);
    // The paragraphs are free (DeepL does not bill context) but count towards the request size.
    if (context && requestBytes(batch, context) > this.capabilities.maxBytes) context = undefined;
    if (requestBytes(batch, undefined) > this.capabilities.maxBytes) {
      throw new TranslatorError(`segment ${batch[0]!.id} is larger than DeepL's ${this.capabilities.maxBytes}-byte request limit`, {
        hint: 'split the paragraph into shorter sentences',
      });
    }
    const textOptions: TranslateTextOptions = {
      tagHandling: 'xml',
      ignoreTags: ['x'],
      ...(context ? { context: escapeXml(context) } : {}),
      ...(this.config.formality ? { formality: this.config.formality } : {}),
      ...(this.config.modelType ? { modelType: this.config.modelType } : {}),
      ...(glossaryId ? { glossary: glossaryId } : {}),
    };
    const results = await this.call(
      (client) => client.translateText(texts, deeplSource(options.sourceLang), this.deeplTarget(options.targetLang), textOptions),
      options.signal,
    );
    if (results.length !== batch.length) {
      throw new TranslatorError(`DeepL returned ${results.length} translations for ${batch.length} texts`, { retryable: false });
    }
    const settings = this.settings(glossaryId);
    return batch.map((unit, i) => {
      const result = results[i] as TextResult;
      return {
        id: unit.id,
        text: normalisePlaceholders(result.text),
        unknownWords: [],
        ...(result.billedCharacters !== undefined ? { billedCharacters: result.billedCharacters } : {}),
        ...(result.modelTypeUsed ?? this.model ? { model: result.modelTypeUsed ?? this.model } : {}),
        ...(Object.keys(settings).length > 0 ? { settings } : {}),
        ...(glossaryId && options.glossaryVersion ? { glossaryVersion: options.glossaryVersion } : {}),
      };
    });
  }

  /**
   * The DeepL glossary for this run's glossary version: found by name, created
   * only when missing. Callers should pass the whole glossary as
   * `glossaryPairs`; without it the pairs of these units are used, under a name
   * that also hashes them, so a glossary is never reused with other entries.
   */
  private async glossaryFor(units: TranslationUnit[], options: TranslateOptions): Promise<string | undefined> {
    if (!this.capabilities.nativeGlossary || !options.glossaryVersion) return undefined;
    let pairs = options.glossaryPairs;
    let name = `diptych-${options.glossaryVersion}`;
    if (!pairs) {
      const seen = new Map(units.flatMap((unit) => unit.glossary ?? []).map((pair) => [`${pair.source}\t${pair.target}`, pair]));
      pairs = [...seen.values()];
      name += `-${shortHash([...seen.keys()].sort().join('\n'), 8)}`;
    }
    if (pairs.length === 0) return undefined;
    const source = baseLanguage(options.sourceLang);
    const target = baseLanguage(options.targetLang);
    const key = `${name}|${source}|${target}`;
    let id = this.glossaries.get(key);
    if (!id) {
      id = this.findOrCreateGlossary(name, source, target, pairs, options.signal);
      this.glossaries.set(key, id);
      // A failed lookup must not stick: the next call tries again.
      id.catch(() => this.glossaries.delete(key));
    }
    return id;
  }

  private async findOrCreateGlossary(name: string, source: string, target: string, pairs: GlossaryPair[], signal?: AbortSignal): Promise<string> {
    const existing = await this.call((client) => client.listMultilingualGlossaries(), signal);
    const found = existing.find((glossary) => glossary.name === name && hasDictionary(glossary, source, target));
    if (found) return found.glossaryId;
    const entries = glossaryEntries(pairs, await loadDeepL());
    const created = await this.call(
      (client) => client.createMultilingualGlossary(name, [{ sourceLangCode: source, targetLangCode: target, entries }]),
      signal,
    );
    return created.glossaryId;
  }

  private async call<T>(request: (client: DeepLClient) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const deepl = await loadDeepL();
    const client = this.deeplClient(deepl);
    return this.resilience.request(async () => {
      try {
        return await request(client);
      } catch (error) {
        throw deeplError(error, deepl);
      }
    }, signal);
  }

  private deeplTarget(lang: string): TargetLanguageCode {
    const code = lang.toLowerCase();
    // DeepL refuses plain "en" and "pt" as targets.
    if (code === 'en') return this.config.englishVariant ?? 'en-US';
    if (code === 'pt') return 'pt-PT';
    return lang as TargetLanguageCode;
  }

  private settings(glossaryId: string | undefined): Record<string, string> {
    const settings: Record<string, string> = {};
    if (this.config.formality) settings['formality'] = this.config.formality;
    if (this.config.modelType) settings['modelType'] = this.config.modelType;
    if (glossaryId) settings['glossaryId'] = glossaryId;
    return settings;
  }
}

/** The paragraphs of a batch, each once, in order: DeepL takes one context per request. */
function contextOf(batch: TranslationUnit[]): string | undefined {
  const paragraphs = [...new Set(batch.map((unit) => unit.context).filter((c): c is string => !!c && c.trim() !== ''))];
  return paragraphs.length > 0 ? paragraphs.join('\n\n') : undefined;
}

/** Size of the form-encoded request body DeepL receives (its 128 KiB limit is on the body). */
function requestBytes(batch: TranslationUnit[], context: string | undefined): number {
  const form = new URLSearchParams();
  for (const unit of batch) form.append('text', unit.text);
  if (context) form.append('context', escapeXml(context));
  return Buffer.byteLength(form.toString(), 'utf8') + REQUEST_OVERHEAD;
}

function glossaryEntries(pairs: GlossaryPair[], deepl: DeepLModule): GlossaryEntries {
  // A Map, not an object: a French term such as "constructor" is not a property of every object.
  const entries = new Map<string, string>();
  for (const { source, target } of pairs) {
    const from = source.trim();
    const to = target.trim();
    if (!from || !to) continue;
    const known = entries.get(from);
    if (known !== undefined && known !== to) {
      throw new GlossaryError(`glossary maps '${from}' to both '${known}' and '${to}'`, { hint: 'run `diptych glossary lint`' });
    }
    entries.set(from, to);
  }
  try {
    return new deepl.GlossaryEntries({ entries: Object.fromEntries(entries) });
  } catch (error) {
    throw new GlossaryError(`DeepL cannot take this glossary: ${(error as Error).message}`, { cause: error, hint: 'run `diptych glossary lint`' });
  }
}

function hasDictionary(glossary: MultilingualGlossaryInfo, source: string, target: string): boolean {
  return glossary.dictionaries.some((d) => d.sourceLangCode.toLowerCase() === source && d.targetLangCode.toLowerCase() === target);
}

function baseLanguage(lang: string): string {
  return lang.toLowerCase().split('-')[0]!;
}

function deeplSource(lang: string): SourceLanguageCode {
  // Source languages are never regional in DeepL.
  return baseLanguage(lang) as SourceLanguageCode;
}

function within(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigError(`translators.deepl.${name} must be between 1 and ${max}, got ${value}`);
  }
  return value;
}

/** deepl-node's errors → ours. It drops headers, so a DeepL Retry-After cannot be honoured; backoff applies. */
function deeplError(error: unknown, deepl: DeepLModule): TranslatorError {
  if (error instanceof TranslatorError) return error;
  if (!(error instanceof deepl.DeepLError)) {
    return new TranslatorError(`DeepL failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const detail = error.message;
  if (error instanceof deepl.AuthorizationError) return withCause(errorFromStatus(LABEL, 403, detail), error);
  if (error instanceof deepl.QuotaExceededError) return withCause(errorFromStatus(LABEL, 456, detail), error);
  if (error instanceof deepl.TooManyRequestsError) {
    return new RateLimitError(`DeepL is rate limiting requests (HTTP 429)`, { hint: 'lower the concurrency or requests per minute', cause: error });
  }
  if (error instanceof deepl.GlossaryNotFoundError) {
    return new TranslatorError(`DeepL glossary not found: ${detail}`, { hint: 'run again; the glossary is looked up afresh', cause: error });
  }
  if (error instanceof deepl.ConnectionError) {
    const code = (error.error as { code?: string } | undefined)?.code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') {
      return new TranslatorUnavailableError(`DeepL is not reachable (${code})`, { hint: 'check the DEEPL_SERVER_URL environment variable, or unset it to use DeepL\'s own server', cause: error });
    }
    return new TranslatorError(`DeepL connection failed: ${detail}`, { retryable: error.shouldRetry, cause: error });
  }
  // An answer cut short or garbled on the way (deepl-node could not parse it): worth another try.
  if (/^Error parsing response JSON/.test(detail)) return new TranslatorError(`DeepL: ${detail}`, { retryable: true, cause: error });
  if (/^Service unavailable/.test(detail)) return withCause(errorFromStatus(LABEL, 503, ''), error);
  const status = /Unexpected status code: (\d{3})/.exec(detail)?.[1];
  if (status) return withCause(errorFromStatus(LABEL, Number(status), ''), error);
  // "Bad request", argument errors, unparsable answers: trying again will not help.
  return new TranslatorError(`DeepL: ${detail}`, { retryable: false, cause: error });
}

function withCause<E extends Error>(error: E, cause: unknown): E {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
  return error;
}
