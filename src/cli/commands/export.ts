// `diptych export`: stored articles as the files CAT tools open (XLIFF 1.2 or
// 2.0, TMX, an OmegaT project), so translators review in the tools they use.

import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError, describeError, InputError } from '../../core/errors.js';
import { writeAtomic } from '../../core/files.js';
import { isUiLang, uiLangs, type UiLang } from '../../core/i18n.js';
import type { Article } from '../../core/types.js';
import { exportTmx, exportXliff12, exportXliff20 } from '../../exchange/index.js';
import { loadArticle } from '../../store/index.js';
import { DEFAULT_GLOSSARY, loadGlossaryAt } from '../settings.js';
import { COMMAND_SUMMARIES } from './summaries.js';

export const exchangeFormats = ['xliff', 'xliff2', 'tmx', 'omegat'] as const;
export type ExchangeFormat = (typeof exchangeFormats)[number];
type FileFormat = Exclude<ExchangeFormat, 'omegat'>;


/** File name ending and writer of each one-file-per-article format. */
const formats: Record<FileFormat, { extension: string; write: (article: Article, uiLang: UiLang) => string }> = {
  xliff: { extension: '.xlf', write: (article, uiLang) => exportXliff12(article, { uiLang }) },
  xliff2: { extension: '.xliff2.xlf', write: (article, uiLang) => exportXliff20(article, { uiLang }) },
  tmx: { extension: '.tmx', write: (article) => exportTmx(article) },
};

interface ExportOptions {
  format: ExchangeFormat;
  out?: string;
  uiLang: string;
  glossary: string;
}

export function exportCommand(): Command {
  return new Command('export')
    .description(COMMAND_SUMMARIES.export.description)
    .argument('<stores...>', 'store files written by `diptych translate` (out/<slug>.json)')
    .addOption(new Option('-f, --format <format>', 'exchange format').choices(exchangeFormats).default('xliff'))
    .option('-o, --out <dir>', 'folder for the exchange files (default: beside each store file); for omegat, the project folder')
    .option('-g, --glossary <path>', 'pinned glossary written into the OmegaT project', DEFAULT_GLOSSARY)
    .addOption(new Option('--ui-lang <lang>', 'language of the notes written into the file').choices(uiLangs).default('en'))
    .addHelpText(
      'after',
      `
Formats: xliff → <slug>.xlf (XLIFF 1.2: a <group> per paragraph, a <trans-unit> per sentence),
         xliff2 → <slug>.xliff2.xlf (XLIFF 2.0: a <unit> per paragraph, a <segment> per sentence),
         tmx → <slug>.tmx (TMX 1.4b: a <tu> per translated sentence),
         omegat → an OmegaT project in --out: source/<slug>.po (one entry per sentence,
           French shown, id kept), machine English in tm/auto/ (inserted on opening),
           approved English in the project memory, the pinned glossary in glossary/.
States new/translated/reviewed/final and the glossary's pinned forms travel with each sentence.
Bring a reviewed XLIFF file or OmegaT project back with \`diptych import\`.

Examples:
  diptych export out/idlib-casques-blancs-2018-09-08.fr.json
  diptych export out/*.json --format tmx --out exchange/
  diptych export out/*.json --format omegat --out omegat-project/`,
    )
    .action(async (stores: string[], options: ExportOptions) => {
      if (!isUiLang(options.uiLang)) throw new ConfigError(`unknown --ui-lang '${options.uiLang}'`, { hint: `use one of: ${uiLangs.join(', ')}` });
      const uiLang = options.uiLang;
      if (options.format === 'omegat') return exportOmegat(stores, options);
      const format = formats[options.format];
      let failed = 0;
      // Each store on its own: a bad one is reported and the others are still written.
      for (const store of stores) {
        try {
          const article = await loadArticle(store);
          if (!article) throw new InputError('not found', { file: store, hint: 'run `diptych translate` first, or check the path' });
          const slug = article.slug || path.basename(store, '.json');
          const file = path.join(options.out ?? path.dirname(store), `${slug}${format.extension}`);
          await writeAtomic(file, format.write(article, uiLang));
          const count = article.blocks.reduce((sum, block) => sum + block.segments.length, 0);
          process.stdout.write(`${file}: ${count} segments\n`);
        } catch (error) {
          failed++;
          process.stderr.write(`diptych export: ${describeError(error)}\n`);
        }
      }
      if (failed > 0) process.exitCode = 1;
    });
}

/** One OmegaT project for all the stores; a store that cannot be read stops the export (the project would be incomplete). */
async function exportOmegat(stores: string[], options: ExportOptions): Promise<void> {
  const { buildOmegatProject, OMEGAT_PROJECT_FILE } = await import('../../exchange/index.js');
  if (!options.out) throw new ConfigError('--format omegat needs --out <dir>', { hint: 'name a new folder for the OmegaT project' });
  const projectDir = options.out;
  if (await exists(path.join(projectDir, OMEGAT_PROJECT_FILE))) {
    // Its project memory may hold a translator's work: never overwrite it.
    throw new InputError('already holds an OmegaT project', { file: projectDir, hint: 'import it first (`diptych import`), or export into a new folder' });
  }
  const inputs = [];
  for (const store of stores) {
    const article = await loadArticle(store);
    if (!article) throw new InputError('not found', { file: store, hint: 'run `diptych translate` first, or check the path' });
    inputs.push({ article, file: store });
  }
  const loaded = await loadGlossaryAt(options.glossary, 'exporting');
  // No glossary at all (not an empty one): the project gets no glossary file.
  const glossary = loaded.version === 'none' ? undefined : loaded.entries;
  const project = buildOmegatProject(inputs, { projectDir, ...(glossary ? { glossary } : {}) });
  for (const dir of project.dirs) await mkdir(path.join(projectDir, dir), { recursive: true });
  for (const [name, content] of project.files) await writeAtomic(path.join(projectDir, name), content);
  process.stdout.write(
    `${projectDir}: OmegaT project, ${stores.length} articles, ${project.segments} segments (${project.distinctSources} distinct French), ` +
      `${project.machine} machine translations in tm/auto, ${project.settled} approved in the project memory` +
      `${glossary ? `, ${glossary.length} pinned glossary entries` : ''}\n`,
  );
  if (project.conflicts.length > 0) {
    process.stdout.write(
      `  ${project.conflicts.length} French sentences have different English in different segments; OmegaT shows one translation for each (the approved one, else the first):\n` +
        project.conflicts.map((source) => `    ${source}\n`).join(''),
    );
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
