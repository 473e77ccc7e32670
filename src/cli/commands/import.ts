import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError, InputError } from '../../core/errors.js';
import { isUiLang, uiLangs } from '../../core/i18n.js';
import { mergeXliff, readXliff, type ImportReport } from '../../exchange/index.js';
import { loadGlossary, type Glossary } from '../../glossary/index.js';
import { publishArticle, recheckArticle } from '../../pipeline/index.js';
import { loadArticle } from '../../store/index.js';

interface ImportOptions {
  out: string;
  store?: string;
  glossary: string;
  uiLang: string;
}

export function importCommand(): Command {
  return new Command('import')
    .description('merge targets and states reviewed in a CAT tool (XLIFF 1.2 or 2.0) back into the store')
    .argument('<file>', 'XLIFF file exported by `diptych export` and edited elsewhere')
    .option('-o, --out <dir>', 'folder holding the store file named in the XLIFF (<file original>)', 'out')
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

Example:
  diptych import review/idlib-casques-blancs-2018-09-08.fr.xlf --out out`,
    )
    .action(async (file: string, options: ImportOptions) => {
      if (!isUiLang(options.uiLang)) throw new ConfigError(`unknown --ui-lang '${options.uiLang}'`, { hint: `use one of: ${uiLangs.join(', ')}` });
      let xml: string;
      try {
        xml = await readFile(file, 'utf8');
      } catch (error) {
        throw new InputError('cannot be read', { file, hint: 'check the path', cause: error });
      }
      const document = readXliff(xml, file);
      let store = options.store;
      if (store === undefined) {
        if (!document.original) throw new InputError('names no store file (<file original>)', { file, hint: 'pass --store <out/slug.json>' });
        // Only the file name is used, so a crafted "original" cannot point outside --out.
        store = path.join(options.out, path.basename(document.original));
      }
      const article = await loadArticle(store);
      if (!article) throw new InputError('store file not found', { file: store, hint: 'pass --out <dir> or --store <file> to say where it is' });
      if (document.sourceLang && document.sourceLang !== article.sourceLang) {
        throw new InputError(`source language '${document.sourceLang}' does not match the store's '${article.sourceLang}'`, { file, hint: 'import it into the right store with --store' });
      }
      const { article: merged, report } = mergeXliff(article, document);
      if (report.targetsUpdated.length + report.statesChanged.length > 0) {
        recheckArticle(merged, await glossaryFor(options.glossary));
        await publishArticle(merged, path.dirname(store), { uiLang: options.uiLang, name: path.basename(store, '.json') });
      }
      process.stdout.write(describeImport(file, store, report));
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

/** The glossary to re-check against; without one, pinned terms could not be verified, so say where to find it. */
async function glossaryFor(location: string): Promise<Glossary> {
  try {
    await stat(location);
  } catch (cause) {
    throw new ConfigError(`no glossary at '${location}'`, { hint: 'pass --glossary <file or folder>, the glossary the article was translated with', cause });
  }
  return loadGlossary(location);
}
