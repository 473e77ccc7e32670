// One Apertium language pair kept running for a whole run, in one text format.
// Starting a pair loads its dictionaries and compiles its transfer rules (about
// 0.2 CPU-s); a process per call paid that for every batch and every repair.
// Here the pair's own pipeline (the commands of its mode file) runs once in
// Apertium's null-flush mode (-z): each request is a chunk ended by NUL, the
// pipeline answers it the same way, and its state is reset between chunks, so
// each chunk comes out as a fresh `apertium -f <format> <pair>` would give it.
// The deformatter and reformatter (apertium-destxt/-retxt, -deshtml/-rehtml)
// know nothing of NUL, so a small gawk loop runs them once per chunk, inside
// the same long-lived process tree; `apertium -z` itself cannot be used, as its
// deformatter drops the NUL and its own wrappers hold the last chunk back.
//
// Requests are answered in order, one chunk at a time per pipe; a second chunk
// enters while the first is still in the later stages. A pipeline that stops
// mid-run is started again and the chunks it had not answered are sent again,
// once; if it stops again, they fail with an error naming the pair. Idle, the
// process does not keep Node alive; it ends with its stdin when Node exits.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import path from 'node:path';
import { TranslatorError, TranslatorUnavailableError } from '../../core/errors.js';

export type ApertiumFormat = 'txt' | 'html';

/** Apertium's data folder, as the `apertium` script finds it. */
export function apertiumDataDir(): string {
  return process.env['APERTIUM_DATADIR'] ?? '/usr/share/apertium';
}

// The deformatter runs once per NUL-ended chunk of input (fflush() first, so
// its output follows what went before it), then a marker block is written: a
// superblank alone, which every stage passes through as it is. The reformatter
// runs on the blocks gathered up to each marker, then NUL is written. The
// marker is what says a chunk is whole: when a stage stops, the stages after
// it flush what they hold at the end of their input (NULs, part of a chunk),
// but no marker comes, so nothing half-done is taken for an answer. Text:
// destxt and retxt, one block per chunk. HTML: like `apertium -f html`,
// Transfuse when it is installed (else deshtml and rehtml), whose extractor
// writes a chunk as several NUL-ended blocks that its injector takes together.
const END = '[diptych-chunk-end]';
const deformatter = (tool: string, endsWithNul: boolean) =>
  `gawk 'BEGIN { RS = "\\0" } { fflush(); printf "%s", $0 | "${tool}"; close("${tool}"); printf "${endsWithNul ? '' : '\\0'}${END}\\0"; fflush() }'`;
const reformatter = (tool: string, keepNul: boolean) =>
  `gawk 'BEGIN { RS = "\\0" } $0 == "${END}" { fflush(); printf "%s", blocks | "${tool}"; close("${tool}"); blocks = ""; printf "\\0"; fflush(); next } { blocks = blocks $0${keepNul ? ' "\\0"' : ''} }'`;
const FORMATS = {
  txt: [deformatter('apertium-destxt', false), reformatter('apertium-retxt', false)],
  html: [deformatter('tf-extract -f html', true), reformatter('tf-inject', true)],
  'html-without-transfuse': [deformatter('apertium-deshtml', false), reformatter('apertium-rehtml', false)],
};

// $1: the mode file. `-g` asks the generator for the marks diptych reads
// (unknown words, as `apertium` without -u gives them); the empty argument is
// the tagger's option, as `apertium` passes it. The locale is the one
// `apertium` picks: the tools need UTF-8. Each of the three parts replaces its
// shell (exec), each feeding the next through a process substitution rather
// than a pipe, because a shell running a pipe keeps its output open until the
// whole pipe has ended: when the pair stops, the reformatter sees the end of
// its input and exits, and Node, seeing that exit, closes the deformatter's
// input, which would otherwise wait for the next chunk.
function script(format: ApertiumFormat): string {
  const core = 'bash <(apertium-wblank-mode -z "$1") -g ""';
  const run = ([deformat, reformat]: string[]) => `exec ${reformat} < <(exec ${core} < <(exec ${deformat}))`;
  const locale = 'export LC_CTYPE=$(locale -a | grep -i "utf[.-]*8" | head -1)';
  if (format === 'txt') return `${locale}\n${run(FORMATS.txt)}`;
  return `${locale}\nif command -v tf-extract > /dev/null; then ${run(FORMATS.html)}; else ${run(FORMATS['html-without-transfuse'])}; fi`;
}

interface Request {
  input: string;
  resolve: (output: string) => void;
  reject: (error: unknown) => void;
  /** Aborted by its caller: its answer is read and dropped, to keep the order. */
  dropped: boolean;
}

export class ApertiumPipe {
  private child?: ChildProcessWithoutNullStreams;
  /** Sent and not yet answered, in order. */
  private readonly pending: Request[] = [];
  private received: Buffer[] = [];
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
      const request: Request = { input: input.replaceAll('\0', ''), resolve, reject, dropped: false };
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

  /** The pipeline's process id while it runs (for tests). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** End the pipeline now (it also ends with its stdin when Node exits). */
  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }

  private send(child: ChildProcessWithoutNullStreams, request: Request): void {
    busy(child);
    child.stdin.write(request.input + '\0', 'utf8');
  }

  private process(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const modeFile = path.join(this.dataDir, 'modes', `${this.mode}.mode`);
    const child = spawn('bash', ['-c', script(this.format), 'apertium-pipe', modeFile], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.received = [];
    this.errors = [];
    child.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    // A stage stopped: the stages before it may still wait for input.
    child.on('exit', () => child.stdin.destroy());
    child.stderr.on('data', (chunk: Buffer) => {
      this.errors.push(chunk);
      // Only the end of what it said matters for the message.
      if (this.errors.length > 32) this.errors.splice(0, this.errors.length - 32);
    });
    // A write to a pipeline that already stopped: its close handler reports it.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => this.stopped(child, error));
    child.on('close', (code) => this.stopped(child, undefined, code));
    idle(child);
    return child;
  }

  private read(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end >= 0; end = chunk.indexOf(0, start)) {
      this.received.push(chunk.subarray(start, end));
      start = end + 1;
      const output = Buffer.concat(this.received).toString('utf8');
      this.received = [];
      const request = this.pending.shift();
      // NULs after the last chunk: the stages' own flush at the end of input.
      if (!request) continue;
      this.failedStarts = 0;
      if (!request.dropped) request.resolve(output);
    }
    if (start < chunk.length) this.received.push(chunk.subarray(start));
    if (this.pending.length === 0 && this.child) idle(this.child);
  }

  /** The process ended: unanswered chunks go to a new one, once; then they fail. */
  private stopped(child: ChildProcessWithoutNullStreams, error?: Error, code?: number | null): void {
    if (this.child !== child) return;
    this.child = undefined;
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

/** While a chunk is being answered, the process and its pipes hold the event loop; idle, they let Node exit. */
function busy(child: ChildProcessWithoutNullStreams): void {
  child.ref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).ref();
}

function idle(child: ChildProcessWithoutNullStreams): void {
  child.unref();
  // Pipes to a child are sockets, which can be unreferenced too.
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref();
}
