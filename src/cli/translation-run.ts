// What `diptych translate` and `diptych batch` share: their run options and help, the embedded
// run of a list of article jobs, and the report printed after a run (also after a queued one).

import { Command, Option } from 'commander';
import { describeError } from '../core/errors.js';
import { uiLangs } from '../core/i18n.js';
import type { SkippedContent } from '../core/types.js';
import { runTranslation, type ArticleJob, type RunReport } from '../batch/index.js';
import { progressView } from './progress.js';
import { openWorkspace, workspaceSettings } from './workspace.js';
import { DEFAULT_GLOSSARY, glossarySource, resolveRunSettings, translatorSourceOf, type RunOptionValues } from './settings.js';

export interface RunCommandOptions extends RunOptionValues {
  dryRun?: boolean;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
  queue?: string | boolean;
  wait?: boolean;
  jobTimeout?: string;
  retries?: string;
  refetch?: boolean;
}

export function addRunOptions(command: Command): Command {
  return command
    .option('-o, --out <dir>', 'folder for the .json, .md and .html outputs', 'out')
    .option('-t, --translator <id>', 'translator, or a failover chain such as deepl,apertium', 'apertium')
    .option('-g, --glossary <path>', 'glossary file or folder of .tsv files', DEFAULT_GLOSSARY)
    .option('--pivot <lang>', 'Apertium pivot language: es, ca or eo', 'es')
    .addOption(new Option('--ui-lang <lang>', 'language of the pages\' own words').choices(uiLangs).default('en'))
    .option('--concurrency <n>', 'articles read at once', '8')
    .option('--cache <dir>', 'translation cache and memory folder, to share one between output folders (default: <out>/.diptych)')
    .option('--db <url>', 'store of record: a PostgreSQL address for a team (default DIPTYCH_DB, else SQLite in <out>/.diptych/store.sqlite)')
    .option('--budget <characters>', 'stop cleanly once this many characters have been sent to the translator (any engine; billed ones are charged what they bill)')
    .option('--dry-run', 'count the segments and characters that would be sent (cached ones excluded); write nothing')
    .option('--price <amount>', 'price per million characters, for the cost --dry-run shows')
    .option('--force', 'redo every article, even those up to date (cached translations are still reused)')
    .option('--fix [rules]', "apply the safe fixes to every engine's output, or only these comma-separated rules (default: Apertium's output, all fixes)")
    .option('--no-fix', 'never change machine output: no typography, number-format or pivot-word repairs')
    .option('-q, --quiet', 'print only errors')
    .option('--json', 'print the report as JSON on stdout');
}

export const RUN_HELP = `
Translations are cached in <out>/.diptych (or --cache <dir>) as they come back,
so a second run sends nothing, a changed paragraph re-translates only its own
sentences, and a run that was killed or stopped by --budget or a quota resumes
without paying again. Articles whose source, glossary and translator did not
change are skipped. Sentences edited by hand or approved in the store are never
replaced; an identical sentence elsewhere reuses the approved translation.
Exit code 1 when any article failed or translation stopped early.`;

