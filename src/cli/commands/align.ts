// `diptych align`: a French document and the English translation that already
// exists, side by side — two files, two web addresses, or two folders whose
// files pair by name. The work is the pipeline's alignDocuments; this file
// resolves the arguments, makes the translator, glossary, cache and memory,
// and reports.

import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { describeError, InputError } from '../../core/errors.js';
import { uiLangs, type UiLang } from '../../core/i18n.js';
import { COMMAND_SUMMARIES } from './summaries.js';
import { stateDirOf, translatorSourceOf, translatorSpecFrom } from '../settings.js';
import { openWorkspace, workspaceSettings } from '../workspace.js';

interface AlignOptions {
  out: string;
  links?: string;
  presegmented?: boolean;
  translator: string;
  glossary: string;
  pivot: string;
  cache?: string;
  db?: string;
  uiLang: string;
  quiet?: boolean;
  json?: boolean;
  force?: boolean;
}

export function alignCommand(): Command {
  return new Command('align')
    .description(COMMAND_SUMMARIES.align.description)
    .argument('<french>', 'the French document: a file, an http(s) address, or a folder')
    .argument('<english>', 'its English translation: a file, an address, or a folder whose files pair with the French by name')
    .option('-o, --out <dir>', 'folder for the .json, .md and .html outputs', 'out')
    .option('--links <file>', 'also write the links, fr_indices<TAB>en_indices per line (0-based over the sentences); with folders, a folder of <name>.tsv')
    .option('--presegmented', 'both sides are one sentence per line, as given')
    .option('-t, --translator <id>', 'translator whose English of the French is compared with the human English', 'apertium')
    .option('-g, --glossary <path>', 'glossary file or folder of .tsv files', 'glossary')
    .option('--pivot <lang>', 'Apertium pivot language: es, ca or eo', 'es')
    .option('--cache <dir>', 'translation cache and memory folder (default: <out>/.diptych)')
    .option('--db <url>', 'store of record: a PostgreSQL address for a team (default DIPTYCH_DB, else SQLite in <out>/.diptych/store.sqlite)')
    .addOption(new Option('--ui-lang <lang>', "language of the pages' own words").choices(uiLangs).default('en'))
    .option('-q, --quiet', 'print only errors and warnings')
    .option('--json', 'print the report as JSON on stdout')
    .option('--force', "re-align even when neither document changed, dropping reviewed segments whose sentences are gone")
    .addHelpText('after', `
Each pair gives <out>/<name>.json, .md and .html like \`translate\`, with the
human English in the segments (provenance: human, the English document) and
<out>/index.html listing every article of the folder. Aligning the same pair
again keeps what reviewers did (unchanged documents: up to date; --force
re-aligns). Links the aligner is sure of count as approved
and join the translation memory, so \`batch\` reuses them; doubtful links and
sentences with no counterpart are findings for review.
Folders pair files by name, a language tag aside: a/x.fr.txt with b/x.en.txt or b/x.txt.

Examples:
  diptych align article.fr.txt article.en.txt --out out
  diptych align https://www.example.fr/a.html https://www.example.com/a.html
  diptych align archive/fr archive/en --out memory-build
  diptych align book.fr.txt book.en.txt --presegmented --links book.tsv`)
    .action(async (french: string, english: string, options: AlignOptions) => {
      await runAlign(french, english, options);
    });
}

interface Pair {
  french: { file: string; url?: string };
  english: { file: string; url?: string };
  /** Output name, for a fetched page (named after its address, not its kept copy). */
  slug?: string;
  /** Where --links writes this pair's links. */
  links?: string;
}

