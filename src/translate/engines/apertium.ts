// The offline default: Apertium from Debian packages, French → pivot → English.
// Apertium has no French→English pair, so text goes through a pivot language
// (Spanish by default): two language pairs in one pipe. Units are sent in
// batches, separated so that Apertium closes the sentence between them and
// transfer rules never move words from one unit into the next. Units with
// inline markup go through Apertium's HTML mode, whose word-bound blanks carry
// inline elements along with their words when transfer reorders them.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { TranslatorError, TranslatorUnavailableError } from '../../core/errors.js';
import type { AppliedFix } from '../../core/types.js';
import { planBatches } from '../transport/batches.js';
import { defineEngine } from '../descriptor.js';
import { spanishAnalyser } from './apertium-analyser.js';
import { findPivotLeftovers, repairPivotLeftovers, type PivotLeftover, type PivotLemmas } from './apertium-pivot-repair.js';
import type { TranslateOptions, TranslatedUnit, TranslationUnit, Translator, TranslatorCapabilities, TranslatorIdentity } from '../translator.js';

/** Apertium modes for French → pivot and pivot → English, with the Debian packages that provide them. */
export const PIVOTS = new Map<string, { modes: [string, string]; packages: [string, string] }>([
  ['es', { modes: ['fr-es', 'spa-eng'], packages: ['apertium-fr-es', 'apertium-eng-spa'] }],
  ['ca', { modes: ['fra-cat', 'cat-eng'], packages: ['apertium-fra-cat', 'apertium-eng-cat'] }],
  ['eo', { modes: ['fr-eo', 'eo-en'], packages: ['apertium-eo-fr', 'apertium-eo-en'] }],
]);

/**
 * `repairPivot` (default true): repair words of the pivot language the second
 * step did not know: a glued Spanish compound ("hadeclarado") is split and
 * translated again; any other leftover falls back to the French word it stands
 * for, marked unknown. Each repair is reported in the unit's `fixes`.
 * `concurrency`: pipelines run at once; each is a handful of processes.
 */
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

export type ApertiumOptions = ApertiumSettings;

export function apertiumIdentity(settings: ApertiumSettings = {}): TranslatorIdentity {
  const pivot = settings.pivot ?? 'es';
  // Repaired output differs from the engine's own: cached apart from it.
  return { engine: 'apertium', model: `fr-${pivot}-en`, settings: settings.repairPivot ?? true ? { pivotRepair: '1' } : {} };
}

/** Offline, from Debian packages: no key, no server. */
export const apertiumEngine = defineEngine({
  id: 'apertium',
  identity: (settings: ApertiumSettings | undefined) => apertiumIdentity(settings),
  create: (settings: ApertiumSettings | undefined) => new ApertiumTranslator(settings),
});

const TOKEN = 'Zqx';

