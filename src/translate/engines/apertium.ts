// The offline default: Apertium from Debian packages, French → pivot → English.
// Apertium has no French→English pair, so text goes through a pivot language
// (Spanish by default): two language pairs in one pipe. Units are sent in
// batches, separated so that Apertium closes the sentence between them and
// transfer rules never move words from one unit into the next. Units with
// inline markup go through Apertium's HTML mode, whose word-bound blanks carry
// inline elements along with their words when transfer reorders them. Each
// language pair runs once per run and format (apertium-pipe.ts), and every
// batch and repair goes through those same processes.

import { existsSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { TranslatorError, TranslatorUnavailableError } from '../../core/errors.js';
import type { AppliedFix } from '../../core/types.js';
import { planBatches } from '../transport/batches.js';
import { defineEngine } from '../descriptor.js';
import { spanishAnalyser } from './apertium-analyser.js';
import { ApertiumPipe, apertiumDataDir, type ApertiumFormat } from './apertium-pipe.js';
import { fallbackCandidates, findPivotLeftovers, repairPivotLeftovers, type PivotLeftover, type PivotLemmas } from './apertium-pivot-repair.js';
import type { TranslateOptions, TranslatedUnit, TranslationUnit, Translator, TranslatorCapabilities, TranslatorIdentity } from '../translator.js';
import { allMatches } from '../../core/matches.js';

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
 * `concurrency`: batches in flight at once; they share the running pipelines,
 * one per language pair and format, which answer their chunks in turn.
 */
export interface ApertiumSettings {
  /** Pivot language: es (default), ca or eo. */
  pivot?: string;
  /** Apertium's data folder, holding modes/<pair>.mode (default $APERTIUM_DATADIR or /usr/share/apertium). */
  dataDir?: string;
  /** Batches in flight at once (does not change the output). */
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

/** A unit's Apertium output with its marks, beside the one-line source it came from. */
interface RawOutput {
  id: string;
  source: string;
  part: string;
}

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
  private readonly dataDir: string;
  /** One running pipeline per language pair and format, for the translator's whole life. */
  private readonly pipes = new Map<string, ApertiumPipe>();
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly pivot: string;
  private readonly repairPivot: boolean;
  readonly identity: TranslatorIdentity;
  private ready?: Promise<void>;
  /** Batches whose main pass is running, and those whose output waits for the shared repair call. */
  private inMainPass = 0;
  private readonly waitingRepair: Array<{ raw: RawOutput[]; leftovers: PivotLeftover[][]; signal?: AbortSignal | undefined; resolve: (units: TranslatedUnit[]) => void; reject: (error: unknown) => void }> = [];

  constructor(options: ApertiumOptions = {}) {
    const pivot = options.pivot ?? 'es';
    const route = PIVOTS.get(pivot);
    if (!route) {
      throw new TranslatorError(`unknown Apertium pivot '${pivot}'`, { hint: `use one of: ${[...PIVOTS.keys()].join(', ')}` });
    }
    this.modes = route.modes;
    this.packages = route.packages;
    this.model = `fr-${pivot}-en`;
    this.dataDir = options.dataDir ?? apertiumDataDir();
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

  /**
   * Both language pairs' plain-text pipelines started now: loading their data
   * takes about 0.1 s each, which then overlaps the preparation of the first
   * chunk instead of delaying its translation. Idle, they keep nothing alive.
   */
  warmUp(): void {
    (this.ready ??= this.checkInstalled()).then(
      () => {
        for (const mode of this.modes) this.pipe(mode, 'txt').start();
      },
      () => undefined,
    );
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
    this.inMainPass++;
    let fromPlain: RawOutput[];
    let fromMarkup: RawOutput[];
    try {
      [fromPlain, fromMarkup] = await Promise.all([
        plain.length > 0 ? this.translateGroup(plain, 'txt', signal) : [],
        markup.length > 0 ? this.translateGroup(markup, 'html', signal) : [],
      ]);
    } catch (error) {
      // Batches waiting for this one's main pass go ahead without it.
      this.inMainPass--;
      this.repairWhenIdle();
      throw error;
    }
    this.inMainPass--;
    const raw = [...fromPlain, ...fromMarkup];
    const leftovers = this.repairPivot ? raw.map((unit) => findPivotLeftovers(unit.part, this.pivot)) : [];
    // Only a batch with something to repair waits for the others' main pass.
    const finished = leftovers.some((found) => found.length > 0)
      ? new Promise<TranslatedUnit[]>((resolve, reject) => this.waitingRepair.push({ raw, leftovers, signal, resolve, reject }))
      : this.finish(raw, [], signal);
    this.repairWhenIdle();
    const done = new Map<string, TranslatedUnit>();
    (await finished).forEach((unit, i) => done.set(unit.id, i < fromPlain.length ? { ...unit, text: textToFragment(unit.text) } : unit));
    return units.map((unit) => done.get(unit.id)!);
  }

  /**
   * The repairs of every batch whose main pass is over, sent together once no
   * main pass is running: batches in flight at once (the plain and markup
   * groups, concurrent translate() calls) share one repair call per language
   * pair, so its start-up is paid once, not once per batch. The price: a batch
   * with leftovers is answered when the main passes beside it are over.
   */
  private repairWhenIdle(): void {
    if (this.inMainPass > 0 || this.waitingRepair.length === 0) return;
    const waiting = this.waitingRepair.splice(0);
    const signals = waiting.flatMap((batch) => (batch.signal ? [batch.signal] : []));
    const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    this.finish(
      waiting.flatMap((batch) => batch.raw),
      waiting.flatMap((batch) => batch.leftovers),
      signal,
    ).then(
      (finished) => {
        let at = 0;
        for (const batch of waiting) {
          batch.resolve(finished.slice(at, at + batch.raw.length));
          at += batch.raw.length;
        }
      },
      (error: unknown) => {
        for (const batch of waiting) batch.reject(error);
      },
    );
  }

  /** Each unit's Apertium output, marks still in, aligned with the units. */
  private async translateGroup(units: TranslationUnit[], format: 'txt' | 'html', signal?: AbortSignal): Promise<RawOutput[]> {
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
    return units.map((unit, i) => ({ id: unit.id, source: sources[i]!, part: parts[i]! }));
  }

  /** Pivot leftovers repaired, marks removed and recorded as unknown words. */
  private async finish(raw: RawOutput[], leftovers: PivotLeftover[][], signal?: AbortSignal): Promise<TranslatedUnit[]> {
    const parts = raw.map((unit) => unit.part);
    const sources = raw.map((unit) => unit.source);
    const repaired = leftovers.some((found) => found.length > 0) ? await this.repairLeftovers(parts, sources, leftovers, signal) : undefined;
    return raw.map((unit, i) => {
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
   * leftovers, the French word they come from, found by sending words of the
   * sentence one by one through the first step. Only the words a repair can
   * pick are sent (those the English does not already hold), and both calls
   * run at once, each once for the whole batch.
   */
  private async repairLeftovers(
    parts: string[],
    sources: string[],
    leftovers: PivotLeftover[][],
    signal?: AbortSignal,
  ): Promise<Array<{ text: string; unknown: string[]; fixes: AppliedFix[] }>> {
    const phrases = [...new Set(leftovers.flat().flatMap((leftover) => (leftover.split ? [leftover.split.join(' ')] : [])))];
    const frenchWords = [
      ...new Set(
        sources.flatMap((source, i) => {
          if (!leftovers[i]?.some((leftover) => !leftover.split)) return [];
          const candidates = new Set(fallbackCandidates(parts[i]!, source));
          return wordsOf(source).filter((word) => candidates.has(word));
        }),
      ),
    ];
    const [english, pivotOf] = await Promise.all([this.eachThrough(phrases, [this.modes[1]], signal), this.eachThrough(frenchWords, [this.modes[0]], signal)]);
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

  /**
   * `input` through `modes` one after the other, each pair's output handed to
   * the next by Node (the pivot text passes here), as `apertium -f <format>
   * fr-es | apertium -f <format> spa-eng` would give it for this input alone.
   */
  private async run(format: ApertiumFormat, input: string, signal?: AbortSignal, modes: string[] = this.modes): Promise<string> {
    // The later steps' pipelines start now, beside the first step: loading their pair's data is then
    // done by the time the first chunk's pivot text reaches them, not after.
    for (const mode of modes.slice(1)) this.pipe(mode, format).start();
    let text = input;
    for (const mode of modes) text = await this.pipe(mode, format).translate(text, signal);
    return text;
  }

  private pipe(mode: string, format: ApertiumFormat): ApertiumPipe {
    const key = `${mode} ${format}`;
    let pipe = this.pipes.get(key);
    if (!pipe) this.pipes.set(key, (pipe = new ApertiumPipe(mode, format, this.dataDir)));
    return pipe;
  }

  /** End the running pipelines and wait for them (they also end when Node exits, but unwaited). */
  async close(): Promise<void> {
    const pipes = [...this.pipes.values()];
    this.pipes.clear();
    await Promise.all(pipes.map((pipe) => pipe.close()));
  }

  private checkInstalled(): Promise<void> {
    // What `apertium -l` lists: the mode files of the data folder; and the tool that reads them.
    const modes = path.join(this.dataDir, 'modes');
    const tool = 'apertium-wblank-mode';
    const onPath = (process.env['PATH'] ?? '').split(path.delimiter).some((folder) => folder !== '' && existsSync(path.join(folder, tool)));
    if (!existsSync(modes) || !onPath) {
      return Promise.reject(
        new TranslatorUnavailableError(`Apertium is not installed (${onPath ? `no language data in ${modes}` : `'${tool}' not found`})`, {
          hint: `run \`npm run setup\` or \`sudo apt-get install apertium ${this.packages.join(' ')}\``,
        }),
      );
    }
    const missing = this.modes.map((mode, i) => [mode, this.packages[i]!] as const).filter(([mode]) => !existsSync(path.join(modes, `${mode}.mode`)));
    if (missing.length > 0) {
      return Promise.reject(
        new TranslatorUnavailableError(`Apertium language data for ${missing.map(([mode]) => mode).join(', ')} is not installed`, {
          hint: `run \`npm run setup\` or \`sudo apt-get install ${missing.map(([, pkg]) => pkg).join(' ')}\``,
        }),
      );
    }
    return Promise.resolve();
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
  for (const m of allMatches(text, GENERATED)) generated.add(m[1]!);
  // A word also marked unknown elsewhere in the text stays unknown.
  for (const m of allMatches(text, UNKNOWN_MARKED)) generated.delete(m[1]!);
  return generated;
}

const GENERATED = /(?<![*#@\p{L}\p{N}])#(?![*#@])([\p{L}][\p{L}\p{M}'’_-]*)/gu;
const UNKNOWN_MARKED = /[*@][*#@]*([\p{L}][\p{L}\p{M}'’_-]*)/gu;
