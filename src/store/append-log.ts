// An append-only JSON Lines file that survives kill -9 and power loss. Each
// append is one write() of whole lines followed by fdatasync, so a record is
// either entirely on disk or absent; the only damage a crash can do is a torn
// last line, which `openAppendLog` cuts off before appending anything new.

import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface AppendLog<T> {
  readonly file: string;
  /** Append records durably; resolves once they are on disk. Calls are serialised. */
  append(records: readonly T[]): Promise<void>;
  close(): Promise<void>;
}

export interface OpenedLog<T> {
  log: AppendLog<T>;
  /** Records already in the file, in order. */
  records: T[];
  /** Lines that were not valid JSON (a torn tail, cut off; or damage elsewhere, skipped). */
  skipped: number;
}

/**
 * Open (creating it and its folder if need be) the log, read its records, and
 * repair a torn tail. `accept` filters records of the wrong shape. A read-only
 * log (dry runs) touches nothing on disk and ignores appends.
 */
export async function openAppendLog<T>(file: string, accept: (value: unknown) => value is T, options: { readOnly?: boolean } = {}): Promise<OpenedLog<T>> {
  if (options.readOnly) {
    const content = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    const end = content.lastIndexOf(0x0a) + 1;
    const { records, skipped } = parseLines(content, end, accept);
    return { log: { file, append: async () => undefined, close: async () => undefined }, records, skipped: skipped + (end < content.length ? 1 : 0) };
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
  const { records, skipped } = parseLines(content, end, accept);
  return { log: new FileAppendLog<T>(file, handle), records, skipped: skipped + torn };
}

function parseLines<T>(content: Buffer, end: number, accept: (value: unknown) => value is T): { records: T[]; skipped: number } {
  const records: T[] = [];
  let skipped = 0;
  let start = 0;
  while (start < end) {
    let newline = content.indexOf(0x0a, start);
    if (newline === -1) newline = end;
    if (newline > start) {
      const line = content.toString('utf8', start, newline);
      try {
        const value: unknown = JSON.parse(line);
        if (accept(value)) records.push(value);
        else skipped++;
      } catch {
        skipped++;
      }
    }
    start = newline + 1;
  }
  return { records, skipped };
}

class FileAppendLog<T> implements AppendLog<T> {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  append(records: readonly T[]): Promise<void> {
    if (records.length === 0) return this.queue;
    const data = Buffer.from(records.map((record) => JSON.stringify(record)).join('\n') + '\n', 'utf8');
    const next = this.queue.then(async () => {
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await this.handle.write(data, written, data.length - written);
        written += bytesWritten;
      }
      await this.handle.datasync();
    });
    // A failed append must not block later ones; the caller still sees its own failure.
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.handle.close();
  }
}