// Unknown (*), generation (#) and transfer (@) marks stand glued to the word they mark.
const MARKED_WORD = /[*#@]+([\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*)/gu;

export class ApertiumTranslator implements Translator {
  readonly id = 'apertium';
  readonly model: string;
  readonly capabilities: TranslatorCapabilities = {
    nativeGlossary: false,
    context: false,
    // One batch per pipeline call; large batches amortise Apertium's start-up.
    maxItems: 5000,
    maxBytes: 1 << 20,
  };
  private readonly modes: [string, string];
  private readonly packages: [string, string];
  private readonly command: string;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly pivot: string;
  private readonly repairPivot: boolean;
  readonly identity: TranslatorIdentity;
  private ready?: Promise<void>;

  constructor(options: ApertiumOptions = {}) {
    const pivot = options.pivot ?? 'es';
    const route = PIVOTS.get(pivot);
    if (!route) {
      throw new TranslatorError(`unknown Apertium pivot '${pivot}'`, { hint: `use one of: ${[...PIVOTS.keys()].join(', ')}` });
    }
    this.modes = route.modes;
    this.packages = route.packages;
    this.model = `fr-${pivot}-en`;
    this.command = options.command ?? 'apertium';
    this.limit = pLimit(options.concurrency ?? 2);
    this.pivot = pivot;
    this.repairPivot = options.repairPivot ?? true;
    this.identity = apertiumIdentity(options);
  }

  placeholder(n: number): string {
    // Apertium treats an unknown capitalised word as a proper noun and passes it through.
    return `${TOKEN}${n}`;
  }

  async translate(units: TranslationUnit[], options?: TranslateOptions): Promise<TranslatedUnit[]> {
    if (units.length === 0) return [];
    await (this.ready ??= this.checkInstalled());
    const results: TranslatedUnit[] = [];
    for (const batch of planBatches(units, this.capabilities)) {
      results.push(...(await this.limit(() => this.translateBatch(batch, options?.signal))));
    }
    return results;
  }

  private async translateBatch(units: TranslationUnit[], signal?: AbortSignal): Promise<TranslatedUnit[]> {
    // Most sentences carry no inline elements: those go through the faster
    // plain-text mode as text; only the others need the HTML mode.
    const plain: TranslationUnit[] = [];
    const markup: TranslationUnit[] = [];
    for (const unit of units) {
      const text = fragmentToText(unit.text);
      if (text === undefined) markup.push(unit);
      else plain.push({ ...unit, text });
    }
    const [fromPlain, fromMarkup] = await Promise.all([
      plain.length > 0 ? this.translateGroup(plain, 'txt', signal) : [],
      markup.length > 0 ? this.translateGroup(markup, 'html', signal) : [],
    ]);
    const done = new Map<string, TranslatedUnit>();
    for (const unit of fromPlain) done.set(unit.id, { ...unit, text: textToFragment(unit.text) });
    for (const unit of fromMarkup) done.set(unit.id, unit);
    return units.map((unit) => done.get(unit.id)!);
  }

  private async translateGroup(units: TranslationUnit[], format: 'txt' | 'html', signal?: AbortSignal): Promise<TranslatedUnit[]> {
    const sources = units.map((unit) => oneLine(unit.text));
    // txt: a blank line between units makes Apertium close the sentence; html: one <p> per line does.
    const input = format === 'txt' ? sources.join('\n\n') : sources.map((text) => `<p>${text}</p>`).join('\n');
    const output = (await this.run(format, input + '\n', signal)).replace(/\n+$/, '');
    const parts = format === 'txt' ? output.split('\n\n') : output.split('\n').map((line) => line.replace(/^\s*<p>|<\/p>\s*$/g, ''));
    if (parts.length !== units.length) {
      // Apertium merged or split a unit; halve the batch until alignment holds, never shift.
      if (units.length === 1) throw new TranslatorError(`Apertium returned ${parts.length} texts for 1`, { retryable: false });
      const middle = Math.ceil(units.length / 2);
      return [
        ...(await this.translateGroup(units.slice(0, middle), format, signal)),
        ...(await this.translateGroup(units.slice(middle), format, signal)),
      ];
    }
    const leftovers = this.repairPivot ? parts.map((part) => findPivotLeftovers(part, this.pivot)) : [];
    const repaired = leftovers.some((found) => found.length > 0) ? await this.repairLeftovers(parts, sources, leftovers, signal) : undefined;
    return units.map((unit, i) => {
      const unknown = new Set<string>();
      const output = repaired?.[i]?.text ?? parts[i]!;
      const text = removeMarks(output, sources[i]!, unknown).replace(/ {2,}/g, ' ').trim();
      for (const word of generatedWords(output)) unknown.delete(word);
      for (const word of repaired?.[i]?.unknown ?? []) unknown.add(word);
      const fixes = repaired?.[i]?.fixes ?? [];
      return { id: unit.id, text, unknownWords: [...unknown], ...(fixes.length > 0 ? { fixes } : {}) };
    });
  }

  /**
   * Glued compounds translated again by the second step alone; for other
   * leftovers, the French word they come from, found by sending the
   * sentence's words one by one through the first step (one call each for
   * the whole group, only when something is left over).
   */
  private async repairLeftovers(
    parts: string[],
    sources: string[],
    leftovers: PivotLeftover[][],
    signal?: AbortSignal,
  ): Promise<Array<{ text: string; unknown: string[]; fixes: AppliedFix[] }>> {
    const phrases = [...new Set(leftovers.flat().flatMap((leftover) => (leftover.split ? [leftover.split.join(' ')] : [])))];
    const english = await this.eachThrough(phrases, [this.modes[1]], signal);
    const frenchWords = [...new Set(sources.flatMap((source, i) => (leftovers[i]?.some((leftover) => !leftover.split) ? wordsOf(source) : [])))];
    const pivotOf = await this.eachThrough(frenchWords, [this.modes[0]], signal);
    const lemmas = await this.pivotLemmas([...leftovers.flat().map((leftover) => leftover.word), ...[...pivotOf.values()].flatMap((text) => text.split(/\s+/u))]);
    return parts.map((part, i) => repairPivotLeftovers(part, sources[i]!, leftovers[i] ?? [], english, pivotOf, lemmas));
  }

  /** Lemmas of pivot-language words by Apertium's analyser of the pivot (Spanish only), in one request. */
  private async pivotLemmas(words: string[]): Promise<PivotLemmas> {
    const lemmas: PivotLemmas = new Map();
    if (this.pivot !== 'es') return lemmas;
    const unique = [...new Set(words.map((word) => word.replace(/[*#@.,;:!?()«»"“”]/gu, '').toLowerCase()).filter((word) => /\p{L}/u.test(word)))];
    const analysed = await spanishAnalyser().analyse(unique);
    unique.forEach((word, i) => {
      // One word, or the lemma would be a part's ("Mont" of "Mont-Blanc").
      const found = analysed[i]?.length === 1 ? analysed[i]![0]! : undefined;
      const readings = found?.readings ?? [];
      if (readings.length > 0) lemmas.set(word, [...new Set(readings.map((reading) => `${reading.lemma.toLowerCase()}<${reading.tags[0] ?? ''}>`))]);
    });
    return lemmas;
  }

  /** Each text through `modes` on its own (a blank line between them), as a map from text to output. */
  private async eachThrough(texts: string[], modes: string[], signal?: AbortSignal): Promise<Map<string, string>> {
    const done = new Map<string, string>();
    if (texts.length === 0) return done;
    const output = (await this.run('txt', texts.join('\n\n') + '\n', signal, modes)).replace(/\n+$/, '').split('\n\n');
    // A text Apertium split or merged would shift the rest: then none is trusted.
    if (output.length === texts.length) texts.forEach((text, i) => done.set(text, output[i]!.trim()));
    return done;
  }

  private async run(format: 'txt' | 'html', input: string, signal?: AbortSignal, modes: string[] = this.modes): Promise<string> {
    // The input goes through a file: the apertium script reads /dev/stdin, which
    // cannot be opened when stdin is the socket Node's child_process provides.
    // Both language pairs run as one shell pipe, as `apertium fr-es | apertium spa-eng`
    // would, so the second starts on the first one's output while it is still working.
    const dir = await mkdtemp(path.join(tmpdir(), 'diptych-apertium-'));
    const inputFile = path.join(dir, `input.${format}`);
    const [first, second] = modes as [string, string?];
    try {
      await writeFile(inputFile, input, 'utf8');
      return await new Promise<string>((resolve, reject) => {
        const script = second === undefined ? '"$0" -f "$1" "$2" "$3"' : '"$0" -f "$1" "$2" "$4" | "$0" -f "$1" "$3"';
        const args = second === undefined ? [first, inputFile] : [first, second, inputFile];
        const child = spawn('bash', ['-o', 'pipefail', '-c', script, this.command, format, ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
          ...(signal ? { signal } : {}),
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        child.on('error', (error) => reject(this.unavailable(error)));
        child.on('close', (code) => {
          if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
          else reject(new TranslatorError(`Apertium (${modes.join(' | ')}) exited with code ${code}: ${Buffer.concat(err).toString('utf8').trim().split('\n')[0] ?? ''}`));
        });
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async checkInstalled(): Promise<void> {
    const listed = await new Promise<string>((resolve, reject) => {
      const child = spawn(this.command, ['-l'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.on('error', (error) => reject(this.unavailable(error)));
      child.on('close', () => resolve(Buffer.concat(out).toString('utf8')));
    });
    const installed = new Set(listed.split(/\s+/).filter(Boolean));
    const missing = this.modes.map((mode, i) => [mode, this.packages[i]!] as const).filter(([mode]) => !installed.has(mode));
    if (missing.length > 0) {
      throw new TranslatorUnavailableError(`Apertium language data for ${missing.map(([mode]) => mode).join(', ')} is not installed`, {
        hint: `run \`npm run setup\` or \`sudo apt-get install ${missing.map(([, pkg]) => pkg).join(' ')}\``,
      });
    }
  }

  private unavailable(error: Error): Error {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return new TranslatorUnavailableError(`Apertium is not installed ('${this.command}' not found)`, {
        hint: `run \`npm run setup\` or \`sudo apt-get install apertium ${this.packages.join(' ')}\``,
        cause: error,
      });
    }
    if (error.name === 'AbortError') return error;
    return new TranslatorError(`Apertium could not be started: ${error.message}`, { cause: error });
  }
}

const REFERENCES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** A fragment without elements as plain text, or undefined when it has elements (or references we do not decode). */
function fragmentToText(fragment: string): string | undefined {
  if (fragment.includes('<')) return undefined;
  let unknown = false;
  const text = fragment.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (match, name: string) => {
    if (name.startsWith('#')) return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    const char = REFERENCES[name];
    if (char === undefined) unknown = true;
    return char ?? match;
  });
  return unknown ? undefined : text;
}

function textToFragment(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The words of a French sentence (three letters or more), and its hyphenated compounds whole ("nord-est"). */
function wordsOf(text: string): string[] {
  return [...(text.match(/\p{L}[\p{L}\p{M}]{2,}/gu) ?? []), ...(text.match(/\p{L}[\p{L}\p{M}]*(?:-\p{L}[\p{L}\p{M}]*)+/gu) ?? [])];
}

function oneLine(text: string): string {
  // A newline inside a unit would read as a unit boundary.
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Strip Apertium's marks, recording the marked words. Both language pairs mark
 * a word they do not know, so a word may carry two marks ("**Idlib"); marks the
 * source itself had before that word ("*Zorglub" in a note) are kept.
 */
function removeMarks(text: string, source: string, unknown: Set<string>): string {
  // The source's own marks are looked up by plain search, once per distinct
  // word: a pattern built from the word failed on very long words (a 150,000-
  // letter word is "too large" for a RegExp) and cost a compile per word.
  const ownMarks = new Map<string, string>();
  return text.replace(MARKED_WORD, (match, word: string) => {
    let own = ownMarks.get(word);
    if (own === undefined) {
      own = marksBefore(source, source.indexOf(word));
      ownMarks.set(word, own);
    }
    if (match.length - word.length > own.length && !word.startsWith(TOKEN)) unknown.add(word);
    return own + word;
  });
}

/** The run of Apertium marks (*, #, @) right before `at` in `text` ('' when `at` is -1). */
function marksBefore(text: string, at: number): string {
  let start = at;
  while (start > 0 && '*#@'.includes(text[start - 1]!)) start--;
  return at < 0 ? '' : text.slice(start, at);
}

/**
 * Words the English generator marked with # alone ("#so many", "#have"): it
 * had the English lemma but not the form asked for. They are English, not
 * words it did not know, so they are not reported unknown (the check would
 * take a marked "so" or "set" for Spanish).
 */
function generatedWords(text: string): Set<string> {
  const generated = new Set<string>();
  for (const m of text.matchAll(/(?<![*#@\p{L}\p{N}])#(?![*#@])([\p{L}][\p{L}\p{M}'’_-]*)/gu)) generated.add(m[1]!);
  // A word also marked unknown elsewhere in the text stays unknown.
  for (const m of text.matchAll(/[*@][*#@]*([\p{L}][\p{L}\p{M}'’_-]*)/gu)) generated.delete(m[1]!);
  return generated;
}
