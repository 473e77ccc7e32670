import path from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError, describeError, InputError } from '../../core/errors.js';
import { writeAtomic } from '../../core/files.js';
import { isUiLang, uiLangs, type UiLang } from '../../core/i18n.js';
import type { Article } from '../../core/types.js';
import { exportTmx, exportXliff12, exportXliff20 } from '../../exchange/index.js';
import { loadArticle } from '../../store/index.js';

export const exchangeFormats = ['xliff', 'xliff2', 'tmx'] as const;
export type ExchangeFormat = (typeof exchangeFormats)[number];

/** File name ending and writer of each format. */
const formats: Record<ExchangeFormat, { extension: string; write: (article: Article, uiLang: UiLang) => string }> = {
  xliff: { extension: '.xlf', write: (article, uiLang) => exportXliff12(article, { uiLang }) },
  xliff2: { extension: '.xliff2.xlf', write: (article, uiLang) => exportXliff20(article, { uiLang }) },
  tmx: { extension: '.tmx', write: (article) => exportTmx(article) },
};

interface ExportOptions {
  format: ExchangeFormat;
  out?: string;
  uiLang: string;
}

export function exportCommand(): Command {
  return new Command('export')
    .description('write CAT exchange files from store files: XLIFF 1.2 (default), XLIFF 2.0 or TMX 1.4b')
    .argument('<stores...>', 'store files written by `diptych translate` (out/<slug>.json)')
    .addOption(new Option('-f, --format <format>', 'exchange format').choices(exchangeFormats).default('xliff'))
    .option('-o, --out <dir>', 'folder for the exchange files (default: beside each store file)')
    .addOption(new Option('--ui-lang <lang>', 'language of the notes written into the file').choices(uiLangs).default('en'))
    .addHelpText(
      'after',
      `
Formats: xliff → <slug>.xlf (XLIFF 1.2: a <group> per paragraph, a <trans-unit> per sentence),
         xliff2 → <slug>.xliff2.xlf (XLIFF 2.0: a <unit> per paragraph, a <segment> per sentence),
         tmx → <slug>.tmx (TMX 1.4b: a <tu> per translated sentence).
States new/translated/reviewed/final and the glossary's pinned forms travel with each sentence.
Bring a reviewed XLIFF file back with \`diptych import\`.

Examples:
  diptych export out/idlib-casques-blancs-2018-09-08.fr.json
  diptych export out/*.json --format tmx --out exchange/`,
    )
    .action(async (stores: string[], options: ExportOptions) => {
      if (!isUiLang(options.uiLang)) throw new ConfigError(`unknown --ui-lang '${options.uiLang}'`, { hint: `use one of: ${uiLangs.join(', ')}` });
      const uiLang = options.uiLang;
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
