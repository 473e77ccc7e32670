import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError, describeError, InputError } from '../../core/errors.js';
import { isUiLang, uiLangs } from '../../core/i18n.js';
import { loadGlossary, type Glossary } from '../../glossary/index.js';
import { translateFiles, type ArticleJob, type RunReport } from '../../pipeline/index.js';
import { formatOf, slugify, supportedExtensions } from '../../read/index.js';
import { createTranslator } from '../../translate/index.js';

interface RunOptions {
  out: string;
  translator: string;
  glossary: string;
  pivot: string;
  uiLang: string;
  concurrency: string;
}

const DEFAULT_GLOSSARY = 'glossary';

function addRunOptions(command: Command): Command {
  return command
    .option('-o, --out <dir>', 'folder for the .json, .md and .html outputs', 'out')
    .option('-t, --translator <id>', 'translator, or a failover chain such as deepl,apertium', 'apertium')
    .option('-g, --glossary <path>', 'glossary file or folder of .tsv files', DEFAULT_GLOSSARY)
    .option('--pivot <lang>', 'Apertium pivot language: es, ca or eo', 'es')
    .addOption(new Option('--ui-lang <lang>', 'language of the pages\' own words').choices(uiLangs).default('en'))
    .option('--concurrency <n>', 'articles read and written at once', '8');
}

export function translateCommand(): Command {
  return addRunOptions(
    new Command('translate')
      .description('translate French articles (.txt, .md, .html) into aligned French/English outputs')
      .argument('<files...>', 'articles to translate')
      .addHelpText('after', `
Each article <name> gives <out>/<name>.json (the aligned store), <name>.md and <name>.html.
An article that cannot be read is reported and skipped; the others are still written.

Examples:
  diptych translate corpus/idlib-casques-blancs-2018-09-08.fr.txt
  diptych translate article.md --out review --glossary glossary/`),
  ).action(async (files: string[], options: RunOptions) => {
    await run(files.map((file) => ({ file })), options);
  });
}

export function batchCommand(): Command {
  return addRunOptions(
    new Command('batch')
      .description(`translate every article (${supportedExtensions.join(', ')}) under a folder`)
      .argument('<dir>', 'folder of articles (searched recursively)')
      .addHelpText('after', `
Output names follow the articles' paths inside <dir>: news/a.txt → <out>/news--a.json.

Example:
  diptych batch corpus --out out`),
  ).action(async (dir: string, options: RunOptions) => {
    await run(await collectArticles(dir), options);
  });
}

async function run(jobs: ArticleJob[], options: RunOptions): Promise<void> {
  if (!isUiLang(options.uiLang)) throw new ConfigError(`unknown --ui-lang '${options.uiLang}'`, { hint: `use one of: ${uiLangs.join(', ')}` });
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ConfigError(`--concurrency must be a whole number ≥ 1, not '${options.concurrency}'`);
  // The glossary is checked before anything is translated, so a broken one costs nothing.
  const glossary = await openGlossary(options.glossary);
  const translator = createTranslator(options.translator, { apertium: { pivot: options.pivot } });
  try {
    const report = await translateFiles(jobs, { translator, glossary, outDir: options.out, uiLang: options.uiLang, concurrency });
    printReport(report);
    if (report.failed.length > 0) process.exitCode = 1;
  } finally {
    await translator.close?.();
  }
}

async function openGlossary(location: string): Promise<Glossary> {
  if (location === DEFAULT_GLOSSARY && !(await exists(location))) {
    process.stderr.write(`diptych: no ${DEFAULT_GLOSSARY}/ folder here; translating without a glossary\n`);
    return { entries: [], version: 'none', files: [] };
  }
  return loadGlossary(location);
}

function printReport(report: RunReport): void {
  for (const item of report.written) {
    const terms = item.terms.found > 0 ? `, glossary terms ${item.terms.satisfied}/${item.terms.found}` : '';
    process.stdout.write(`✓ ${item.file} → ${item.outputs.json.replace(/\.json$/, '.{json,md,html}')} (${item.segments} segments${terms})\n`);
  }
  for (const { error } of report.failed) process.stderr.write(`✗ ${describeError(error)}\n`);
  const segments = report.written.reduce((sum, item) => sum + item.segments, 0);
  process.stdout.write(`${report.written.length} written, ${report.failed.length} failed, ${segments} segments\n`);
}

/** Every supported article under dir, in a stable order, named after its relative path. */
export async function collectArticles(dir: string): Promise<ArticleJob[]> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new InputError('no such folder', { file: dir, hint: 'check the path', cause: error });
  }
  if (!info.isDirectory()) throw new InputError('is a file, not a folder', { file: dir, hint: 'use `diptych translate` for single files' });
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && formatOf(entry.name) !== undefined)
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  if (files.length === 0) throw new InputError('holds no articles', { file: dir, hint: `add ${supportedExtensions.join(', ')} files` });
  return files.map((file) => {
    const relative = path.relative(dir, file);
    const withoutExtension = relative.slice(0, relative.length - path.extname(relative).length);
    return { file, slug: withoutExtension.split(path.sep).map(slugify).join('--') };
  });
}

async function exists(location: string): Promise<boolean> {
  return stat(location).then(() => true, () => false);
}
