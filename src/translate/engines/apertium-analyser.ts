// French lemmas from Apertium's morphological analyser (lt-proc with the fr–es
// pair's analyser), for the glossary's lemma matching. One lt-proc process
// serves a whole run: it is started on the first request and kept in null-flush
// mode (-z), where each request is a chunk of text ended by NUL and answered
// the same way, so a batch of a thousand articles pays its start-up once. The
// process does not keep Node alive while idle; it ends with its stdin.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { TranslatorError } from '../../core/errors.js';
import type { AnalysedWord, MorphologicalAnalyser, Reading } from '../../core/morphology.js';
import { allMatches } from '../../core/matches.js';

export const FRENCH_ANALYSER = '/usr/share/apertium/apertium-fr-es/fr-es.automorf.bin';
/** The same pair's Spanish analyser: what the pivot repair compares Spanish leftovers by. */
export const SPANISH_ANALYSER = '/usr/share/apertium/apertium-fr-es/es-fr.automorf.bin';

export interface ApertiumAnalyserOptions {
  /** The compiled analyser; default the fr–es pair's French analyser. */
  dictionary?: string;
  command?: string;
}

// Texts of one request are separated by a blank line; a word never spans it.
const SEPARATOR = '\n\n';

export class ApertiumAnalyser implements MorphologicalAnalyser {
  private readonly dictionary: string;
  private readonly command: string;
  private child?: ChildProcessWithoutNullStreams;
  private unavailable = false;
  /** Requests run one after another: lt-proc answers in order, one chunk at a time. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: ApertiumAnalyserOptions = {}) {
    this.dictionary = options.dictionary ?? FRENCH_ANALYSER;
    this.command = options.command ?? 'lt-proc';
  }

  analyse(texts: readonly string[]): Promise<Array<AnalysedWord[] | undefined>> {
    const run = this.tail.then(() => this.request(texts));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The lt-proc process's id while it runs (for memory figures). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** End the process now (it also ends by itself with its stdin when Node exits). */
  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }

  private async request(texts: readonly string[]): Promise<Array<AnalysedWord[] | undefined>> {
    if (texts.length === 0) return [];
    const child = this.process();
    if (!child) return texts.map(() => undefined);
    // NUL ends a request; a newline inside a text would read as a separator.
    const clean = texts.map((text) => text.replace(/[\0\n\r]/gu, ' '));
    const joined = clean.join(SEPARATOR);
    const output = await this.exchange(child, escapeStream(joined) + '\0');
    return splitWords(parseStream(output, joined), clean);
  }

  private process(): ChildProcessWithoutNullStreams | undefined {
    if (this.unavailable) return undefined;
    if (this.child) return this.child;
    if (!existsSync(this.dictionary)) {
      // No French analyser installed (a machine with another engine only): names match as listed.
      this.unavailable = true;
      return undefined;
    }
    const child = spawn(this.command, ['-z', '-w', this.dictionary], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.on('error', () => {
      this.unavailable = true;
      this.child = undefined;
    });
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    idle(child);
    this.child = child;
    return child;
  }

  private exchange(child: ChildProcessWithoutNullStreams, input: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const errors: Buffer[] = [];
      const done = (error?: Error) => {
        child.stdout.off('data', onData);
        child.stderr.off('data', onError);
        child.off('close', onClose);
        child.off('error', onClose);
        idle(child);
        if (error) reject(error);
        else resolve(Buffer.concat(chunks).toString('utf8'));
      };
      const onData = (chunk: Buffer) => {
        const end = chunk.indexOf(0);
        if (end < 0) return void chunks.push(chunk);
        chunks.push(chunk.subarray(0, end));
        done();
      };
      const onError = (chunk: Buffer) => errors.push(chunk);
      const onClose = (reason?: unknown) => {
        if (reason instanceof Error && (reason as NodeJS.ErrnoException).code === 'ENOENT') {
          // lt-proc is not installed: answer with nothing rather than fail the run.
          this.unavailable = true;
          chunks.length = 0;
          return done();
        }
        done(new TranslatorError(`Apertium's analyser (lt-proc) stopped: ${Buffer.concat(errors).toString('utf8').trim() || 'no message'}`, { retryable: false }));
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onError);
      child.once('close', onClose);
      child.once('error', onClose);
      busy(child);
      child.stdin.write(input, 'utf8');
    });
  }
}

