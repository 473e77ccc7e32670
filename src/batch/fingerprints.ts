// Cheap identities used to decide, before loading any stage, whether an
// article needs work: the bytes of its source, the glossary's files, and the
// run settings that shape the outputs.

import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Bumped when the pipeline's outputs change for the same inputs, so every article is redone once. */
export const PIPELINE_VERSION = 3;

export function digest(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/** Hash of a file's bytes, or undefined when it cannot be read (the reader will say why). */
export async function hashFile(file: string): Promise<string | undefined> {
  try {
    // A FIFO would block the read forever: only regular files are hashed (the reader says what the rest is).
    if (!(await stat(file)).isFile()) return undefined;
    return digest(await readFile(file));
  } catch {
    return undefined;
  }
}

/**
 * Hash of everything at a glossary location: the file, or every file of the
 * folder (names and bytes). Any change at all means the glossary is loaded
 * again; its version (a hash of the parsed entries) then decides what changed.
 */
export async function hashGlossaryLocation(location: string): Promise<string | undefined> {
  try {
    const info = await stat(location);
    if (!info.isDirectory()) return digest(await readFile(location));
    const hash = createHash('sha256');
    for (const name of (await readdir(location)).sort()) {
      const file = path.join(location, name);
      if (!(await stat(file)).isFile()) continue;
      hash.update(`${name}\u0000`).update(await readFile(file)).update('\u0000');
    }
    return hash.digest('hex').slice(0, 32);
  } catch {
    return undefined;
  }
}

/** Settings of a run that shape every article's outputs. */
export interface RunSettings {
  translatorKey: string;
  glossaryVersion: string;
  uiLang: string;
  sourceLang: string;
  targetLang: string;
}

export function runKeyOf(settings: RunSettings): string {
  return digest(JSON.stringify([PIPELINE_VERSION, settings.translatorKey, settings.glossaryVersion, settings.uiLang, settings.sourceLang, settings.targetLang]));
}
