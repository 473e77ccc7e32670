// A run's settings, resolved once: every command turns its options and the
// environment into these typed values here, and passes them on. The translator
// is one specification (engine chain, pivot, fixes) from which its
// configuration, identity and engine are all derived, so batch, the queue's
// workers, align and the review's "ask another engine" get the same engine for
// the same options. The glossary is loaded by one function, and a missing
// default folder means the same everywhere: a notice and an empty glossary.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import { isUiLang, uiLangs, type UiLang } from '../core/i18n.js';
import type { FixPolicy, GlossarySource, TranslatorSource, TranslatorSpec } from '../batch/index.js';

export type { TranslatorSpec };
import type { Glossary } from '../glossary/index.js';
import { identityOf, type TranslatorConfig } from '../translate/index.js';

export const DEFAULT_GLOSSARY = 'glossary';

/** The id under which `--fix` names Apertium's own repair of pivot-language leftovers. */
const PIVOT_REPAIR = 'pivot-language-word';

export async function translatorSpecFrom(options: { translator: string; pivot: string; fix?: boolean | string }): Promise<TranslatorSpec> {
  const fix = await fixPolicy(options.fix);
  return { chain: options.translator, pivot: options.pivot, ...(fix !== undefined ? { fix } : {}) };
}

async function fixPolicy(option: boolean | string | undefined): Promise<FixPolicy | false | undefined> {
  if (option === undefined) return undefined;
  if (option === false) return false;
  if (option === true) return {};
  const { fixableRules } = await import('../check/index.js');
  const known = [...fixableRules(), PIVOT_REPAIR];
  const rules = option.split(',').map((id) => id.trim()).filter(Boolean);
  const unknown = rules.find((id) => !known.includes(id));
  if (unknown !== undefined) throw new ConfigError(`--fix: no fix for rule '${unknown}'`, { hint: `rules with a fix: ${known.join(', ')}` });
  return { rules };
}

function pivotRepair(fix: FixPolicy | false | undefined): boolean {
  return fix === undefined || (fix !== false && (fix.rules === undefined || fix.rules.includes(PIVOT_REPAIR)));
}

/** The engines' configuration for a specification (keys and URLs come from the environment). */
export function translatorConfigOf(spec: TranslatorSpec): TranslatorConfig {
  return { apertium: { pivot: spec.pivot, repairPivot: pivotRepair(spec.fix) } };
}

/**
 * The translator's identity now, from the engines' descriptors (a warm run
 * loads no client and needs no key); the translator itself, built from the
 * same configuration, only when something needs translating.
 */
export function translatorSourceOf(spec: TranslatorSpec): TranslatorSource {
  const config = translatorConfigOf(spec);
  return {
    identity: identityOf(spec.chain, config),
    create: async () => (await import('../translate/index.js')).createTranslator(spec.chain, config),
  };
}

const NO_GLOSSARY: Glossary = { entries: [], version: 'none', files: [] };

/** No `glossary/` folder where the default is looked for: said once, and the run goes on without one. */
async function missingDefault(location: string, doing: string): Promise<boolean> {
  if (location !== DEFAULT_GLOSSARY || (await stat(location).then(() => true, () => false))) return false;
  process.stderr.write(`diptych: no ${DEFAULT_GLOSSARY}/ folder here; ${doing} without a glossary\n`);
  return true;
}

/** The glossary, loaded (and checked) before anything is translated, so a broken one costs nothing; loaded once however often it is asked for. */
export async function glossarySource(location: string, doing = 'translating'): Promise<Glossary | GlossarySource> {
  if (await missingDefault(location, doing)) return NO_GLOSSARY;
  return glossaryOnDemand(location);
}

/** The glossary at `location`, loaded on first use. */
export function glossaryOnDemand(location: string): GlossarySource {
  let loading: Promise<Glossary> | undefined;
  return { location, load: () => (loading ??= import('../glossary/index.js').then(({ loadGlossary }) => loadGlossary(location))) };
}

/** The glossary itself, for the commands that need it at once. */
export async function loadGlossaryAt(location: string, doing = 'translating'): Promise<Glossary> {
  const source = await glossarySource(location, doing);
  return 'load' in source ? source.load() : source;
}

export function wholeNumber(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be a whole number ≥ ${min}, not '${value}'`);
  return n;
}

export function uiLangFrom(value: string): UiLang {
  if (!isUiLang(value)) throw new ConfigError(`unknown --ui-lang '${value}'`, { hint: `use one of: ${uiLangs.join(', ')}` });
  return value;
}

/** The options `translate` and `batch` share, as commander gives them. */
export interface RunOptionValues {
  out: string;
  translator: string;
  glossary: string;
  pivot: string;
  uiLang: string;
  concurrency: string;
  cache?: string;
  budget?: string;
  price?: string;
  fix?: boolean | string;
}

/** One run of `translate` or `batch`, every option checked. */
export interface RunSettings {
  out: string;
  translator: TranslatorSpec;
  /** Where the glossary is; loaded through `glossarySource`. */
  glossary: string;
  uiLang: UiLang;
  concurrency: number;
  cache?: string;
  budget?: number;
  price?: number;
}

export async function resolveRunSettings(options: RunOptionValues): Promise<RunSettings> {
  const uiLang = uiLangFrom(options.uiLang);
  const concurrency = wholeNumber('--concurrency', options.concurrency, 1);
  const budget = options.budget === undefined ? undefined : wholeNumber('--budget', options.budget, 0);
  const price = options.price === undefined ? undefined : Number(options.price);
  if (price !== undefined && !(Number.isFinite(price) && price >= 0)) throw new ConfigError(`--price must be a number ≥ 0, not '${options.price}'`, { hint: 'e.g. --price 25 (per million characters)' });
  return {
    out: options.out,
    translator: await translatorSpecFrom(options),
    glossary: options.glossary,
    uiLang,
    concurrency,
    ...(options.cache !== undefined ? { cache: options.cache } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(price !== undefined ? { price } : {}),
  };
}

/** The database a worker or `cache import/export` talks to: `--queue <url>`, or `DIPTYCH_QUEUE_URL` (also alone, without `--queue`). */
export async function databaseUrlFrom(option: string | boolean | undefined, missing: string): Promise<string> {
  const { queueUrlFrom } = await import('../batch/queue/queue-url.js');
  const url = queueUrlFrom(option, { envAlone: true });
  if (!url) throw new ConfigError(missing, { hint: 'give --queue postgres://user@host/db or set DIPTYCH_QUEUE_URL' });
  return url;
}

/** The store of record's database: `--db`, else `DIPTYCH_DB`, else none (the output folder's embedded store). */
export function storeDatabaseFrom(db: string | undefined): string | undefined {
  return db ?? (process.env.DIPTYCH_DB || undefined);
}

/** Where the translation cache and memory are: `--cache`, else the output folder's state folder. */
export async function stateDirOf(out: string, cache: string | undefined): Promise<string> {
  if (cache !== undefined) return cache;
  const { STATE_DIR } = await import('../store/index.js');
  return path.join(out, STATE_DIR);
}
