import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { GlossaryError } from '../core/errors.js';
import type { MorphologicalAnalyser } from '../core/morphology.js';
import { shortHash } from '../core/hash.js';
import { parseCsvGlossary } from './formats/csv.js';
import { parsePairTsv } from './formats/pair-tsv.js';
import { parseProjectTsv } from './formats/project-tsv.js';
import { parseTbx } from './formats/tbx.js';
import { checkRedundantVariants, lintEntries } from './lint.js';
import { problemError, type GlossaryProblem } from './problems.js';
import type { Glossary, GlossaryEntry } from './types.js';

export const GLOSSARY_EXTENSIONS = ['.tsv', '.csv', '.tbx'];

export interface ParsedFile {
  entries: GlossaryEntry[];
  problems: GlossaryProblem[];
}

/** Parse one glossary file's text, choosing the format from the extension and the first line. */
export function parseGlossaryText(file: string, text: string): ParsedFile {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.tsv' || ext === '.txt') {
    const firstLine = text.replace(/^\uFEFF/u, '').split(/\r?\n/u).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) ?? '';
    return /^\s*french\t/iu.test(firstLine) ? parseProjectTsv(file, text) : parsePairTsv(file, text);
  }
  if (ext === '.csv') return parseCsvGlossary(file, text);
  if (ext === '.tbx' || ext === '.xml') return parseTbx(file, text);
  return {
    entries: [],
    problems: [
      { rule: 'glossary-format', severity: 'error', message: `unknown glossary format "${ext}"`, file, line: 1, hint: `use ${GLOSSARY_EXTENSIONS.join(', ')}` },
    ],
  };
}

/** The glossary files a path names: the file itself, or every glossary file in the directory (sorted). */
export async function glossaryFiles(fileOrDir: string): Promise<string[]> {
  let info;
  try {
    info = await stat(fileOrDir);
  } catch (cause) {
    throw new GlossaryError('cannot read glossary', { file: fileOrDir, cause, hint: 'check the --glossary path' });
  }
  if (!info.isDirectory()) return [fileOrDir];
  const names = (await readdir(fileOrDir)).filter((n) => GLOSSARY_EXTENSIONS.includes(path.extname(n).toLowerCase())).sort();
  if (names.length === 0) {
    throw new GlossaryError('no glossary files in directory', { file: fileOrDir, hint: `add a ${GLOSSARY_EXTENSIONS.join('/')} file or point --glossary at one` });
  }
  return names.map((n) => path.join(fileOrDir, n));
}

async function readText(file: string): Promise<string> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (cause) {
    throw new GlossaryError('cannot read glossary', { file, cause, hint: 'check that the file exists and is readable' });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch (cause) {
    throw new GlossaryError('glossary is not UTF-8 text', { file, cause, hint: 'save it as UTF-8' });
  }
}

/**
 * Read and parse every file, collecting problems rather than stopping (for
 * `glossary lint`). With an analyser, variants lemma matching already finds are
 * reported too.
 */
export async function readGlossaryFiles(fileOrDir: string, analyser?: MorphologicalAnalyser): Promise<{ files: string[]; entries: GlossaryEntry[]; problems: GlossaryProblem[] }> {
  const files = await glossaryFiles(fileOrDir);
  const entries: GlossaryEntry[] = [];
  const problems: GlossaryProblem[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readText(file);
    } catch (error) {
      // Report it and go on: lint shows every broken file at once; loadGlossary throws the first.
      const e = error as GlossaryError;
      problems.push({ rule: 'glossary-unreadable', severity: 'error', message: e.message, file, line: 0, ...(e.hint ? { hint: e.hint } : {}) });
      continue;
    }
    const parsed = parseGlossaryText(file, text);
    entries.push(...parsed.entries);
    problems.push(...parsed.problems);
  }
  problems.push(...lintEntries(entries));
  if (analyser) problems.push(...(await checkRedundantVariants(entries, analyser)));
  return { files, entries, problems };
}

/** The fields that change a translation; the note and the file position do not. */
export function entryKey(entry: GlossaryEntry): string {
  return JSON.stringify([entry.sources, entry.target, entry.targetForms, entry.type, entry.caseSensitive, entry.keep, entry.bare ?? false, entry.inflect ?? false]);
}

/** Build a Glossary from entries (version = hash of the normalised entries, order-independent). */
export function makeGlossary(entries: GlossaryEntry[], files: string[] = []): Glossary {
  const keys = entries.map(entryKey).sort();
  return { entries, version: shortHash(keys.join('\n')), files };
}

/**
 * Load a glossary file, or every glossary file in a directory. Throws a
 * GlossaryError naming file, line and what to do on the first error
 * (unreadable file, malformed row, one French form with two English forms);
 * warnings are left to `glossary lint`.
 */
export async function loadGlossary(fileOrDir: string): Promise<Glossary> {
  const { files, entries, problems } = await readGlossaryFiles(fileOrDir);
  const error = problems.find((p) => p.severity === 'error');
  if (error) throw problemError(error);
  return makeGlossary(entries, files);
}
