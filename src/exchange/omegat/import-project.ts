// Reading an OmegaT project exported by diptych back: the English of each
// segment as OmegaT has it (the project memory, newest; else the translated
// document in target/), who changed it and when, merged into the store it
// came from.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../core/errors.js';
import { carryMarks } from '../../core/text-edits.js';
import type { Article, Segment, TargetOrigin } from '../../core/types.js';
import { MANIFEST_FILE, MEMORY_FILE, type ManifestFile, type ProjectManifest, type SentTranslation } from './export-project.js';
import { readPo, type PoEntry } from './po.js';
import { PROJECT_FILE, readProjectFile } from './project-file.js';
import { readMemoryTmx, type MemoryUnit } from './tmx.js';

/** One segment as the OmegaT project hands it back. */
export interface ReturnedSegment {
  id: string;
  /** The French OmegaT translated (from the translated document, else the source document). */
  source: string;
  /** Its English, when OmegaT has one. */
  target?: string;
  /** The project-memory entry behind it, when a save put one there. */
  memory?: MemoryUnit;
  /** Where the segment is, for messages. */
  file: string;
  line?: number;
}

export interface ReturnedFile {
  entry: ManifestFile;
  /** The store file, resolved. */
  store: string;
  segments: ReturnedSegment[];
  /** The document read: target/ when OmegaT created it, else source/. */
  read: string;
}

export interface OmegatProject {
  dir: string;
  manifest: ProjectManifest;
  files: ReturnedFile[];
  sent: Map<string, SentTranslation>;
  /** Alternative translations in the project memory: not imported (see docs/limits.md). */
  alternatives: number;
}

const exportHint = 'give the folder `diptych export --format omegat` wrote';

