// `diptych batch`: every article of a folder, run here or queued for `diptych worker` processes
// (--queue), with the corpus index.

import { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { collectArticles, type ArticleJob, type SkippedEntry } from '../../batch/index.js';
import { progressView } from '../progress.js';
import { glossarySource, resolveRunSettings, translatorSourceOf, wholeNumber } from '../settings.js';
import { addRunOptions, printReport, reportJson, RUN_HELP, runJobs, type RunCommandOptions } from '../translation-run.js';
import { COMMAND_SUMMARIES } from './summaries.js';

export function batchCommand(): Command {
  return addRunOptions(
    new Command('batch')
      .description(COMMAND_SUMMARIES.batch.description)
      .argument('<dir>', 'folder of articles (searched recursively)')
      .addHelpText('after', `
Output names follow the articles' paths inside <dir>: news/a.txt → <out>/news--a.json.
<out>/index.html lists every article with its counts and links to its pages.
${RUN_HELP}

With --queue, the articles that need work become jobs in PostgreSQL (pg-boss)
for \`diptych worker\` processes on any machine that reaches the database and
the folders; the translation cache and memory then live in the database. The
connection string may be left to DIPTYCH_QUEUE_URL (--queue without a value);
it is never printed with its password.

Examples:
  diptych batch corpus --out out
  diptych batch corpus --out out --translator deepl --budget 200000
  diptych batch corpus --out out --json > report.json
  diptych batch corpus --out /shared/out --translator deepl --queue postgres://diptych@db/diptych`),
  )
    .option('--queue [url]', 'enqueue the articles for `diptych worker` processes (PostgreSQL; default DIPTYCH_QUEUE_URL)')
    .option('--wait', 'with --queue: follow the run until every article is done (default on a terminal)')
    .option('--no-wait', 'with --queue: enqueue and return')
    .option('--job-timeout <seconds>', 'with --queue: seconds a worker has for one article before another takes it over', '900')
    .option('--retries <n>', 'with --queue: attempts after the first for an article that fails', '2')
    .action(async (dir: string, options: RunCommandOptions) => {
      const skipped: SkippedEntry[] = [];
      const jobs = await collectArticles(dir, [options.out, ...(options.cache ? [options.cache] : [])], (entry) => skipped.push(entry));
      // Said even with --json (on stderr): an article left out without a word is an article lost.
      if (!options.quiet) for (const entry of skipped.sort((a, b) => (a.file < b.file ? -1 : 1))) process.stderr.write(`diptych: skipped ${entry.file}: ${entry.reason}\n`);
      const { queueUrlFrom } = await import('../../batch/queue/queue-url.js');
      const url = queueUrlFrom(options.queue);
      if (url) await runQueued(dir, jobs, url, options);
      else await runJobs(jobs, options, true);
    });
}

async function runQueued(dir: string, jobs: ArticleJob[], url: string, options: RunCommandOptions): Promise<void> {
  const settings = await resolveRunSettings(options);
  for (const [flag, set] of [['--dry-run', options.dryRun], ['--budget', options.budget !== undefined], ['--cache', options.cache !== undefined]] as const) {
    if (set) throw new ConfigError(`${flag} does not go with --queue`, { hint: flag === '--cache' ? 'with a queue the cache is in the database; see `diptych cache import`' : `run without --queue for ${flag}` });
  }
  const { runQueuedBatch } = await import('../../batch/queue/enqueue.js');
  const { displayUrl } = await import('../../batch/queue/connection.js');
  const wait = options.wait ?? process.stdout.isTTY === true;
  const view = progressView(options.quiet || options.json || !wait ? 'none' : 'auto');
  let result;
  try {
    result = await runQueuedBatch(jobs, {
      url,
      inputDir: dir,
      outDir: settings.out,
      translator: translatorSourceOf(settings.translator),
      spec: settings.translator,
      glossary: await glossarySource(settings.glossary),
      uiLang: settings.uiLang,
      ...(options.force ? { force: true } : {}),
      wait,
      jobTimeoutSeconds: wholeNumber('--job-timeout', options.jobTimeout ?? '900', 1),
      retries: wholeNumber('--retries', options.retries ?? '2', 0),
      corpusIndex: true,
      onQueued: ({ run, queued, upToDate }) => {
        if (!options.quiet && !options.json) {
          process.stderr.write(`diptych: queued ${queued} article${queued === 1 ? '' : 's'} (${upToDate} up to date) as run ${run} on ${displayUrl(url)}\n`);
          if (!wait && queued > 0) process.stderr.write(`diptych: start workers with \`diptych worker --queue …\`; run this command again to see what is left\n`);
        }
      },
      onProgress: (progress) => view.update(progress),
    });
  } finally {
    view.stop();
  }
  const report = result.report;
  if (!report) {
    if (options.json) process.stdout.write(JSON.stringify({ run: result.run, queued: result.queued }, null, 2) + '\n');
    return;
  }
  if (options.json) process.stdout.write(JSON.stringify({ run: result.run, ...(reportJson(report) as object) }, null, 2) + '\n');
  else printReport(report, options.quiet ?? false, new Map());
  if (report.failed.length > 0) process.exitCode = 1;
}
