// What each engine's output depends on, resolved from its settings and the
// environment without loading the engine (deepl-node alone takes half a
// second): the batch run key is computed from this on every run, warm ones
// included, and a run with nothing to translate must neither load a client
// nor fail for a missing key. Each engine's constructor calls the same
// resolver for its own `identity`, so the run key and the translator that
// does the work can never disagree.
//
// Only types are imported from the engine files (erased at run time).

import { ConfigError } from '../core/errors.js';
import type { DeepLConfig } from './deepl.js';
import type { LibreTranslateConfig } from './libretranslate.js';
import type { OpenAIConfig } from './openai.js';
import type { TranslatorIdentity } from './translator.js';

export type Env = Record<string, string | undefined>;

export interface ApertiumSettings {
  /** Pivot language: es (default), ca or eo. */
  pivot?: string;
  /** The apertium executable (does not change the output). */
  command?: string;
  /** Pipelines run at once (does not change the output). */
  concurrency?: number;
  /** Repair pivot-language leftovers (default true). */
  repairPivot?: boolean;
}

export interface TranslatorConfig {
  apertium?: ApertiumSettings;
  deepl?: DeepLConfig;
  openai?: OpenAIConfig;
  libretranslate?: LibreTranslateConfig;
  /** Where keys and URLs are read from when the config leaves them out (default `process.env`). */
  env?: Env;
}

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export function apertiumIdentity(settings: ApertiumSettings = {}): TranslatorIdentity {
  const pivot = settings.pivot ?? 'es';
  // Repaired output differs from the engine's own: cached apart from it.
  return { engine: 'apertium', model: `fr-${pivot}-en`, settings: settings.repairPivot ?? true ? { pivotRepair: '1' } : {} };
}

/** The key and server are left out: they change who pays, not what comes back. */
export function deeplIdentity(config: DeepLConfig = {}): TranslatorIdentity {
  const settings: Record<string, string> = {};
  if (config.formality) settings['formality'] = config.formality;
  if (config.englishVariant && config.englishVariant !== 'en-US') settings['englishVariant'] = config.englishVariant;
  if (config.glossary === false) settings['glossary'] = 'off';
  return { engine: 'deepl', ...(config.modelType ? { model: config.modelType } : {}), settings };
}

/** An OpenAI-compatible server: the model name means something only on its server. */
export function openaiIdentity(config: OpenAIConfig = {}, env: Env = process.env): TranslatorIdentity {
  const model = config.model ?? env['OPENAI_MODEL'];
  const baseUrl = config.baseUrl ?? env['OPENAI_BASE_URL'] ?? OPENAI_DEFAULT_BASE_URL;
  return {
    engine: 'openai',
    ...(model ? { model } : {}),
    settings: { server: baseUrl, temperature: String(config.temperature ?? 0) },
  };
}

/** Servers run different models under the same name: the server is part of the identity. */
export function libretranslateIdentity(config: LibreTranslateConfig = {}, env: Env = process.env): TranslatorIdentity {
  const url = config.url ?? env['LIBRETRANSLATE_URL'];
  return { engine: 'libretranslate', settings: url ? { server: url } : {} };
}

const RESOLVERS = new Map<string, (config: TranslatorConfig) => TranslatorIdentity>([
  ['apertium', (config) => apertiumIdentity(config.apertium)],
  ['deepl', (config) => deeplIdentity(config.deepl)],
  ['openai', (config) => openaiIdentity(config.openai, config.env)],
  ['libretranslate', (config) => libretranslateIdentity(config.libretranslate, config.env)],
]);

/** Translator ids accepted by `createTranslator` and `--translator`. */
export const TRANSLATOR_IDS: readonly string[] = [...RESOLVERS.keys()];

/** The engine ids of `spec`, one id ("deepl") or a failover chain ("deepl,apertium"), checked. */
export function translatorIds(spec: string): string[] {
  const ids = spec.split(',').map((id) => id.trim().toLowerCase());
  if (ids.some((id) => id === '')) {
    throw new ConfigError(`translator '${spec}' has an empty name`, { hint: `use one of: ${TRANSLATOR_IDS.join(', ')}, or a comma-separated chain` });
  }
  const unknown = ids.find((id) => !RESOLVERS.has(id));
  if (unknown !== undefined) throw new ConfigError(`unknown translator '${unknown}' — use one of: ${TRANSLATOR_IDS.join(', ')}`);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new ConfigError(`translator '${repeated}' appears twice in '${spec}'`);
  return ids;
}

/** A failover chain's identity: its members in order, the primary's model. */
export function chainIdentity(members: readonly TranslatorIdentity[]): TranslatorIdentity {
  const primary = members[0]!;
  return {
    engine: members.map((member) => member.engine).join(','),
    ...(primary.model ? { model: primary.model } : {}),
    settings: primary.settings,
    members,
  };
}

/** The identity `createTranslator(spec, config)` would have, without constructing (or loading) any engine. */
export function identityOf(spec = 'apertium', config: TranslatorConfig = {}): TranslatorIdentity {
  const members = translatorIds(spec).map((id) => RESOLVERS.get(id)!(config));
  return members.length === 1 ? members[0]! : chainIdentity(members);
}

/** The members of a translator: a failover chain's engines in order, or the translator alone. */
export function membersOf(identity: TranslatorIdentity): readonly TranslatorIdentity[] {
  return identity.members ?? [identity];
}
