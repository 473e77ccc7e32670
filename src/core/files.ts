import { mkdir } from 'node:fs/promises';
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