async function runAlign(french: string, english: string, options: AlignOptions): Promise<void> {
  const pairs = await pairsOf(french, english, options);
  const workspace = openWorkspace(workspaceSettings({ out: options.out, glossary: options.glossary, ...(options.cache !== undefined ? { cache: options.cache } : {}), ...(options.db !== undefined ? { db: options.db } : {}) }));
  // Loaded (and checked) before anything is written.
  const glossary = await workspace.glossary();
  const translator = await translatorSourceOf(await translatorSpecFrom(options)).create();
  const { TranslationCache } = await import('../../store/index.js');
  const { alignDocuments } = await import('../../pipeline/index.js');
  const { renderCorpusIndex } = await import('../../render/index.js');
  const { writeAtomic } = await import('../../core/files.js');
  await mkdir(options.out, { recursive: true });
  const store = await workspace.store();
  // One writer of whole articles at a time (a batch); a review may save meanwhile: commits meet on revisions.
  const release = await store.lock();
  const cache = await TranslationCache.open(await workspace.stateDir());
  const memory = await workspace.memory();
  const report: Array<{ french: string; english: string; outputs?: object; links?: number; doubtful?: number; unmatched?: number; warnings?: string[]; upToDate?: boolean; kept?: number; dropped?: number; error?: string }> = [];
  let aligned = 0;
  try {
    const context = { glossary, translator, cache, memory, outDir: options.out };
    for (const pair of pairs) {
      const names = { french: pair.french.url ?? pair.french.file, english: pair.english.url ?? pair.english.file };
      try {
        const done = await alignDocuments(pair, context, { outDir: options.out, store, ...(options.presegmented ? { presegmented: true } : {}), ...(pair.links ? { linksFile: pair.links } : {}), ...(options.force ? { force: true } : {}), uiLang: options.uiLang as UiLang });
        const doubtful = done.links.filter((link) => link.fr.length > 0 && link.en.length > 0 && link.confidence < 0.5).length;
        const unmatched = done.links.filter((link) => link.fr.length === 0 || link.en.length === 0).length;
        report.push({ ...names, outputs: done.outputs, links: done.links.length, doubtful, unmatched, warnings: done.warnings, upToDate: done.upToDate, kept: done.kept, dropped: done.dropped });
        aligned += 1;
        for (const warning of done.warnings) process.stderr.write(`diptych: warning: ${warning}\n`);
        if (done.dropped > 0) process.stderr.write(`diptych: warning: ${names.french}: --force dropped the review of ${done.dropped} segment(s) whose sentences are gone\n`);
        const outputs = done.outputs.json.replace(/\.json$/, '.{json,md,html}');
        if (!options.quiet && !options.json) {
          if (done.upToDate) process.stdout.write(`= ${names.french} + ${names.english}: up to date (${outputs} unchanged; --force re-aligns)\n`);
          else process.stdout.write(`✓ ${names.french} + ${names.english} → ${outputs} (${done.links.length} links, ${doubtful} doubtful, ${unmatched} unmatched${done.kept > 0 ? `, ${done.kept} reviewed kept` : ''})\n`);
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        // One pair of an archive that cannot be aligned does not stop the others.
        if (pairs.length === 1) throw error;
        process.stderr.write(`✗ ${describeError(error)}\n`);
        report.push({ ...names, error: describeError(error) });
        process.exitCode = 1;
      }
    }
    // The index is the folder's, not the run's: every article stored there (batch's and earlier alignments') stays listed.
    if (aligned > 0) {
      const { articles: stores } = await store.loadAll();
      const entries = stores.map(({ article }) => ({ article, files: { html: `${article.slug}.html`, md: `${article.slug}.md`, json: `${article.slug}.json` } }));
      await writeAtomic(path.join(options.out, 'index.html'), renderCorpusIndex(entries, { uiLang: options.uiLang as UiLang }));
    }
  } finally {
    await translator.close?.();
    await cache.close();
    await release();
    // The memory with it.
    await workspace.close();
  }
  if (options.json) process.stdout.write(JSON.stringify({ pairs: report }, null, 2) + '\n');
}

/** The pairs the two arguments name: two documents, or every file of two folders that pair by name. */
async function pairsOf(french: string, english: string, options: AlignOptions): Promise<Pair[]> {
  const [frDir, enDir] = await Promise.all([isFolder(french), isFolder(english)]);
  if (frDir !== enDir) throw new InputError('give two files (or addresses) or two folders, not one of each', { file: frDir ? french : english });
  if (!frDir) {
    const { slug, ...frenchDocument } = await documentOf(french, options);
    const { slug: _englishSlug, ...englishDocument } = await documentOf(english, options);
    return [{ french: frenchDocument, english: englishDocument, ...(slug ? { slug } : {}), ...(options.links ? { links: options.links } : {}) }];
  }
  const frFiles = await readdir(french);
  const enFiles = new Map((await readdir(english)).map((name) => [pairKey(name), name]));
  const pairs: Pair[] = [];
  for (const name of frFiles.sort()) {
    const partner = enFiles.get(pairKey(name));
    if (!partner) {
      process.stderr.write(`diptych: ${path.join(french, name)}: no English file of the same name in ${english}; skipped\n`);
      continue;
    }
    const links = options.links ? path.join(options.links, `${pairKey(name)}.tsv`) : undefined;
    pairs.push({ french: { file: path.join(french, name) }, english: { file: path.join(english, partner) }, ...(links ? { links } : {}) });
  }
  if (pairs.length === 0) throw new InputError('no files pair by name between the two folders', { file: french, hint: 'name each English file as its French one, e.g. x.fr.txt and x.en.txt' });
  if (options.links) await (await import('node:fs/promises')).mkdir(options.links, { recursive: true });
  return pairs;
}

/** "x.fr.txt", "x.en.md" and "x.txt" all pair as "x". */
function pairKey(name: string): string {
  return name.replace(/\.[^.]+$/, '').replace(/\.(fr|en)$/i, '');
}

async function documentOf(location: string, options: AlignOptions): Promise<{ file: string; url?: string; slug?: string }> {
  const { isWebAddress } = await import('../../read/index.js');
  if (!isWebAddress(location)) return { file: location };
  const { webArticleJob } = await import('../../pipeline/index.js');
  const job = await webArticleJob(location, { cacheDir: await stateDirOf(options.out, options.cache) });
  return { file: job.file, url: job.url, slug: job.slug };
}

async function isFolder(location: string): Promise<boolean> {
  return stat(location).then((info) => info.isDirectory(), () => false);
}
