// The translate stage: one interface (translator.ts), one file per engine, and
// this registry that turns `--translator deepl,apertium` into a Translator.

import { ConfigError } from '../core/errors.js';
import { ApertiumTranslator } from './apertium.js';
import { DeepLTranslator, type DeepLConfig } from './deepl.js';
import { FailoverTranslator } from './failover.js';
import { LibreTranslateTranslator, type LibreTranslateConfig } from './libretranslate.js';
import { OpenAITranslator, type OpenAIConfig } from './openai.js';
import type { Translator } from './translator.js';

export interface TranslatorConfig {
  apertium?: { pivot?: string; command?: string; repairPivot?: boolean };
  deepl?: DeepLConfig;
  openai?: OpenAIConfig;
  libretranslate?: LibreTranslateConfig;
  /** Where keys and URLs are read from when the config leaves them out (default `process.env`). */
  env?: Record<string, string | undefined>;
}

type Factory = (config: TranslatorConfig) => Translator;

const FACTORIES = new Map<string, Factory>([
  ['apertium', (config) => new ApertiumTranslator(config.apertium)],
  ['deepl', (config) => new DeepLTranslator(config.deepl, config.env)],
  ['openai', (config) => new OpenAITranslator(config.openai, config.env)],
  ['libretranslate', (config) => new LibreTranslateTranslator(config.libretranslate, config.env)],
]);

/** Translator ids accepted by `createTranslator` and `--translator`. */
export const TRANSLATOR_IDS: readonly string[] = [...FACTORIES.keys()];

/** `spec` is one id ("deepl") or a failover chain ("deepl,apertium"). */
export function createTranslator(spec = 'apertium', config: TranslatorConfig = {}): Translator {
  const ids = spec.split(',').map((id) => id.trim().toLowerCase());
  if (ids.some((id) => id === '')) {
    throw new ConfigError(`translator '${spec}' has an empty name`, { hint: `use one of: ${TRANSLATOR_IDS.join(', ')}, or a comma-separated chain` });
  }
  const unknown = ids.find((id) => !FACTORIES.has(id));
  if (unknown !== undefined) throw new ConfigError(`unknown translator '${unknown}' — use one of: ${TRANSLATOR_IDS.join(', ')}`);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new ConfigError(`translator '${repeated}' appears twice in '${spec}'`);
  const translators = ids.map((id) => FACTORIES.get(id)!(config));
  return translators.length === 1 ? translators[0]! : new FailoverTranslator(translators);
}

export type {
  CharacterBudget,
  GlossaryPair,
  TranslateOptions,
  TranslatedUnit,
  TranslationUnit,
  Translator,
  TranslatorCapabilities,
} from './translator.js';
export { ApertiumTranslator } from './apertium.js';
export { Budget, billableCharacters, countCharacters } from './budget.js';
export { DeepLTranslator, type DeepLConfig } from './deepl.js';
export { FailoverTranslator } from './failover.js';
export { LibreTranslateTranslator, type LibreTranslateConfig } from './libretranslate.js';
export { OpenAITranslator, type OpenAIConfig } from './openai.js';
export { DEFAULT_POLICY, type ResiliencePolicy } from './resilience.js';
