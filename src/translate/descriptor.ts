// What an engine file exports: one descriptor. The registry (registry.ts) is
// a list of them, so adding an engine is one new file and one line there.
// `identity` says what the engine's output depends on from its settings and
// the environment alone — the batch run key is computed from it on every run,
// warm ones included, so it must neither construct the engine nor fail for a
// missing key. `create` builds the engine; heavy clients (deepl-node) are
// loaded on the first request, never when the descriptor is imported.

import type { Translator, TranslatorIdentity } from './translator.js';

export type Env = Record<string, string | undefined>;

export interface EngineDescriptor<Id extends string = string, Config = unknown> {
  readonly id: Id;
  identity(config: Config | undefined, env: Env): TranslatorIdentity;
  create(config: Config | undefined, env: Env): Translator;
}

/** Keeps the descriptor's id a literal type, so the registry can name each engine's settings. */
export function defineEngine<Id extends string, Config>(descriptor: EngineDescriptor<Id, Config>): EngineDescriptor<Id, Config> {
  return descriptor;
}
