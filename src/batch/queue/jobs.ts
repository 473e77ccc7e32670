// What travels through the queue. A job names one article by its path
// relative to the run's input folder (never an absolute path: the folder may
// be mounted elsewhere on another machine) and its output name; the run's
// settings are stored once, in diptych_runs. A worker resolves the path
// inside the input folder and refuses one that leads outside it, through
// `..`, an absolute path or a symbolic link, and an output name that is not
// a plain file name.

import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { SkippedContent } from '../../core/types.js';
import type { TranslatorIdentity } from '../../translate/index.js';
import type { RunCounts, TranslatorSpec } from '../index.js';
import { QueueError } from './connection.js';

export interface ArticleJobData {
  run: string;
  /** Relative to the run's input folder, with `/` separators. */
  file: string;
  slug: string;
}

/** Everything a worker needs to redo an article as the batch planned it. */
export interface RunSettings {
  /** The input folder, absolute, as the batch saw it. */
  input: string;
  out: string;
  translator: TranslatorSpec;
  /** What `translator` resolved to on the batch's machine: a worker whose environment resolves it otherwise refuses the run. */
  translatorIdentity: TranslatorIdentity;
  /** Glossary file or folder, absolute; undefined for none. */
  glossary?: string;
  uiLang: string;
}

/** A finished job's result, stored by pg-boss as the job's output. */
export interface ArticleJobResult {
  kind: 'written' | 'skipped' | 'incomplete';
  file: string;
  slug: string;
  segments?: number;
  terms?: { found: number; satisfied: number };
  findings?: number;
  /** What the reader left out of the article (embedded media, forms…). */
  skipped?: SkippedContent[];
  counts: RunCounts;
  /** Worker that did it. */
  worker: string;
  error?: string;
}

export function jobPath(inputDir: string, file: string): string {
  return path.relative(inputDir, file).split(path.sep).join('/');
}

/** The article's absolute path, or a refusal when the job points outside the input folder. */
export async function resolveJobFile(inputDir: string, job: ArticleJobData): Promise<string> {
  const refuse = (why: string) =>
    new QueueError(`job for '${job.file}' refused: ${why}`, { hint: `jobs must name an article inside the run's input folder ${inputDir}` });
  if (typeof job.file !== 'string' || job.file === '' || job.file.includes('\0')) throw refuse('no article path');
  if (path.isAbsolute(job.file) || /^[a-zA-Z]:[\\/]/.test(job.file)) throw refuse('absolute path');
  const root = path.resolve(inputDir);
  const file = path.resolve(root, job.file);
  if (!isInside(root, file)) throw refuse('it points outside the input folder');
  // A symbolic link inside the folder may still lead out of it.
  const [realRoot, realFile] = await Promise.all([realpath(root).catch(() => root), realpath(file).catch(() => file)]);
  if (!isInside(realRoot, realFile)) throw refuse('it links outside the input folder');
  if (typeof job.slug !== 'string' || !/^[a-z0-9_][a-z0-9._-]*$/.test(job.slug)) throw refuse(`output name '${String(job.slug)}' is not a plain file name`);
  return file;
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
