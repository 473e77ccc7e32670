// Any OpenAI-compatible chat endpoint (OpenAI, Ollama, llama.cpp server,
// vLLM). Plain fetch rather than the openai SDK: we need one POST to
// /chat/completions that all of these servers implement, fetch is built into
// Node 20, and it hands us the signal and the Retry-After header directly —
// the SDK would add a dependency and a second retry policy to switch off.
//
// Units go out as numbered JSON items with their paragraphs as context and the
// glossary pairs that apply. The reply is checked before anything is used:
// JSON, the same ids, as many items, placeholders kept. An LLM that drops or
// merges items cannot be trusted position by position (a merged item would
// shift every later one), so an invalid reply is discarded whole, the batch is
// split in two and each half asked again; items are matched by id, so a
// reordered reply is fine.

import { ConfigError, TranslatorError } from '../../core/errors.js';
import { batchEngineOf, translateInBatches, type BatchEngine } from '../transport/batches.js';
import { joinUrl, postJson } from '../transport/http.js';
import { defineEngine, type Env } from '../descriptor.js';
import { Resilience, type EngineLabel, type ResiliencePolicy } from '../transport/resilience.js';
import { normalisePlaceholders, placeholdersIn, xmlPlaceholder } from '../transport/tags.js';
import type { GlossaryPair, TranslateOptions, TranslatedUnit, TranslationUnit, Translator, TranslatorCapabilities, TranslatorIdentity } from '../translator.js';

export interface OpenAIConfig {
  /** API base URL including /v1; default `OPENAI_BASE_URL`, else https://api.openai.com/v1. */
  baseUrl?: string;
  /** Model name; default `OPENAI_MODEL`. Required. */
  model?: string;
  /** Bearer key; default `OPENAI_API_KEY`. Optional for local servers. */
  apiKey?: string;
  /** Default 0: the same input should give the same output. */
  temperature?: number;
  /** Ask for `response_format: json_object` (default true); turn off for servers that reject it. */
  jsonMode?: boolean;
  /** Items per request (default 20): smaller batches make dropped items rarer and cheaper to redo. */
  maxItems?: number;
  /** UTF-8 bytes of item texts per request (default 16 KiB). */
  maxBytes?: number;
  /** Extra tries for a single item whose reply stays invalid (default 2). */
  maxInvalidReplies?: number;
  /** Extra headers, e.g. for a gateway. */
  headers?: Record<string, string>;
  /** Price per million source characters, for dry-run cost estimates (approximate: LLMs bill tokens). */
  pricePerMillionCharacters?: number;
  resilience?: Partial<ResiliencePolicy>;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** An OpenAI-compatible server: the model name means something only on its server. */
export function openaiIdentity(config: OpenAIConfig = {}, env: Env = process.env): TranslatorIdentity {
  const model = config.model ?? env['OPENAI_MODEL'];
  const baseUrl = config.baseUrl ?? env['OPENAI_BASE_URL'] ?? DEFAULT_BASE_URL;
  return {
    engine: 'openai',
    ...(model ? { model } : {}),
    settings: { server: baseUrl, temperature: String(config.temperature ?? 0) },
  };
}

export const openaiEngine = defineEngine({
  id: 'openai',
  identity: (config: OpenAIConfig | undefined, env: Env) => openaiIdentity(config, env),
  create: (config: OpenAIConfig | undefined, env: Env) => new OpenAITranslator(config, env),
});

interface Item {
  id: number;
  unit: TranslationUnit;
}

/** Why a reply cannot be used; the batch is split and asked again. */
class InvalidReply extends Error {}

export class OpenAITranslator implements Translator {
  readonly id = 'openai';
  readonly model: string;
  readonly capabilities: TranslatorCapabilities;
  readonly identity: TranslatorIdentity;
  readonly pricePerMillionCharacters: number | undefined;
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly config: OpenAIConfig;
  private readonly resilience: Resilience;
  private readonly engine: BatchEngine;
  private readonly label: EngineLabel;

  constructor(config: OpenAIConfig = {}, env: Env = process.env) {
    const baseUrl = config.baseUrl ?? env['OPENAI_BASE_URL'] ?? DEFAULT_BASE_URL;
    const model = config.model ?? env['OPENAI_MODEL'];
    const apiKey = config.apiKey ?? env['OPENAI_API_KEY'];
    if (!model) throw new ConfigError('the openai translator needs a model name', { hint: 'set OPENAI_MODEL in the environment, e.g. OPENAI_MODEL=gpt-4o-mini' });
    if (!apiKey && baseUrl === DEFAULT_BASE_URL) {
      throw new ConfigError('the openai translator needs an API key for api.openai.com', {
        hint: 'set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server',
      });
    }
    this.config = config;
    this.model = model;
    this.identity = openaiIdentity(config, env);
    this.pricePerMillionCharacters = config.pricePerMillionCharacters;
    this.url = joinUrl(baseUrl, 'chat/completions');
    this.headers = { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...config.headers };
    this.capabilities = { nativeGlossary: true, context: true, maxItems: config.maxItems ?? 20, maxBytes: config.maxBytes ?? 16 * 1024 };
    this.label = { name: `OpenAI-compatible server (${model})`, keyHint: 'check the OPENAI_API_KEY environment variable' };
    this.resilience = new Resilience(this.label, config.resilience);
    this.engine = batchEngineOf(this, this.resilience.policy.concurrency, (batch, options) => this.translateValidated(batch, options));
  }

  placeholder(n: number): string {
    return xmlPlaceholder(n);
  }

