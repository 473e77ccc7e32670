import { closeSync, fsync, openSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/**
 * Write a file so that readers only ever see the old or the new content:
 * write-file-atomic writes a temporary file, fsyncs it and renames it over
 * the target, so a crash mid-write never leaves a half file behind.
 */
export async function writeAtomic(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, content, { encoding: 'utf8' });
}

let temporaries = 0;

/** Bytes gathered before each write of stageFile. */
const WRITE_SIZE = 1 << 20;
/** stageFile's buffers, kept for the next file: a batch writes thousands, a few at a time. */
const spareBuffers: Buffer[] = [];
const SPARE_BUFFERS = 4;

/** A file written to its temporary and fsynced, not yet renamed over its target. */
export interface StagedFile {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * The first half of writeAtomic for content made piece by piece (a page of
 * 40,000 sentences): the pieces go to a temporary file as they come, in writes
 * of about 1 MB, so the whole text is never held at once, then it is fsynced.
 * Each piece is encoded into a reused buffer as it arrives: pieces kept as
 * strings until a write outlive the collector's young generation, and a long
 * page would then fill the old one with garbage. `commit` renames it over the
 * target, `discard` removes it. An error while making the pieces removes the
 * temporary. Named `<file>.<number>`, like write-file-atomic's temporaries, so
 * leftovers are found the same way.
 */
export async function stageFile(file: string, chunks: Iterable<string>): Promise<StagedFile> {
  const temporary = `${file}.${process.pid}${String(++temporaries).padStart(6, '0')}`;
  // Opened, written and closed with synchronous calls: a write of a megabyte into the system's
  // file cache takes a fraction of a millisecond, less than the turns of the thread pool an
  // asynchronous open, write and close take (a batch stages three files per article). The fsync,
  // the one call that waits for the disk, runs off the event loop.
  const fd = await openCreatingFolder(temporary);
  const buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(WRITE_SIZE);
  try {
    let used = 0;
    for (const chunk of chunks) {
      const length = Buffer.byteLength(chunk, 'utf8');
      if (used + length > buffer.length && used > 0) {
        writeAll(fd, buffer.subarray(0, used));
        used = 0;
      }
      if (length > buffer.length) writeAll(fd, Buffer.from(chunk, 'utf8'));
      else used += buffer.write(chunk, used, 'utf8');
    }
    if (used > 0) writeAll(fd, buffer.subarray(0, used));
    await fsyncFile(fd);
  } catch (error) {
    closeQuietly(fd);
    await rm(temporary, { force: true });
    throw error;
  } finally {
    if (spareBuffers.length < SPARE_BUFFERS) spareBuffers.push(buffer);
  }
  try {
    closeSync(fd);
  } catch (error) {
    // A close that fails may have lost what the fsync had not: the temporary is not to be trusted.
    await rm(temporary, { force: true });
    throw error;
  }
  return {
    commit: () => rename(temporary, file),
    discard: () => rm(temporary, { force: true }),
  };
}

const fsyncFile = promisify(fsync);

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failing: the first error is the one reported.
  }
}

/**
 * Open a new file for writing, its folder made first when missing. The folder
 * is made only when the open says it is missing: a batch stages three files
 * per article into one folder, and a folder made each time cost a system call
 * per file.
 */
async function openCreatingFolder(file: string): Promise<number> {
  try {
    return openSync(file, 'w');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(file), { recursive: true });
    return openSync(file, 'w');
  }
}

/** A write may take fewer bytes than given: write the rest until all are written. */
function writeAll(fd: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** writeAtomic for content made piece by piece. */
export async function writeAtomicChunks(file: string, chunks: Iterable<string>): Promise<void> {
  await (await stageFile(file, chunks)).commit();
}

/**
 * Flush a folder's entries (the renames writeAtomic made) to disk, so a file
 * replaced before a power loss is the new one afterwards. Best effort where
 * the platform cannot open folders.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on folders; the rename itself is still atomic.
  } finally {
    await handle.close();
  }
}
