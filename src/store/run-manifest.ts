// What the last runs wrote into an output folder, so that the next run can
// tell in a few milliseconds which articles need any work: an article whose
// source bytes, run settings and store file are exactly as recorded is
// skipped without being read, segmented or rendered. Kept in
// `<out>/.diptych/manifest.json`, written atomically; a missing or damaged
// manifest only means every article is looked at again (the cache still
// spares the translator).

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../core/files.js';
import type { ArticleListing } from '../core/article-summary.js';

export const STATE_DIR = '.diptych';
const MANIFEST_FILE = 'manifest.json';
// 2: per-article listings instead of reduced copies of the articles.
const MANIFEST_FORMAT = 2;

/** Identity of a file as written: a hand edit (or another tool's write) changes it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface ManifestEntry {
  /** Source file, as given to the run. */
  file: string;
  /** Hash of the source file's bytes. */
  sourceHash: string;
  /** Hash of the run settings that shape the outputs (translator, glossary, interface language, program version). */
  runKey: string;
  /** The store file as this program last wrote it. */
  store: FileStamp;
  /** Short hashes of the article's normalised French segments, to find articles a memory change concerns. */
  sources: string[];
  /** What the corpus index shows of the article (titles, counts). */
  listing: ArticleListing;
}

export interface RunManifest {
  /** The glossary location's file fingerprint and the version it had, to skip reloading an unchanged glossary. */
  glossary?: { fingerprint: string; version: string };
  /** By slug. */
  articles: Map<string, ManifestEntry>;
}

interface ManifestFile {
  diptych: typeof MANIFEST_FORMAT;
  glossary?: RunManifest['glossary'];
  articles: Record<string, ManifestEntry>;
}

export function manifestFile(outDir: string): string {
  return path.join(outDir, STATE_DIR, MANIFEST_FILE);
}

export async function loadManifest(outDir: string): Promise<RunManifest> {
  let data: Partial<ManifestFile> | undefined;
  try {
    data = JSON.parse(await readFile(manifestFile(outDir), 'utf8')) as Partial<ManifestFile>;
  } catch {
    data = undefined;
  }
  if (!data || data.diptych !== MANIFEST_FORMAT || typeof data.articles !== 'object' || data.articles === null) return { articles: new Map() };
  return { ...(data.glossary ? { glossary: data.glossary } : {}), articles: new Map(Object.entries(data.articles)) };
}

export async function saveManifest(outDir: string, manifest: RunManifest): Promise<void> {
  const data: ManifestFile = {
    diptych: MANIFEST_FORMAT,
    ...(manifest.glossary ? { glossary: manifest.glossary } : {}),
    articles: Object.fromEntries([...manifest.articles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
  await writeAtomic(manifestFile(outDir), JSON.stringify(data) + '\n');
}

/** The file's stamp, or undefined when it does not exist. */
export async function stampOf(file: string): Promise<FileStamp | undefined> {
  try {
    const info = await stat(file);
    return { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino };
  } catch {
    return undefined;
  }
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}
