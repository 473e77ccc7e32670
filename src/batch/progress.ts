// Counters of a run, reported as they change so a front end can show a bar.

export interface RunCounts {
  /** Articles in the run. */
  articles: number;
  /** Up to date: not read, not rewritten. */
  skipped: number;
  written: number;
  failed: number;
  /** Not written because translation stopped before all their segments came back. */
  incomplete: number;
  /** Segments of the articles worked on. */
  segments: number;
  /** Segments whose English came from the translation cache. */
  cached: number;
  /** Segments whose English came from an identical approved segment (translation memory). */
  memory: number;
  /** Segments a person edited or approved, carried over unchanged. */
  kept: number;
  /** Units sent to the translator (identical segments are sent once). */
  sent: number;
  /** Characters sent, as `--budget` counts them. */
  characters: number;
  /** Characters the engine billed, where it reports them. */
  billed: number;
}

export interface RunProgress extends RunCounts {
  elapsedMs: number;
}

const ZERO: RunCounts = { articles: 0, skipped: 0, written: 0, failed: 0, incomplete: 0, segments: 0, cached: 0, memory: 0, kept: 0, sent: 0, characters: 0, billed: 0 };

export class ProgressCounters {
  private readonly counts: RunCounts = { ...ZERO };
  private readonly started = performance.now();

  constructor(private readonly listener?: (progress: RunProgress) => void) {}

  add(delta: Partial<RunCounts>): void {
    for (const [key, value] of Object.entries(delta) as Array<[keyof RunCounts, number]>) this.counts[key] += value;
    this.listener?.(this.snapshot());
  }

  snapshot(): RunProgress {
    return { ...this.counts, elapsedMs: performance.now() - this.started };
  }
}
