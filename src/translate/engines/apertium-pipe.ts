// One Apertium language pair kept running for a whole run, in one text format.
// Starting a pair loads its dictionaries and compiles its transfer rules (about
// 0.2 CPU-s); a process per call paid that for every batch and every repair.
// Here the pair's own pipeline (the commands of its mode file) runs once in
// Apertium's null-flush mode (-z): each request is a chunk ended by NUL, the
// pipeline answers it the same way, and its state is reset between chunks, so
// each chunk comes out as a fresh `apertium -f <format> <pair>` would give it.
// Plain text is deformatted and reformatted in Node (apertium-txt-format.ts),
// so a chunk costs the pair's processes nothing but its text. HTML's
// deformatter and reformatter (Transfuse, or apertium-deshtml/-rehtml) know
// nothing of NUL, so a small gawk loop runs them once per chunk, beside the
// pair's processes; `apertium -z` itself cannot be used, as its deformatter
// drops the NUL and its own wrappers hold the last chunk back.
//
// Requests are answered in order, one chunk at a time per pipe; a second chunk
// enters while the first is still in the later stages. A pipeline that stops
// mid-run is started again and the chunks it had not answered are sent again,
// once; if it stops again, they fail with an error naming the pair. Idle, the
// process does not keep Node alive; it ends with its stdin when Node exits.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import path from 'node:path';
import { TranslatorError, TranslatorUnavailableError } from '../../core/errors.js';
import { deformatText, reformatText } from './apertium-txt-format.js';

export type ApertiumFormat = 'txt' | 'html';

/** Apertium's data folder, as the `apertium` script finds it. */
export function apertiumDataDir(): string {
  return process.env['APERTIUM_DATADIR'] ?? '/usr/share/apertium';
}

// Every chunk is followed by a marker block: a superblank alone, which every
// stage passes through as it is. The marker is what says a chunk is whole:
// when a stage stops, the stages after it flush what they hold at the end of
// their input (NULs, part of a chunk), but no marker comes, so nothing
// half-done is taken for an answer. Plain text: Node writes the deformatted
// chunk, NUL, the marker, NUL, and reads the same back. HTML: the gawk
// deformatter runs the tool once per NUL-ended chunk of input (fflush() first,
// so its output follows what went before it), then writes the marker; the
// reformatter runs its tool on the blocks gathered up to each marker, then
// writes NUL. Like `apertium -f html`, Transfuse when it is installed (else
// deshtml and rehtml), whose extractor writes a chunk as several NUL-ended
// blocks that its injector takes together.
const END = '[diptych-chunk-end]';
const deformatter = (tool: string, endsWithNul: boolean) =>
  `gawk 'BEGIN { RS = "\\0" } { fflush(); printf "%s", $0 | "${tool}"; close("${tool}"); printf "${endsWithNul ? '' : '\\0'}${END}\\0"; fflush() }'`;
const reformatter = (tool: string, keepNul: boolean) =>
  `gawk 'BEGIN { RS = "\\0" } $0 == "${END}" { fflush(); printf "%s", blocks | "${tool}"; close("${tool}"); blocks = ""; printf "\\0"; fflush(); next } { blocks = blocks $0${keepNul ? ' "\\0"' : ''} }'`;
const HTML = {
  transfuse: [deformatter('tf-extract -f html', true), reformatter('tf-inject', true)],
  plain: [deformatter('apertium-deshtml', false), reformatter('apertium-rehtml', false)],
};

// The parts (for HTML: deformatter, the pair, reformatter) are Node's own
// children, joined pipe to pipe: Node waits for each, so their CPU time is
// counted with the run's, and sees each one stop. When one stops, the others
// are ended: a deformatter waiting for the next chunk would otherwise wait
// forever. `-g` asks the generator for the marks diptych reads (unknown words,
// as `apertium` without -u gives them); the empty argument is the tagger's
// option, as `apertium` passes it. The locale is the one `apertium` picks: the
// tools need UTF-8. $1: the mode file.
const LOCALE = 'export LC_CTYPE=$(locale -a | grep -i "utf[.-]*8" | head -1)';
const PAIR = 'exec bash <(apertium-wblank-mode -z "$1") -g ""';

