// omegat.project: the project's settings as OmegaT 3.x reads them.

import type { Element, Root } from 'xast';
import { x } from 'xastscript';
import { InputError } from '../../core/errors.js';
import { parseXmlFile, serializeXml } from '../../core/xml.js';

export const PROJECT_FILE = 'omegat.project';

export interface ProjectSettings {
  sourceLang: string;
  targetLang: string;
  /** Folders, relative to the project, each ending in "/". */
  sourceDir: string;
  targetDir: string;
  tmDir: string;
  glossaryDir: string;
}

export const DEFAULT_DIRS = { sourceDir: 'source/', targetDir: 'target/', tmDir: 'tm/', glossaryDir: 'glossary/' } as const;

/**
 * French → English, OmegaT's sentence segmentation off (each PO entry is
 * already one diptych sentence), default translations on (one English per
 * distinct French, as OmegaT normally works), tags kept.
 */
export function writeProjectFile(settings: { sourceLang: string; targetLang: string }): string {
  const element = (name: string, value: string) => x(name, value);
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8" standalone="no"' },
      x('omegat', [
        x('project', { version: '1.0' }, [
          element('source_dir', DEFAULT_DIRS.sourceDir),
          element('target_dir', DEFAULT_DIRS.targetDir),
          element('tm_dir', DEFAULT_DIRS.tmDir),
          element('glossary_dir', DEFAULT_DIRS.glossaryDir),
          // The translator's own additions go to their own file, so re-exporting the pinned glossary never overwrites them.
          element('glossary_file', `${DEFAULT_DIRS.glossaryDir}glossary.txt`),
          element('dictionary_dir', 'dictionary/'),
          element('source_lang', settings.sourceLang),
          element('target_lang', settings.targetLang),
          element('source_tok', 'org.omegat.tokenizer.LuceneFrenchTokenizer'),
          element('target_tok', 'org.omegat.tokenizer.LuceneEnglishTokenizer'),
          element('sentence_seg', 'false'),
          element('support_default_translations', 'true'),
          element('remove_tags', 'false'),
        ]),
      ]),
    ],
  };
  return serializeXml(tree, new Set());
}

/** The settings import needs; a missing or foreign file is reported with what to do. */
export function readProjectFile(xml: string, file: string): ProjectSettings {
  const hint = `give the folder \`diptych export --format omegat\` wrote (it holds ${PROJECT_FILE})`;
  const tree = parseXmlFile(xml, file, hint);
  const project = find(tree, 'project');
  if (!project) throw new InputError('not an OmegaT project file (no <project>)', { file, hint });
  const value = (name: string) => {
    const element = project.children.find((node): node is Element => node.type === 'element' && node.name === name);
    const text = element?.children.map((node) => (node.type === 'text' ? node.value : '')).join('').trim();
    return text === '' ? undefined : text;
  };
  // "__DEFAULT__" is how OmegaT itself writes the standard folders.
  const dir = (name: string, fallback: string) => {
    const text = value(name);
    if (text === undefined || text === '__DEFAULT__') return fallback;
    return text.endsWith('/') ? text : `${text}/`;
  };
  const sourceLang = value('source_lang');
  const targetLang = value('target_lang');
  if (!sourceLang || !targetLang) throw new InputError('names no source_lang or target_lang', { file, hint });
  return {
    sourceLang,
    targetLang,
    sourceDir: dir('source_dir', DEFAULT_DIRS.sourceDir),
    targetDir: dir('target_dir', DEFAULT_DIRS.targetDir),
    tmDir: dir('tm_dir', DEFAULT_DIRS.tmDir),
    glossaryDir: dir('glossary_dir', DEFAULT_DIRS.glossaryDir),
  };
}

function find(root: Root | Element, name: string): Element | undefined {
  for (const node of root.children) {
    if (node.type !== 'element') continue;
    if (node.name === name) return node;
    const inner = find(node, name);
    if (inner) return inner;
  }
  return undefined;
}
