// The translate stage: one interface (translator.ts), one file per engine in
// engines/ (each exporting a descriptor), the transport pieces they share in
// transport/, and the registry that turns `--translator deepl,apertium` into a
// Translator.

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
export type { EngineDescriptor } from './descriptor.js';
export { createTranslator, ENGINES, identityOf, TRANSLATOR_IDS, type TranslatorConfig } from './registry.js';
export { membersOf } from './identity.js';
export { ApertiumTranslator } from './engines/apertium.js';
export { ApertiumAnalyser, frenchAnalyser } from './engines/apertium-analyser.js';
export { Budget, billableCharacters, countCharacters, metered } from './transport/budget.js';
export { DeepLTranslator, type DeepLConfig } from './engines/deepl.js';
export { FailoverTranslator } from './failover.js';
export { LibreTranslateTranslator, type LibreTranslateConfig } from './engines/libretranslate.js';
export { OpenAITranslator, type OpenAIConfig } from './engines/openai.js';
export { DEFAULT_POLICY, type ResiliencePolicy } from './transport/resilience.js';
