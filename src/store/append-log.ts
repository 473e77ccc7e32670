// An append-only JSON Lines file that survives kill -9 and power loss. Each
// append is one write() of whole lines followed by fdatasync, so a record is
// either entirely on disk or absent; the only damage a crash can do is a torn
// last line, which `openAppendLog` cuts off before appending anything new.
// A log opened with `sync: 'background'` answers an append once its write()
// is done (the lines are then in the kernel's hands: a kill -9 of the process
// loses nothing) and makes it durable with an fdatasync that runs behind,
// one for every append made meanwhile; `flush()` and `close()` wait for it.
// What such a log holds must be something that can be had again after a
// power cut (the translation memory: the store of record keeps every approval).

import { readSync } from 'node:fs';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Where a record's line lies in the file: [start, end) in bytes, newline excluded. */
export type LinePosition = readonly [start: number, end: number];

export interface AppendLog<T> {
  readonly file: string;
  /**
   * Append records durably; resolves once they are on disk, with where each
   * line was written (undefined for a read-only log). Calls are serialised.
   */
  append(records: readonly T[]): Promise<LinePosition[] | undefined>;
  /**
   * The line at a position, read back from disk. Another process sharing the
   * file may have written between our size check and our write, so callers
   * check that the line is the record they expect.
   */
  readLine(position: LinePosition): string | undefined;
  /** Resolves once every append made so far is durable (at once for a log that syncs each append). */
  flush?(): Promise<void>;
  close(): Promise<void>;
}

export interface AppendLogOptions {
  /** Touch nothing on disk, ignore appends (dry runs). */
  readOnly?: boolean;
  /** 'each' (the default): an append resolves once durable. 'background': once written, made durable behind (see above). */
  sync?: 'each' | 'background';
}

export interface OpenedLog<T> {
  log: AppendLog<T>;
  /** Records already in the file, in order. */
  records: T[];
  /** Where each record's line lies, parallel to `records`. */
  positions: LinePosition[];
  /** Lines that were not valid JSON (a torn tail, cut off; or damage elsewhere, skipped). */
  skipped: number;
}

/**
 * Open (creating it and its folder if need be) the log, read its records, and
 * repair a torn tail. `accept` filters records of the wrong shape. A read-only
 * log (dry runs) touches nothing on disk and ignores appends.
 */
export async function openAppendLog<T>(file: string, accept: (value: unknown) => value is T, options: AppendLogOptions = {}): Promise<OpenedLog<T>> {
  if (options.readOnly) {
    const content = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    const end = content.lastIndexOf(0x0a) + 1;
    const { records, positions, skipped } = parseLines(content, end, accept);
    const log: AppendLog<T> = {
      file,
      append: async () => undefined,
      // A dry run reads what it loaded; the file is left as it was.
      readLine: ([start, lineEnd]) => (lineEnd <= end ? content.toString('utf8', start, lineEnd) : undefined),
      close: async () => undefined,
    };
    return { log, records, positions, skipped: skipped + (end < content.length ? 1 : 0) };
  }
  await mkdir(path.dirname(file), { recursive: true });
  // "a+" creates the file; O_APPEND makes every write land at the end, even
  // when another process shares the log (a --cache folder used by two runs).
  const handle = await open(file, 'a+');
  const content = await handle.readFile();
  const end = content.lastIndexOf(0x0a) + 1;
  let torn = 0;
  if (end < content.length) {
    // A torn last line (killed mid-write): drop it so the next append starts a clean line.
    await handle.truncate(end);
    await handle.datasync();
    torn = 1;
  }
  const { records, positions, skipped } = parseLines(content, end, accept);
  return { log: new FileAppendLog<T>(file, handle, options.sync === 'background'), records, positions, skipped: skipped + torn };
}

/** Every record of a log file as it is on disk now (synchronous: for a reader that found the file changed under it). */
export function parseLogContent<T>(content: Buffer, accept: (value: unknown) => value is T): { records: T[]; positions: LinePosition[] } {
  return parseLines(content, content.lastIndexOf(0x0a) + 1, accept);
}

function parseLines<T>(content: Buffer, end: number, accept: (value: unknown) => value is T): { records: T[]; positions: LinePosition[]; skipped: number } {
  const records: T[] = [];
  const positions: LinePosition[] = [];
  let skipped = 0;
  let start = 0;
  while (start < end) {
    let newline = content.indexOf(0x0a, start);
    if (newline === -1) newline = end;
    if (newline > start) {
      const line = content.toString('utf8', start, newline);
      try {
        const value: unknown = JSON.parse(line);
        if (accept(value)) {
          records.push(value);
          positions.push([start, newline]);
        } else skipped++;
      } catch {
        skipped++;
      }
    }
    start = newline + 1;
  }
  return { records, positions, skipped };
}

class FileAppendLog<T> implements AppendLog<T> {
  private queue: Promise<unknown> = Promise.resolve();
  /** Background sync: lines written since the last fdatasync began, the fdatasync running, and the first one that failed. */
  private unsynced = false;
  private syncing: Promise<void> | undefined;
  private syncFailure: unknown;

  constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private readonly background = false,
  ) {}

  append(records: readonly T[]): Promise<LinePosition[] | undefined> {
    if (records.length === 0) return this.queue.then(() => []);
    const lines = records.map((record) => Buffer.from(JSON.stringify(record), 'utf8'));
    const data = Buffer.concat(lines.flatMap((line) => [line, NEWLINE]));
    const next = this.queue.then(async () => {
      // A disk that refused an earlier sync is said at the next append, not left to the close.
      if (this.syncFailure !== undefined) throw this.syncFailure;
      // O_APPEND writes land at the end of the file: that is where these lines start.
      let position = (await this.handle.stat()).size;
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await this.handle.write(data, written, data.length - written);
        written += bytesWritten;
      }
      if (this.background) this.syncBehind();
      else await this.handle.datasync();
      return lines.map((line) => {
        const at: LinePosition = [position, position + line.length];
        position += line.length + 1;
        return at;
      });
    });
    // A failed append must not block later ones; the caller still sees its own failure.
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** One fdatasync at a time, again while lines were written during the last: each covers every line before it. */
  private syncBehind(): void {
    this.unsynced = true;
    this.syncing ??= (async () => {
      try {
        while (this.unsynced) {
          this.unsynced = false;
          await this.handle.datasync();
        }
      } catch (error) {
        this.syncFailure ??= error;
      } finally {
        this.syncing = undefined;
      }
    })();
  }

  async flush(): Promise<void> {
    await this.queue;
    while (this.syncing) await this.syncing;
    if (this.syncFailure !== undefined) throw this.syncFailure;
  }

  readLine([start, end]: LinePosition): string | undefined {
    const buffer = Buffer.alloc(end - start);
    const read = readSync(this.handle.fd, buffer, 0, buffer.length, start);
    return read === buffer.length ? buffer.toString('utf8') : undefined;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }
}

const NEWLINE = Buffer.from('\n');
