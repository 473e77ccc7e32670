// `diptych import`: what a translator changed in a CAT tool comes back into the
// stores through the pipeline's own merge, under the output folder's lock, so
// a review running at the same time never loses a save.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError, describeError, InputError } from '../../core/errors.js';
import { isUiLang, uiLangs, type UiLang } from '../../core/i18n.js';
import { MAX_EXCHANGE_FILE_BYTES, MAX_SEGMENT_TEXT } from '../../core/limits.js';
import { readXliff, type ImportReport, type OmegatProject } from '../../exchange/index.js';
import type { Glossary } from '../../glossary/index.js';
import { importReturned, mergeOmegat, mergeXliff } from '../../pipeline/index.js';
import type { ArticleStore } from '../../store/index.js';
import { openWorkspace, workspaceSettings, type Workspace } from '../workspace.js';
import { COMMAND_SUMMARIES } from './summaries.js';

interface ImportOptions {
  out?: string;
  store?: string;
  glossary: string;
  uiLang: string;
}

export function importCommand(): Command {
  return new Command('import')
    .description(COMMAND_SUMMARIES.import.description)
    .argument('<file>', 'XLIFF file exported by `diptych export` and edited elsewhere, or the OmegaT project folder')
    .option('-o, --out <dir>', 'folder holding the stores: the one named in the XLIFF (<file original>), or each of an OmegaT project\'s, found by name (default out)')
    .option('--store <file>', 'store file to merge into, instead of <out>/<original>')
    .option('-g, --glossary <path>', 'glossary the merged English is re-checked against', 'glossary')
    .addOption(new Option('--ui-lang <lang>', "language of the pages' own words").choices(uiLangs).default('en'))
    .addHelpText(
      'after',
      `
Sentences whose French no longer matches the store are refused and listed; the
others are merged, pinned terms and checks are run again on the article (as
after a translation), the store and its .md/.html are rewritten, and the exit
code is 1 when anything was refused.

From an OmegaT project, the English is taken from the project memory (what
OmegaT saved) and the translated documents in target/. What a translator
changed is marked edited (with OmegaT's user id and time) and reviewed; what
they saved unchanged becomes reviewed.

Examples:
  diptych import review/idlib-casques-blancs-2018-09-08.fr.xlf --out out
  diptych import omegat-project/ --out out`,
    )
    .action(async (file: string, options: ImportOptions) => {
      if (!isUiLang(options.uiLang)) throw new ConfigError(`unknown --ui-lang '${options.uiLang}'`, { hint: `use one of: ${uiLangs.join(', ')}` });
      if (await isDirectory(file)) return importOmegat(file, options, options.uiLang);
      let xml: string;
      try {
        // Refused before it is read: parsing an XML file takes many times its size in memory.
        const { size } = await stat(file);
        if (size > MAX_EXCHANGE_FILE_BYTES) {
          throw new InputError(`is ${megabytes(size)}, larger than the ${megabytes(MAX_EXCHANGE_FILE_BYTES)} an exported article can be`, {
            file,
            hint: `import the file exported by \`diptych export\` for one article; an English target may have at most ${MAX_SEGMENT_TEXT.toLocaleString('en')} characters`,
          });
        }
        xml = await readFile(file, 'utf8');
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError('cannot be read', { file, hint: 'check the path', cause: error });
      }
      const document = readXliff(xml, file);
      let store = options.store;
      if (store === undefined) {
        if (!document.original) throw new InputError('names no store file (<file original>)', { file, hint: 'pass --store <out/slug.json>' });
        // Only the file name is used, so a crafted "original" cannot point outside --out.
        store = path.join(options.out ?? 'out', path.basename(document.original));
      }
      // Constants for the locked work below (a closure does not keep the narrowing of `store` and `options.uiLang`).
      const target = store;
      const uiLang = options.uiLang;
      // The store is read and written under the folder's lock: a review (or a batch) writing it meanwhile would lose one side's work.
      const workspace = openWorkspace(workspaceSettings({ out: path.dirname(target), glossary: options.glossary }));
      const slug = path.basename(target, '.json');
      const report = await withOutputLock(workspace, async (store) =>
        importReturned({
          store,
          slug,
          glossary: () => workspace.glossary('re-checking'),
          uiLang,
          hint: 'pass --out <dir> or --store <file> to say where it is',
          check: (article) => {
            if (document.sourceLang && document.sourceLang !== article.sourceLang) {
              throw new InputError(`source language '${document.sourceLang}' does not match the store's '${article.sourceLang}'`, { file, hint: 'import it into the right store with --store' });
            }
          },
          merge: (article) => {
            const merged = mergeXliff(article, document);
            return { ...merged, changed: merged.report.targetsUpdated.length + merged.report.statesChanged.length > 0 };
          },
        }),
      ).finally(() => workspace.close());
      process.stdout.write(describeImport(file, target, report));
      if (report.refused.length > 0) process.exitCode = 1;
    });
}