/** While a request is answered, the process and its pipes hold the event loop; idle, they let Node exit. */
function busy(child: ChildProcessWithoutNullStreams): void {
  child.ref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).ref();
}

function idle(child: ChildProcessWithoutNullStreams): void {
  child.unref();
  // Pipes to a child are sockets, which can be unreferenced too.
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref();
}

/** The characters Apertium's stream format reserves, escaped with a backslash. */
function escapeStream(text: string): string {
  return text.replace(/[\\^$@/<>[\]{}]/gu, '\\$&');
}

function unescape(text: string): string {
  return text.replace(/\\(.)/gu, '$1');
}

/** Split on a separator character not escaped by a backslash. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[i + 1]!;
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

const LT_WORD = /\^((?:\\.|[^$\\])*)\$/gsu;
const TAG = /<([^>]*)>/gu;

/** lt-proc's words `^surface/lemma<tag>…/…$`, placed in `text` (the unescaped input) by their surface. */
export function parseStream(output: string, text: string): AnalysedWord[] {
  const words: AnalysedWord[] = [];
  let cursor = 0;
  for (const m of allMatches(output, LT_WORD)) {
    // Most words hold no escape: split and read them directly (a batch reads a few hundred thousand).
    const plain = !m[1]!.includes('\\');
    const [surfacePart = '', ...analyses] = plain ? m[1]!.split('/') : splitUnescaped(m[1]!, '/');
    const surface = plain ? surfacePart : unescape(surfacePart);
    const start = text.indexOf(surface, cursor);
    if (surface === '' || start < 0) continue;
    cursor = start + surface.length;
    const readings: Reading[] = [];
    for (const analysis of analyses) {
      // "*word": unknown to the dictionary.
      if (analysis.startsWith('*')) continue;
      readings.push(plain ? plainReading(analysis) : escapedReading(analysis));
    }
    words.push({ start, end: cursor, surface, readings });
  }
  return words;
}

/** `lemma<tag><tag>…`, anything after the tags (a joined analysis) left aside. */
function escapedReading(analysis: string): Reading {
  const parsed = /^((?:\\.|[^<\\])*)((?:<[^>]*>)*)/u.exec(analysis)!;
  const tags = allMatches(parsed[2]!, TAG).map((t) => t[1]!);
  return { lemma: unescape(parsed[1]!), tags };
}

/** escapedReading for an analysis without a backslash, read without regular expressions. */
function plainReading(analysis: string): Reading {
  const open = analysis.indexOf('<');
  if (open < 0) return { lemma: analysis, tags: [] };
  const tags: string[] = [];
  let at = open;
  while (analysis.charCodeAt(at) === 0x3c) {
    const close = analysis.indexOf('>', at + 1);
    if (close < 0) break;
    tags.push(analysis.slice(at + 1, close));
    at = close + 1;
  }
  return { lemma: analysis.slice(0, open), tags };
}

/** The words of the joined text, given back to each text with its own offsets. */
function splitWords(words: AnalysedWord[], texts: string[]): AnalysedWord[][] {
  const result: AnalysedWord[][] = texts.map(() => []);
  let offset = 0;
  let index = 0;
  for (const word of words) {
    while (index < texts.length && word.start >= offset + texts[index]!.length) {
      offset += texts[index]!.length + SEPARATOR.length;
      index++;
    }
    if (index >= texts.length || word.start < offset || word.end > offset + texts[index]!.length) continue;
    result[index]!.push({ ...word, start: word.start - offset, end: word.end - offset });
  }
  return result;
}

let french: ApertiumAnalyser | undefined;
let spanish: ApertiumAnalyser | undefined;

/** The process-wide French analyser: one lt-proc for every article of a run. */
export function frenchAnalyser(): ApertiumAnalyser {
  return (french ??= new ApertiumAnalyser());
}

/** The process-wide Spanish analyser, started only when a Spanish word is left over. */
export function spanishAnalyser(): ApertiumAnalyser {
  return (spanish ??= new ApertiumAnalyser({ dictionary: SPANISH_ANALYSER }));
}
