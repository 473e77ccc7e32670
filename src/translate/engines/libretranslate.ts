// A LibreTranslate server (self-hosted or libretranslate.com): POST /translate
// with a list of texts. Unit texts are HTML fragments and go as they are with
// `format: "html"`, so inline elements and `<x id="n"/>` placeholders travel
// as markup and are not translated.

import { ConfigError, TranslatorError } from '../../core/errors.js';
import { batchEngineOf, translateInBatches, type BatchEngine } from '../transport/batches.js';
import { joinUrl, postJson } from '../transport/http.js';
import { defineEngine, type Env } from '../descriptor.js';
import { Resilience, type EngineLabel, type ResiliencePolicy } from '../transport/resilience.js';
import { normalisePlaceholders, xmlPlaceholder } from '../transport/tags.js';
import type { TranslateOptions, TranslatedUnit, TranslationUnit, Translator, TranslatorCapabilities, TranslatorIdentity } from '../translator.js';

export interface LibreTranslateConfig {
  /** Server URL; default `LIBRETRANSLATE_URL`. Required. */
  url?: string;
  /** API key, when the server requires one; default `LIBRETRANSLATE_API_KEY`. */
  apiKey?: string;
  /** Texts per request (default 25; match the server's --batch-limit). */
  maxItems?: number;
  /** UTF-8 bytes of texts per request (default 20 000; match the server's --char-limit). */
  maxBytes?: number;
  /** Price per million characters, for dry-run cost estimates. */
  pricePerMillionCharacters?: number;
  resilience?: Partial<ResiliencePolicy>;
}

/** Servers run different models under the same name: the server is part of the identity. */
export function libretranslateIdentity(config: LibreTranslateConfig = {}, env: Env = process.env): TranslatorIdentity {
  const url = config.url ?? env['LIBRETRANSLATE_URL'];
  return { engine: 'libretranslate', settings: url ? { server: url } : {} };
}

export const libretranslateEngine = defineEngine({
  id: 'libretranslate',
  identity: (config: LibreTranslateConfig | undefined, env: Env) => libretranslateIdentity(config, env),
  create: (config: LibreTranslateConfig | undefined, env: Env) => new LibreTranslateTranslator(config, env),
});

export class LibreTranslateTranslator implements Translator {
  readonly id = 'libretranslate';
  readonly model: string | undefined = undefined;
  readonly capabilities: TranslatorCapabilities;
  readonly identity: TranslatorIdentity;
  readonly pricePerMillionCharacters: number | undefined;
  private readonly url: string;
  private readonly apiKey: string | undefined;
  private readonly resilience: Resilience;
  private readonly engine: BatchEngine;
  private readonly label: EngineLabel = {
    name: 'LibreTranslate',
    keyHint: 'check the LIBRETRANSLATE_API_KEY environment variable',
  };

  constructor(config: LibreTranslateConfig = {}, env: Env = process.env) {
    const url = config.url ?? env['LIBRETRANSLATE_URL'];
    if (!url) throw new ConfigError('the libretranslate translator needs a server URL', { hint: 'set LIBRETRANSLATE_URL in the environment to your server, e.g. http://127.0.0.1:5000' });
    this.url = joinUrl(url, 'translate');
    this.identity = libretranslateIdentity(config, env);
    this.apiKey = config.apiKey ?? env['LIBRETRANSLATE_API_KEY'];
    this.pricePerMillionCharacters = config.pricePerMillionCharacters;
    this.capabilities = { nativeGlossary: false, context: false, maxItems: config.maxItems ?? 25, maxBytes: config.maxBytes ?? 20_000 };
    this.resilience = new Resilience(this.label, config.resilience);
    this.engine = batchEngineOf(this, this.resilience.policy.concurrency, (batch, options) => this.send(batch, options));
  }

  placeholder(n: number): string {
    return xmlPlaceholder(n);
  }

  translate(units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]> {
    return translateInBatches(this.engine, units, options);
  }

  private async send(batch: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]> {
    const body = {
      q: batch.map((unit) => unit.text),
      source: options.sourceLang,
      target: options.targetLang,
      format: 'html',
      ...(this.apiKey ? { api_key: this.apiKey } : {}),
    };
    const reply = await this.resilience.request((signal) => postJson(this.label, this.url, body, { signal }), options.signal);
    const texts = (reply as { translatedText?: unknown })?.translatedText;
    if (!Array.isArray(texts) || texts.length !== batch.length || texts.some((t) => typeof t !== 'string')) {
      throw new TranslatorError(`LibreTranslate returned an unexpected answer for ${batch.length} texts`, { retryable: false });
    }
    return batch.map((unit, i) => ({ id: unit.id, text: normalisePlaceholders(texts[i] as string).trim(), unknownWords: [] }));
  }
}