export function describeImport(file: string, store: string, report: ImportReport): string {
  const lines = [
    `${file} → ${store}: ${report.targetsUpdated.length} targets updated, ${report.statesChanged.length} states changed, ` +
      `${report.unchanged} unchanged, ${report.refused.length} refused`,
  ];
  for (const refused of report.refused) {
    lines.push(`  refused ${refused.id}${refused.line ? ` (${file}:${refused.line})` : ''}: ${refused.reason}`);
  }
  if (report.refused.some((refused) => refused.reason.startsWith('source changed'))) {
    lines.push('  export the article again and review the refused sentences in the new file');
  }
  return `${lines.join('\n')}\n`;
}

/** Run `work` on the store holding the output folder's lock, the one `translate` and `batch` take: one writer process of whole articles at a time. */
async function withOutputLock<T>(workspace: Workspace, work: (store: ArticleStore) => Promise<T>): Promise<T> {
  const outDir = workspace.settings.out;
  // Checked first: opening the store would create the folder a mistyped --out names.
  if (!(await isDirectory(outDir))) throw new InputError('no such output folder', { file: outDir, hint: 'pass --out <dir>, the folder holding the stores' });
  const store = await workspace.store();
  const release = await store.lock();
  try {
    return await work(store);
  } finally {
    await release();
  }
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every store of an OmegaT project: merged, re-checked and published through
 * the pipeline's per-article path. A store that cannot be read is reported
 * and the others are still merged.
 */
async function importOmegat(dir: string, options: ImportOptions, uiLang: UiLang): Promise<void> {
  const { readOmegatProject } = await import('../../exchange/index.js');
  // The project does not choose where diptych writes: its stores are found by slug in --out.
  const workspace = openWorkspace(workspaceSettings({ ...options, out: options.out ?? 'out' }));
  const project = await readOmegatProject(dir, { storeDir: workspace.settings.out });
  const glossary = await workspace.glossary('re-checking');
  await withOutputLock(workspace, (store) => mergeReturnedFiles(dir, project, store, glossary, uiLang)).finally(() => workspace.close());
}

async function mergeReturnedFiles(dir: string, project: OmegatProject, store: ArticleStore, glossary: Glossary, uiLang: UiLang): Promise<void> {
  let refused = 0;
  let failed = 0;
  const totals = { sent: 0, returned: 0 };
  for (const returned of project.files) {
    try {
      const slug = path.basename(returned.store, '.json');
      const report = await importReturned({
        store,
        slug,
        glossary,
        uiLang,
        hint: 'pass --out <dir>, the folder holding the stores the project was exported from',
        merge: (article) => {
          const merged = mergeOmegat(article, returned.segments, project.sent);
          return { ...merged, changed: merged.report.edited.length + merged.report.confirmed.length > 0 };
        },
      });
      refused += report.refused.length;
      totals.sent += report.sent;
      totals.returned += report.unchanged.length + report.confirmed.length + report.edited.length;
      const lines = [
        `${returned.read} → ${returned.store}: ${report.unchanged.length} as sent, ${report.confirmed.length} confirmed, ` +
          `${report.edited.length} edited, ${report.untranslated.length} without English, ${report.refused.length} refused`,
        ...report.refused.map((item) => `  refused ${item.id} (${item.file}${item.line ? `:${item.line}` : ''}): ${item.reason}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    } catch (error) {
      failed++;
      process.stderr.write(`diptych import: ${describeError(error)}\n`);
    }
  }
  process.stdout.write(`${dir}: ${totals.returned}/${totals.sent} segments sent came back with English, ${refused} refused\n`);
  if (project.alternatives > 0) {
    process.stdout.write(`  ${project.alternatives} alternative translations in the project memory were not imported (only default translations are)\n`);
  }
  if (refused > 0) process.stdout.write('  export the refused articles again and translate the refused sentences in a new project\n');
  if (refused > 0 || failed > 0) process.exitCode = 1;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
