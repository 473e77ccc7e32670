import { mkdir, open } from 'node:fs/promises';
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