async function readText(file: string, what: string, hint: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${what} cannot be read`, { file, hint, cause: error });
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError('cannot be read', { file, hint: 'check its permissions', cause: error });
  }
}

/** NFC and single spaces, trimmed: OmegaT normalises its source text the same way. */
export function normaliseFrench(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Everything import needs from an OmegaT project folder. A returned project
 * is untrusted input: its stores are looked for by slug in `storeDir` only,
 * and a slug or store path that would lead out of it is refused, naming the
 * record and the field.
 */
export async function readOmegatProject(dir: string, options: { storeDir: string }): Promise<OmegatProject> {
  const settings = readProjectFile(await readText(path.join(dir, PROJECT_FILE), 'OmegaT project file', exportHint), path.join(dir, PROJECT_FILE));
  const manifestFile = path.join(dir, MANIFEST_FILE);
  let manifest: ProjectManifest;
  try {
    manifest = JSON.parse(await readText(manifestFile, 'export record', `${exportHint}; projects not made by diptych have no ${MANIFEST_FILE}`)) as ProjectManifest;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('is not valid JSON', { file: manifestFile, hint: 'export the project again', cause: error });
  }
  if (manifest.format !== 'omegat' || !Array.isArray(manifest.files) || !Array.isArray(manifest.sent)) {
    throw new InputError('is not a diptych export record', { file: manifestFile, hint: 'export the project again' });
  }
  const languages = { source: settings.sourceLang, target: settings.targetLang };
  const memoryFile = path.join(dir, MEMORY_FILE);
  const memoryXml = await readOptional(memoryFile);
  const memory = memoryXml === undefined ? { defaults: [], alternatives: 0 } : readMemoryTmx(memoryXml, memoryFile, languages);
  const defaults = new Map<string, MemoryUnit>();
  for (const unit of memory.defaults) defaults.set(normaliseFrench(unit.source), unit);

  const files: ReturnedFile[] = [];
  for (const [index, entry] of manifest.files.entries()) {
    checkManifestFile(entry, index, manifestFile);
    const store = path.join(options.storeDir, `${entry.slug}.json`);
    const targetFile = path.join(dir, settings.targetDir, path.basename(entry.target));
    const sourceFile = path.join(dir, settings.sourceDir, path.basename(entry.source));
    const targetText = await readOptional(targetFile);
    const read = targetText !== undefined ? targetFile : sourceFile;
    const text = targetText ?? (await readText(sourceFile, 'source document', 'export the project again'));
    const segments = readPo(text, read).map((po: PoEntry): ReturnedSegment => {
      const unit = defaults.get(normaliseFrench(po.source));
      // The memory is saved before OmegaT writes target/, so it is never older than target/.
      const english = unit?.target ?? po.target;
      return {
        id: po.context,
        source: po.source,
        ...(english !== '' ? { target: english } : {}),
        ...(unit ? { memory: unit } : {}),
        file: read,
        ...(po.line !== undefined ? { line: po.line } : {}),
      };
    });
    files.push({ entry, store, segments, read });
  }
  const sent = new Map<string, SentTranslation>();
  for (const entry of manifest.sent) sent.set(normaliseFrench(entry.source), entry);
  return { dir, manifest, files, sent, alternatives: memory.alternatives };
}

/**
 * One `files[]` entry of the export record, as diptych writes it: a slug that
 * names a file directly in the output folder, and the store's path recorded
 * relative to the project (never absolute) ending in that slug.
 */
function checkManifestFile(entry: ManifestFile, index: number, manifestFile: string): void {
  const refuse = (field: string, why: string) =>
    new InputError(`files[${index}].${field} ${why}`, { file: manifestFile, hint: 'a returned project names its stores by slug, found in --out only; export the project again' });
  for (const field of ['slug', 'store', 'source', 'target'] as const) {
    if (typeof entry[field] !== 'string' || entry[field] === '') throw refuse(field, 'is missing or not a string');
  }
  const { slug, store } = entry;
  if (slug.startsWith('.') || /[/\\\u0000]/.test(slug)) throw refuse('slug', `'${slug}' leads out of the output folder`);
  if (path.isAbsolute(store) || path.win32.isAbsolute(store)) throw refuse('store', `'${store}' is an absolute path, which diptych never records`);
  if (path.basename(store) !== `${slug}.json`) throw refuse('store', `'${store}' is not the store of slug '${slug}'`);
}

export interface OmegatImportReport {
  /** Segments whose English OmegaT gave back exactly as it was sent. */
  unchanged: string[];
  /** Segments a person confirmed in OmegaT without changing the English: now reviewed. */
  confirmed: string[];
  /** Segments whose English a person changed: edited and reviewed. */
  edited: string[];
  /** Segments OmegaT has no English for. */
  untranslated: string[];
  /** Segments not merged, with where and why; the store keeps its own text. */
  refused: Array<{ id: string; file: string; line?: number; reason: string }>;
  /** Segments of this article the project offered English for. */
  sent: number;
}

/**
 * How one returned file merges back into its article: the format's half of
 * the pipeline's mergeReturned, which refuses an id the store does not know,
 * an id given twice and changed French (its English was made for other
 * words), and hands the rest to `apply`.
 */
export function omegatMerge(article: Article, returned: readonly ReturnedSegment[], sent: ReadonlyMap<string, SentTranslation>, options: { now?: Date } = {}) {
  const now = (options.now ?? new Date()).toISOString();
  const report: OmegatImportReport = { unchanged: [], confirmed: [], edited: [], untranslated: [], refused: [], sent: 0 };
  for (const block of article.blocks) for (const segment of block.segments) if (sent.has(normaliseFrench(segment.source))) report.sent++;
  return {
    report,
    units: returned,
    sourceOf: (incoming: ReturnedSegment) => incoming.source,
    sameSource: (stored: string, incoming: string) => normaliseFrench(stored) === normaliseFrench(incoming),
    sourceChanged: (stored: string, incoming: string) => `French changed: store has “${stored}”, project has “${incoming}”`,
    refuse: (incoming: ReturnedSegment, reason: string) =>
      void report.refused.push({ id: incoming.id, file: incoming.file, ...(incoming.line !== undefined ? { line: incoming.line } : {}), reason }),
    apply: (segment: Segment, incoming: ReturnedSegment) => applyOmegatSegment(segment, incoming, { article, sent, report, now }),
  };
}

function applyOmegatSegment(
  segment: Segment,
  incoming: ReturnedSegment,
  merge: { article: Article; sent: ReadonlyMap<string, SentTranslation>; report: OmegatImportReport; now: string },
): void {
  const { article, sent, report, now } = merge;
  if (incoming.target === undefined || incoming.target.trim() === '') {
    report.untranslated.push(segment.id);
    return;
  }
  const offered = sent.get(normaliseFrench(segment.source));
  // OmegaT puts its user's id on every entry a person saves; ours stays on what was only inserted.
  const person = incoming.memory !== undefined && incoming.memory.changer !== offered?.changer ? incoming.memory : undefined;
  const english = incoming.target;
  if (english === offered?.target && !person) {
    // As sent (for a French sentence shared by segments with different English, each keeps its own).
    report.unchanged.push(segment.id);
  } else if (english === segment.target) {
    if (segment.state === 'new' || segment.state === 'translated') {
      segment.state = 'reviewed';
      segment.revision = (segment.revision ?? 0) + 1;
    }
    report.confirmed.push(segment.id);
  } else {
    const at = person?.changed ?? now;
    recordHistory(segment, english, person?.changer ?? 'OmegaT', at, now);
    // PO carries no inline markup: links and emphasis stay on the words they were on.
    segment.targetMarks = carryMarks(segment.targetMarks, segment.target, english);
    segment.target = english;
    segment.unknownWords = [];
    segment.provenance = {
      translator: segment.provenance?.translator ?? 'human',
      ...(segment.provenance?.model ? { model: segment.provenance.model } : {}),
      glossaryVersion: segment.provenance?.glossaryVersion ?? article.glossaryVersion ?? '',
      edited: true,
      ...(person?.changer ? { editor: person.changer } : {}),
      at,
    };
    segment.state = 'reviewed';
    // Findings described the replaced text; the re-check raises them again for the new one.
    segment.findings = segment.findings.filter((finding) => finding.source !== 'check' && finding.source !== 'glossary' && finding.source !== 'translate');
    report.edited.push(segment.id);
  }
}

function originOf(segment: Segment): TargetOrigin {
  if (!segment.provenance) return 'import';
  if (segment.provenance.edited) return 'person';
  return segment.provenance.translator === 'memory' ? 'memory' : 'machine';
}

/**
 * The review's record of the segment (revision, history, first machine text)
 * follows the change, so a reviewer's open page sees it as a newer revision
 * and the history says it came from OmegaT.
 */
function recordHistory(segment: Segment, english: string, by: string, at: string, now: string): void {
  const history = [...(segment.history ?? [])];
  if (history.length === 0 && segment.target !== undefined) {
    history.push({
      target: segment.target,
      origin: originOf(segment),
      by: segment.provenance?.editor ?? segment.provenance?.translator ?? 'unknown',
      at: segment.provenance?.at ?? now,
      state: segment.state,
      revision: segment.revision ?? 0,
    });
  }
  if (segment.machineTarget === undefined && segment.target !== undefined && originOf(segment) === 'machine') segment.machineTarget = segment.target;
  const revision = (segment.revision ?? 0) + 1;
  history.push({ target: english, origin: 'import', by, at, state: 'reviewed', revision });
  segment.revision = revision;
  segment.history = history;
}
