// The engines diptych knows, as a list of descriptors: turning
// `--translator deepl,apertium` into an identity (without constructing
// anything) or into a Translator happens here and nowhere else. Adding an
// engine is one file in engines/ and one line in ENGINES.

import { ConfigError } from '../core/errors.js';
import type { EngineDescriptor, Env } from './descriptor.js';
import { apertiumEngine } from './engines/apertium.js';
import { deeplEngine } from './engines/deepl.js';
import { libretranslateEngine } from './engines/libretranslate.js';
import { openaiEngine } from './engines/openai.js';
import { FailoverTranslator } from './failover.js';
import { chainIdentity } from './identity.js';
import type { Translator, TranslatorIdentity } from './translator.js';

export const ENGINES = [apertiumEngine, deeplEngine, openaiEngine, libretranslateEngine] as const;

type Engine = (typeof ENGINES)[number];
type ConfigOf<E> = E extends EngineDescriptor<string, infer Config> ? Config : never;

/** Each engine's settings under its id, and where keys and URLs are read from when they are left out (default `process.env`). */
export type TranslatorConfig = { [E in Engine as E['id']]?: ConfigOf<E> } & { env?: Env };

/** Translator ids accepted by `createTranslator` and `--translator`. */
export const TRANSLATOR_IDS: readonly string[] = ENGINES.map((engine) => engine.id);

const BY_ID = new Map<string, EngineDescriptor<string, unknown>>(ENGINES.map((engine) => [engine.id, engine as EngineDescriptor<string, unknown>]));

/** The engines of `spec`, one id ("deepl") or a failover chain ("deepl,apertium"), checked. */
function enginesOf(spec: string): EngineDescriptor<string, unknown>[] {
  const ids = spec.split(',').map((id) => id.trim().toLowerCase());
  if (ids.some((id) => id === '')) {
    throw new ConfigError(`translator '${spec}' has an empty name`, { hint: `use one of: ${TRANSLATOR_IDS.join(', ')}, or a comma-separated chain` });
  }
  const unknown = ids.find((id) => !BY_ID.has(id));
  if (unknown !== undefined) throw new ConfigError(`unknown translator '${unknown}' — use one of: ${TRANSLATOR_IDS.join(', ')}`);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new ConfigError(`translator '${repeated}' appears twice in '${spec}'`);
  return ids.map((id) => BY_ID.get(id)!);
}

const settingsFor = (engine: EngineDescriptor<string, unknown>, config: TranslatorConfig): unknown =>
  (config as Record<string, unknown>)[engine.id];

/** The identity `createTranslator(spec, config)` would have, without constructing (or loading) any engine. */
export function identityOf(spec = 'apertium', config: TranslatorConfig = {}): TranslatorIdentity {
  const env = config.env ?? process.env;
  const members = enginesOf(spec).map((engine) => engine.identity(settingsFor(engine, config), env));
  return members.length === 1 ? members[0]! : chainIdentity(members);
}

/** `spec` is one id ("deepl") or a failover chain ("deepl,apertium"); its identity is `identityOf(spec, config)`. */
export function createTranslator(spec = 'apertium', config: TranslatorConfig = {}): Translator {
  const env = config.env ?? process.env;
  const translators = enginesOf(spec).map((engine) => engine.create(settingsFor(engine, config), env));
  return translators.length === 1 ? translators[0]! : new FailoverTranslator(translators);
}