function htmlParts(): [string, string] {
  const transfuse = 'command -v tf-extract > /dev/null';
  const [deformat, reformat] = HTML.transfuse;
  const [plainDeformat, plainReformat] = HTML.plain;
  return [`if ${transfuse}; then exec ${deformat}; else exec ${plainDeformat}; fi`, `if ${transfuse}; then exec ${reformat}; else exec ${plainReformat}; fi`];
}

/** One running pipeline: Node writes to the first part and reads the last. */
interface Running {
  parts: ChildProcess[];
  input: Writable;
  output: Readable;
}

interface Request {
  /** What is written for it: the chunk (plain text already deformatted) and its NUL, then, for plain text, the marker block. */
  framed: string;
  resolve: (output: string) => void;
  reject: (error: unknown) => void;
  /** Aborted by its caller: its answer is read and dropped, to keep the order. */
  dropped: boolean;
}

export class ApertiumPipe {
  private running?: Running;
  /** Sent and not yet answered, in order. */
  private readonly pending: Request[] = [];
  private received: Buffer[] = [];
  /** Plain text: the chunk's output read, waiting for the marker that says it is whole. */
  private output?: string;
  private errors: Buffer[] = [];
  /** Starts since the last answer: a pipeline that cannot answer once is not started a third time. */
  private failedStarts = 0;

  constructor(
    /** e.g. "fr-es". */
    readonly mode: string,
    readonly format: ApertiumFormat,
    private readonly dataDir: string = apertiumDataDir(),
  ) {}

  /** The pair's output for `input`, as `apertium -f <format> <mode>` gives it for that text alone. */
  translate(input: string, signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<string>((resolve, reject) => {
      // NUL ends a chunk; the deformatters drop it from text anyway.
      const text = input.replaceAll('\0', '');
      // Framed once: a chunk sent again after a restart is the same bytes.
      const framed = this.format === 'txt' ? `${deformatText(text)}\0${END}\0` : `${text}\0`;
      const request: Request = { framed, resolve, reject, dropped: false };
      signal?.addEventListener(
        'abort',
        () => {
          request.dropped = true;
          reject(signal.reason);
        },
        { once: true },
      );
      this.pending.push(request);
      this.send(this.process(), request);
    });
  }

  /** Start the pipeline ahead of its first chunk, if it is not running (idle, it does not keep Node alive). */
  start(): void {
    this.process();
  }

