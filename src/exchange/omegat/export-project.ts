// An OmegaT project made from stores: what goes where, and why.
//   source/<slug>.po      one PO entry per segment (id in msgctxt, French in msgid)
//   tm/auto/diptych.tmx   machine English: OmegaT inserts it into every empty
//                         segment on load and marks it as coming from tm/auto,
//                         so the translator post-edits instead of typing, and
//                         the translated documents hold the English (tm/mt
//                         would only offer it as a match, leaving targets empty)
//   omegat/project_save.tmx  approved or edited English, as the project's own
//                         memory: settled (not marked as auto-inserted) and still
//                         editable (tm/enforce would overwrite a translator's
//                         later correction every time the project is opened)
//   glossary/pinned.txt   the pinned glossary, for OmegaT's Glossary pane
//   diptych-export.json   which store each file came from and the English sent,
//                         so import can tell an edit from what it sent

import path from 'node:path';
import type { Article, Segment } from '../../core/types.js';
import { writeOmegatGlossary, type PinnedTerm } from './glossary.js';
import { writePo, type PoEntry } from './po.js';
import { PROJECT_FILE, writeProjectFile } from './project-file.js';
import { writeMemoryTmx, type MemoryUnit } from './tmx.js';

export const MANIFEST_FILE = 'diptych-export.json';
export const MEMORY_FILE = 'omegat/project_save.tmx';
export const MACHINE_TMX = 'tm/auto/diptych.tmx';
export const GLOSSARY_FILE = 'glossary/pinned.txt';
/** Folders OmegaT expects to exist. */
export const PROJECT_DIRS = ['source', 'target', 'tm/auto', 'glossary', 'dictionary', 'omegat'] as const;

export interface ManifestFile {
  /** Source and target PO, relative to the project. */
  source: string;
  target: string;
  /** The store, relative to the project folder (import finds it there, or under --out by slug). */
  store: string;
  slug: string;
}

/** What the project offered for one distinct French sentence. */
export interface SentTranslation {
  source: string;
  target: string;
  /** The TMX changeid it was written with: OmegaT replaces it with its user's id when a person touches the segment. */
  changer: string;
  /** In the project memory (approved or edited in the store), rather than in tm/auto. */
  settled: boolean;
}

export interface ProjectManifest {
  diptych: 1;
  format: 'omegat';
  exported: string;
  sourceLang: string;
  targetLang: string;
  files: ManifestFile[];
  sent: SentTranslation[];
}

export interface StoreInput {
  article: Article;
  /** Where the store file is (absolute or relative to the working folder). */
  file: string;
}

export interface ExportedProject {
  /** Folders to create (OmegaT expects them), then files to write, by path relative to the project folder. */
  dirs: readonly string[];
  files: Map<string, string>;
  segments: number;
  distinctSources: number;
  machine: number;
  settled: number;
  /** French sentences with two or more different English in the stores; OmegaT shows one (the first). */
  conflicts: string[];
}

/** Approved or edited by a person: OmegaT gets it as settled. */
export function isSettled(segment: Segment): boolean {
  return segment.target !== undefined && segment.target !== '' &&
    (segment.provenance?.edited === true || segment.state === 'reviewed' || segment.state === 'final');
}

/** The changeid we write: the person who approved it when the store knows, else diptych and the engine. */
function changerOf(segment: Segment): string {
  if (isSettled(segment) && segment.provenance?.editor) return segment.provenance.editor;
  return `diptych:${segment.provenance?.translator ?? 'unknown'}`;
}

export function buildOmegatProject(stores: readonly StoreInput[], options: { projectDir: string; glossary?: readonly PinnedTerm[]; now?: Date }): ExportedProject {
  const first = stores[0]?.article;
  const sourceLang = first?.sourceLang ?? 'fr';
  const targetLang = first?.targetLang ?? 'en';
  const files = new Map<string, string>();
  const manifestFiles: ManifestFile[] = [];
  // One English per distinct French (OmegaT's default translation); settled beats machine.
  const chosen = new Map<string, { segment: Segment; settled: boolean }>();
  const englishBySource = new Map<string, Set<string>>();
  let segments = 0;
  for (const { article, file } of stores) {
    const entries: PoEntry[] = [];
    for (const block of article.blocks) {
      for (const segment of block.segments) {
        segments++;
        entries.push({ context: segment.id, source: segment.source, target: '', comments: commentsFor(segment) });
        if (segment.target === undefined || segment.target === '') continue;
        const forms = englishBySource.get(segment.source) ?? new Set<string>();
        forms.add(segment.target);
        englishBySource.set(segment.source, forms);
        const settled = isSettled(segment);
        const current = chosen.get(segment.source);
        if (!current || (settled && !current.settled)) chosen.set(segment.source, { segment, settled });
      }
    }
    const slug = article.slug || path.basename(file, '.json');
    const sourceName = `source/${slug}.po`;
    files.set(sourceName, writePo(entries));
    manifestFiles.push({
      source: sourceName,
      target: `target/${slug}.po`,
      store: path.relative(options.projectDir, path.resolve(file)),
      slug,
    });
  }
  const sent: SentTranslation[] = [...chosen.values()].map(({ segment, settled }) => ({
    source: segment.source,
    target: segment.target!,
    changer: changerOf(segment),
    settled,
  }));
  const unitOf = (entry: SentTranslation, segment: Segment): MemoryUnit => ({
    source: entry.source,
    target: entry.target,
    changer: entry.changer,
    ...(segment.provenance?.at ? { changed: segment.provenance.at } : {}),
  });
  const segmentOf = (source: string) => chosen.get(source)!.segment;
  const languages = { source: sourceLang, target: targetLang };
  files.set(PROJECT_FILE, writeProjectFile({ sourceLang, targetLang }));
  files.set(MACHINE_TMX, writeMemoryTmx(sent.filter((entry) => !entry.settled).map((entry) => unitOf(entry, segmentOf(entry.source))), languages));
  files.set(MEMORY_FILE, writeMemoryTmx(sent.filter((entry) => entry.settled).map((entry) => unitOf(entry, segmentOf(entry.source))), languages));
  if (options.glossary) files.set(GLOSSARY_FILE, writeOmegatGlossary(options.glossary));
  const manifest: ProjectManifest = {
    diptych: 1,
    format: 'omegat',
    exported: (options.now ?? new Date()).toISOString(),
    sourceLang,
    targetLang,
    files: manifestFiles,
    sent,
  };
  files.set(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    dirs: PROJECT_DIRS,
    files,
    segments,
    distinctSources: new Set(stores.flatMap(({ article }) => article.blocks.flatMap((block) => block.segments.map((segment) => segment.source)))).size,
    machine: sent.filter((entry) => !entry.settled).length,
    settled: sent.filter((entry) => entry.settled).length,
    conflicts: [...englishBySource].filter(([, forms]) => forms.size > 1).map(([source]) => source),
  };
}

/** What the translator sees beside the French in OmegaT's Comments pane. */
function commentsFor(segment: Segment): string[] {
  const comments: string[] = [];
  const pinned = new Set<string>();
  for (const term of segment.terms) {
    const line = `glossary: ${term.source} → ${term.target}`;
    if (!pinned.has(line)) comments.push(line);
    pinned.add(line);
  }
  for (const finding of segment.findings) comments.push(`${finding.severity} ${finding.rule}: ${finding.message}`);
  if (isSettled(segment)) comments.push(`approved in diptych (${segment.state}${segment.provenance?.edited ? ', edited' : ''})`);
  return comments;
}