export async function runJobs(jobs: ArticleJob[], options: RunCommandOptions, corpusIndex: boolean): Promise<void> {
  const settings = await resolveRunSettings(options);
  const { fix } = settings.translator;
  const view = progressView(options.quiet || options.json ? 'none' : 'auto');
  const workspace = openWorkspace(workspaceSettings(settings));
  let report: RunReport;
  try {
    report = await runTranslation(jobs, {
      outDir: settings.out,
      translator: translatorSourceOf(settings.translator),
      glossary: await glossarySource(settings.glossary),
      uiLang: settings.uiLang,
      concurrency: settings.concurrency,
      corpusIndex,
      onProgress: (progress) => view.update(progress),
      ...(settings.cache ? { cacheDir: settings.cache } : {}),
      ...(settings.budget !== undefined ? { budget: settings.budget } : {}),
      ...(settings.price !== undefined ? { pricePerMillionCharacters: settings.price } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
      ...(options.force ? { force: true } : {}),
      ...(fix !== undefined ? { fix } : {}),
      openStore: () => workspace.store(),
    });
  } finally {
    view.stop();
    await workspace.close();
  }
  if (options.json) process.stdout.write(JSON.stringify(reportJson(report), null, 2) + '\n');
  else printReport(report, options.quiet ?? false, new Map(jobs.flatMap((job) => (job.url ? [[job.file, job.url] as const] : []))));
  const incomplete = report.articles.some((outcome) => outcome.kind === 'incomplete');
  if (report.failed.length > 0 || incomplete || report.stopped !== undefined) process.exitCode = 1;
}

/** `addresses`: the web address of each kept page, shown instead of its file. */
export function printReport(report: RunReport, quiet: boolean, addresses: ReadonlyMap<string, string>): void {
  const name = (file: string): string => addresses.get(file) ?? file;
  const out = (line: string) => {
    if (!quiet) process.stdout.write(`${line}\n`);
  };
  for (const { file, slug, taken } of report.renamed ?? []) {
    out(`note: ${name(file)} is named ${slug}: ${taken.store} holds another article (${taken.owner}), which is kept`);
  }
  for (const outcome of report.articles) {
    if (outcome.kind === 'written') {
      const terms = outcome.terms.found > 0 ? `, glossary terms ${outcome.terms.satisfied}/${outcome.terms.found}` : '';
      out(`✓ ${name(outcome.file)} → ${outcome.outputs.json.replace(/\.json$/, '.{json,md,html}')} (${outcome.segments} segments${terms})`);
      for (const item of outcome.skipped) out(`  not translated: ${describeSkipped(name(outcome.file), item)}`);
    } else if (outcome.kind === 'failed') {
      process.stderr.write(`✗ ${describeError(outcome.error)}\n`);
    } else if (outcome.kind === 'incomplete') {
      out(`… ${name(outcome.file)}: ${outcome.untranslated} segment${outcome.untranslated === 1 ? '' : 's'} not translated; earlier outputs kept`);
    }
  }
  if (report.stopped !== undefined) process.stderr.write(`diptych: ${describeError(report.stopped)}\n`);
  if (report.dryRun) {
    out(dryRunTable(report));
    return;
  }
  out(summaryTable(report));
}

/** "page.html:51: iframe (Vidéo : Idlib sous les bombes)": where it was and what it was. */
function describeSkipped(file: string, item: SkippedContent): string {
  const what = SKIPPED_NAMES.get(item.kind) ?? `<${item.kind}> element`;
  return `${file}${item.line !== undefined ? `:${item.line}` : ''}: ${what}${item.detail ? ` (${item.detail})` : ''} left out`;
}

const SKIPPED_NAMES = new Map([
  ['iframe', 'embedded frame'], ['video', 'video'], ['audio', 'audio'], ['embed', 'embedded object'], ['object', 'embedded object'],
  ['form', 'form'], ['canvas', 'canvas drawing'], ['svg', 'SVG drawing'], ['math', 'formula'], ['map', 'image map'], ['html', 'raw HTML'],
]);

function table(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value.padStart(valueWidth)}`).join('\n');
}

const number = (n: number): string => n.toLocaleString('en');

function summaryTable(report: RunReport): string {
  const t = report.totals;
  const translatedNow = t.segments - t.cached - t.memory - t.kept;
  const rows: Array<[string, string]> = [
    ['articles written', number(t.written)],
    ['articles up to date', number(t.skipped)],
    ['articles failed', number(t.failed)],
    ...(t.incomplete > 0 ? [['articles incomplete', number(t.incomplete)] as [string, string]] : []),
    ['segments', number(t.segments)],
    ['  from the cache', number(t.cached)],
    ['  from the memory', number(t.memory)],
    ['  kept (edited/approved)', number(t.kept)],
    ['  translated in this run', number(translatedNow)],
    ['sent to the translator', `${number(t.sent)} (identical sentences once)`],
    ['characters sent', number(t.characters)],
    ['characters billed', number(t.billed)],
    ['time', `${(t.elapsedMs / 1000).toFixed(1)} s`],
  ];
  return `${t.written} written, ${t.failed} failed, ${t.skipped} up to date, ${t.segments} segments\n${table(rows)}${report.index ? `\nindex: ${report.index}` : ''}`;
}

function dryRunTable(report: RunReport): string {
  const dry = report.dryRun!;
  const rows = dry.articles.map((row) => [row.file, number(row.segments), number(row.toSend), number(row.characters)]);
  rows.push(['total', number(dry.articles.reduce((sum, row) => sum + row.segments, 0)), number(dry.toSend), number(dry.characters)]);
  const header = ['article', 'segments', 'to send', 'characters'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const format = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const lines = [`dry run: nothing sent, nothing written (${report.totals.skipped} article${report.totals.skipped === 1 ? '' : 's'} up to date)`, format(header), ...rows.map(format)];
  if (dry.cost !== undefined) lines.push(`estimated cost: ${dry.cost.toFixed(2)} (${number(dry.characters)} characters at the given price per million)`);
  return lines.join('\n');
}

export function reportJson(report: RunReport): unknown {
  return {
    articles: report.articles.map((outcome) => {
      if (outcome.kind === 'failed' || outcome.kind === 'incomplete') return { ...outcome, error: describeError(outcome.error) };
      if (outcome.kind === 'written') return { kind: outcome.kind, file: outcome.file, slug: outcome.slug, outputs: outcome.outputs, segments: outcome.segments, terms: outcome.terms, findings: outcome.findings.length, skipped: outcome.skipped };
      return outcome;
    }),
    totals: report.totals,
    ...(report.stopped !== undefined ? { stopped: describeError(report.stopped) } : {}),
    ...(report.dryRun ? { dryRun: report.dryRun } : {}),
    ...(report.index ? { index: report.index } : {}),
    ...(report.renamed ? { renamed: report.renamed } : {}),
  };
}