  /** End the pipeline: its parts finish what they hold and exit (they also end with their input when Node exits). */
  close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return Promise.resolve();
    // Held until every part has exited, so that the caller's await holds too.
    busy(running);
    running.input.end();
    return Promise.all(running.parts.map((part) => (part.exitCode !== null || part.signalCode !== null ? undefined : new Promise((resolve) => part.once('close', resolve))))).then(() => undefined);
  }

  private send(running: Running, request: Request): void {
    busy(running);
    running.input.write(request.framed, 'utf8');
  }

  private process(): Running {
    if (this.running) return this.running;
    const modeFile = path.join(this.dataDir, 'modes', `${this.mode}.mode`);
    const start = (script: string, stdin: 'pipe' | Readable): ChildProcess =>
      spawn('bash', ['-c', `${LOCALE}\n${script}`, 'apertium-pipe', modeFile], { stdio: [stdin, 'pipe', 'pipe'] });
    let parts: ChildProcess[];
    if (this.format === 'txt') parts = [start(PAIR, 'pipe')];
    else {
      const [deformat, reformat] = htmlParts();
      const first = start(deformat, 'pipe');
      const pair = start(PAIR, first.stdout!);
      const last = start(reformat, pair.stdout!);
      // Each inner pipe now belongs to the two parts it joins; Node's copies would keep it open.
      first.stdout!.destroy();
      pair.stdout!.destroy();
      parts = [first, pair, last];
    }
    const running: Running = { parts, input: parts[0]!.stdin!, output: parts.at(-1)!.stdout! };
    this.running = running;
    this.received = [];
    this.output = undefined;
    this.errors = [];
    running.output.on('data', (chunk: Buffer) => this.read(chunk));
    // A write to a pipeline that already stopped: its exit is what reports it.
    running.input.on('error', () => undefined);
    let closed = 0;
    let failure: { error?: Error; code?: number | null } | undefined;
    for (const part of running.parts) {
      part.stderr!.on('data', (chunk: Buffer) => {
        this.errors.push(chunk);
        // Only the end of what it said matters for the message.
        if (this.errors.length > 32) this.errors.splice(0, this.errors.length - 32);
      });
      const end = (error?: Error, code?: number | null) => {
        if (this.running === running) {
          // One part stopped while the pipeline was in use: end the others.
          failure ??= { ...(error ? { error } : {}), code };
          running.input.destroy();
          for (const other of running.parts) if (other !== part) other.kill();
        }
      };
      part.on('error', (error) => end(error));
      part.on('exit', (code) => end(undefined, code));
      part.on('close', () => {
        if (++closed === running.parts.length) this.stopped(running, failure?.error, failure?.code);
      });
    }
    idle(running);
    return running;
  }

  private read(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end >= 0; end = chunk.indexOf(0, start)) {
      this.received.push(chunk.subarray(start, end));
      start = end + 1;
      let output = Buffer.concat(this.received).toString('utf8');
      this.received = [];
      if (this.format === 'txt') {
        if (this.output === undefined) {
          this.output = output;
          continue;
        }
        if (output !== END) {
          // Out of step (a stage lost or split a chunk): the pipeline is ended, and its exit sends what it had not answered again.
          this.outOfStep();
          return;
        }
        output = reformatText(this.output);
        this.output = undefined;
      }
      const request = this.pending.shift();
      if (!request) continue;
      this.failedStarts = 0;
      if (!request.dropped) request.resolve(output);
    }
    if (start < chunk.length) this.received.push(chunk.subarray(start));
    if (this.pending.length === 0 && this.running) idle(this.running);
  }

  private outOfStep(): void {
    const running = this.running;
    if (!running) return;
    running.output.destroy();
    for (const part of running.parts) part.kill();
  }

  /** The pipeline ended: unanswered chunks go to a new one, once; then they fail. */
  private stopped(running: Running, error?: Error, code?: number | null): void {
    if (this.running !== running) return;
    this.running = undefined;
    const waiting = this.pending.filter((request) => !request.dropped);
    this.pending.length = 0;
    if (waiting.length === 0) return;
    if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
      const failure = new TranslatorUnavailableError('Apertium could not be started: bash is not installed', { cause: error });
      for (const request of waiting) request.reject(failure);
      return;
    }
    if (++this.failedStarts >= 2) {
      const said = Buffer.concat(this.errors).toString('utf8').trim().split('\n').pop() ?? '';
      const failure = new TranslatorError(
        `Apertium (${this.mode}, ${this.format}) stopped twice with chunks unanswered${error ? ` (${error.message})` : code ? ` (exit code ${code})` : ''}${said ? `: ${said}` : ''}`,
        { retryable: false, ...(error ? { cause: error } : {}) },
      );
      this.failedStarts = 0;
      for (const request of waiting) request.reject(failure);
      return;
    }
    const next = this.process();
    for (const request of waiting) {
      this.pending.push(request);
      this.send(next, request);
    }
  }
}

/** While a chunk is being answered, the parts and their pipes hold the event loop; idle, they let Node exit. */
function busy(running: Running): void {
  for (const part of running.parts) {
    part.ref();
    for (const stream of [part.stdin, part.stdout, part.stderr]) if (stream && !stream.destroyed) (stream as Socket).ref();
  }
}

function idle(running: Running): void {
  for (const part of running.parts) {
    part.unref();
    // Pipes to a child are sockets, which can be unreferenced too.
    // (A destroyed one, handed to the next part, would queue a listener per call.)
    for (const stream of [part.stdin, part.stdout, part.stderr]) if (stream && !stream.destroyed) (stream as Socket).unref();
  }
}
