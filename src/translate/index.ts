// The translate stage: one interface (translator.ts), one file per engine, and
// this registry that turns `--translator deepl,apertium` into a Translator.

import { ApertiumTranslator } from './apertium.js';
import { DeepLTranslator } from './deepl.js';
import { FailoverTranslator } from './failover.js';
import { translatorIds, type TranslatorConfig } from './identity.js';
import { LibreTranslateTranslator } from './libretranslate.js';
import { OpenAITranslator } from './openai.js';
import type { Translator } from './translator.js';

type Factory = (config: TranslatorConfig) => Translator;

const FACTORIES = new Map<string, Factory>([
  ['apertium', (config) => new ApertiumTranslator(config.apertium)],
  ['deepl', (config) => new DeepLTranslator(config.deepl, config.env)],
  ['openai', (config) => new OpenAITranslator(config.openai, config.env)],
  ['libretranslate', (config) => new LibreTranslateTranslator(config.libretranslate, config.env)],
]);

/**
 * `spec` is one id ("deepl") or a failover chain ("deepl,apertium"). Its
 * identity is `identityOf(spec, config)`, computed by the same resolvers
 * without constructing anything.
 */
export function createTranslator(spec = 'apertium', config: TranslatorConfig = {}): Translator {
  const translators = translatorIds(spec).map((id) => FACTORIES.get(id)!(config));
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
  TranslatorIdentity,
} from './translator.js';
export { ApertiumTranslator } from './apertium.js';
export { ApertiumAnalyser, frenchAnalyser } from './apertium-analyser.js';
export { Budget, billableCharacters, countCharacters, metered } from './budget.js';
export { identityOf, membersOf, TRANSLATOR_IDS, type TranslatorConfig } from './identity.js';
export { DeepLTranslator, type DeepLConfig } from './deepl.js';
export { FailoverTranslator } from './failover.js';
export { LibreTranslateTranslator, type LibreTranslateConfig } from './libretranslate.js';
export { OpenAITranslator, type OpenAIConfig } from './openai.js';
export { DEFAULT_POLICY, type ResiliencePolicy } from './resilience.js';