  translate(units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]> {
    return translateInBatches(this.engine, units, options);
  }

  /** Ask for a batch; on an invalid reply, halve and ask again until single items, which get a few more tries. */
  private async translateValidated(batch: TranslationUnit[], options: TranslateOptions, tries = 0): Promise<TranslatedUnit[]> {
    const items = batch.map((unit, i) => ({ id: i + 1, unit }));
    try {
      const texts = await this.ask(items, options);
      const settings = { temperature: String(this.config.temperature ?? 0) };
      return items.map(({ id, unit }) => ({ id: unit.id, text: texts.get(id)!, unknownWords: [], model: this.model, settings }));
    } catch (error) {
      if (!(error instanceof InvalidReply)) throw error;
      if (batch.length > 1) {
        const middle = Math.ceil(batch.length / 2);
        const first = await this.translateValidated(batch.slice(0, middle), options);
        return [...first, ...(await this.translateValidated(batch.slice(middle), options))];
      }
      if (tries < (this.config.maxInvalidReplies ?? 2)) return this.translateValidated(batch, options, tries + 1);
      throw new TranslatorError(`${this.label.name} gave no usable translation for segment ${batch[0]!.id}: ${error.message}`, {
        hint: 'try another model, or --translator openai,apertium to fall back',
      });
    }
  }

  /** One request; the reply's texts by item id, or InvalidReply. */
  private async ask(items: Item[], options: TranslateOptions): Promise<Map<number, string>> {
    const body = {
      model: this.model,
      temperature: this.config.temperature ?? 0,
      ...(this.config.jsonMode === false ? {} : { response_format: { type: 'json_object' } }),
      messages: [
        { role: 'system', content: instructions(options) },
        { role: 'user', content: JSON.stringify(request(items, options)) },
      ],
    };
    const reply = await this.resilience.request(
      (signal) => postJson(this.label, this.url, body, { headers: this.headers, signal }),
      options.signal,
    );
    return parseReply(reply, items);
  }
}

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function instructions(options: TranslateOptions): string {
  const from = languageName(options.sourceLang);
  const to = languageName(options.targetLang);
  return [
    `You translate news text from ${from} to ${to}.`,
    `The user sends JSON: "items" to translate, each with a numeric "id", its "text" and the id of its "paragraph";`,
    `"paragraphs" give the surrounding text as context only — do not translate them; "glossary" lists required terms.`,
    `Reply with JSON only, exactly: {"translations":[{"id":<id>,"text":"<translation>"}]} with one entry per item and the same ids.`,
    `Each "text" is an HTML fragment: keep its character references (&amp; &lt;) and every element, such as <em id="m0">…</em>,`,
    `around the words it marks in the translation; copy every empty tag such as <x id="1"/> exactly, where it belongs.`,
    `Never merge, split, skip or add items.`,
    `Whenever a glossary source term occurs, use its target term exactly.`,
  ].join('\n');
}

function request(items: Item[], options: TranslateOptions): unknown {
  const paragraphs = new Map<string, string>();
  const glossary = new Map<string, GlossaryPair>();
  for (const { unit } of items) {
    if (unit.context && !paragraphs.has(unit.context)) paragraphs.set(unit.context, `p${paragraphs.size + 1}`);
    for (const pair of unit.glossary ?? []) glossary.set(`${pair.source}\t${pair.target}`, pair);
  }
  return {
    source_language: options.sourceLang,
    target_language: options.targetLang,
    ...(glossary.size > 0 ? { glossary: [...glossary.values()].map(({ source, target }) => ({ source, target })) } : {}),
    ...(paragraphs.size > 0 ? { paragraphs: [...paragraphs].map(([text, id]) => ({ id, text })) } : {}),
    items: items.map(({ id, unit }) => ({ id, ...(unit.context ? { paragraph: paragraphs.get(unit.context) } : {}), text: unit.text })),
  };
}

/** Validate a chat completion: JSON content, one entry per item, same ids, placeholders kept. */
function parseReply(reply: unknown, items: Item[]): Map<number, string> {
  const choice = (reply as { choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }> })?.choices?.[0];
  const content = choice?.message?.content;
  if (typeof content !== 'string') throw new InvalidReply('the reply has no message content');
  if (choice?.finish_reason === 'length') throw new InvalidReply('the reply was cut off (finish_reason "length")');
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    throw new InvalidReply('the reply is not valid JSON');
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { translations?: unknown })?.translations;
  if (!Array.isArray(list)) throw new InvalidReply('the reply has no "translations" list');
  if (list.length !== items.length) throw new InvalidReply(`the reply has ${list.length} items for ${items.length}`);
  const expected = new Map(items.map((item) => [item.id, item.unit]));
  const texts = new Map<number, string>();
  for (const entry of list) {
    const id = Number((entry as { id?: unknown })?.id);
    const text = (entry as { text?: unknown })?.text;
    const unit = expected.get(id);
    if (!unit) throw new InvalidReply(`the reply has an unknown id ${String((entry as { id?: unknown })?.id)}`);
    if (texts.has(id)) throw new InvalidReply(`the reply repeats id ${id}`);
    if (typeof text !== 'string' || (text.trim() === '' && unit.text.trim() !== '')) throw new InvalidReply(`item ${id} has no text`);
    const want = placeholdersIn(unit.text).join(',');
    const got = placeholdersIn(text).join(',');
    if (want !== got) throw new InvalidReply(`item ${id} lost or changed its <x/> tags`);
    texts.set(id, normalisePlaceholders(text.trim()));
  }
  return texts;
}
