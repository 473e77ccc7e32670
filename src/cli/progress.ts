// How a run shows its progress: a live bar on a terminal (cli-progress), a
// plain line every few seconds when the output is a file or a pipe (logs stay
// readable), nothing with --quiet or --json. Progress goes to stdout with the
// rest of the report; stderr carries only errors.

import { createRequire } from 'node:module';
import type { RunProgress } from '../batch/index.js';

// cli-progress is required when a bar is shown, not imported: a run with
// --json, --quiet or its output in a file never draws one.
const require = createRequire(import.meta.url);

export interface ProgressView {
  update(progress: RunProgress): void;
  stop(): void;
}

const LINE_INTERVAL_MS = 5000;

export function progressView(mode: 'auto' | 'none', stream: NodeJS.WriteStream = process.stdout): ProgressView {
  if (mode === 'none') return { update: () => undefined, stop: () => undefined };
  return stream.isTTY ? barView(stream) : lineView(stream);
}

/** Articles to work on (up-to-date ones are done before the bar starts) and how many are finished. */
function articleCounts(progress: RunProgress): { done: number; total: number } {
  return { done: progress.written + progress.failed + progress.incomplete, total: Math.max(0, progress.articles - progress.skipped) };
}

// One formatter for every update: `toLocaleString` builds one per call, which a
// cold batch's profile showed at about 0.2 s.
const count = new Intl.NumberFormat('en');

function details(progress: RunProgress): Record<string, string> {
  const { done, total } = articleCounts(progress);
  // From the pace so far; unknown until the first article is done.
  const eta = done === 0 ? '…' : `${Math.ceil(((progress.elapsedMs / done) * (total - done)) / 1000)} s`;
  return {
    segments: count.format(progress.segments),
    hits: count.format(progress.cached + progress.memory),
    characters: count.format(progress.characters),
    remaining: eta,
  };
}

function barView(stream: NodeJS.WriteStream): ProgressView {
  const cliProgress = require('cli-progress') as typeof import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {value}/{total} articles | {segments} segments, {hits} cache hits | {characters} characters sent | ETA {remaining}',
      clearOnComplete: true,
      hideCursor: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      const { done, total } = articleCounts(progress);
      if (total === 0) return;
      if (!started) {
        bar.start(total, done, details(progress));
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, details(progress));
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function lineView(stream: NodeJS.WriteStream): ProgressView {
  let latest: RunProgress | undefined;
  let printed: RunProgress | undefined;
  const timer = setInterval(() => {
    if (!latest || latest === printed) return;
    printed = latest;
    const { done, total } = articleCounts(latest);
    const { segments, hits, characters, remaining } = details(latest);
    stream.write(`… ${(latest.elapsedMs / 1000).toFixed(0)} s: ${done}/${total} articles, ${segments} segments (${hits} cache hits), ${characters} characters sent, ETA ${remaining}\n`);
  }, LINE_INTERVAL_MS);
  // A run that ends never waits for the next tick.
  timer.unref();
  return {
    update(progress) {
      latest = progress;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
