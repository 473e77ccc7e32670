// `diptych translate`: the articles given (files or web addresses) through the pipeline, each to
// its .json, .md and .html.

import { Command } from 'commander';
import { describeError, InputError } from '../../core/errors.js';
import type { ArticleJob } from '../../batch/index.js';
import { isWebAddress } from '../../read/index.js';
import { stateDirOf } from '../settings.js';
import { addRunOptions, RUN_HELP, runJobs, type RunCommandOptions } from '../translation-run.js';
import { COMMAND_SUMMARIES } from './summaries.js';

export function translateCommand(): Command {
  return addRunOptions(
    new Command('translate')
      .description(COMMAND_SUMMARIES.translate.description)
      .argument('<files...>', 'articles to translate: files, or http(s) addresses of article pages')
      .option('--refetch', 'fetch web pages again even when a copy is kept in <out>/.diptych/pages')
      .addHelpText('after', `
Each article <name> gives <out>/<name>.json (the aligned store), <name>.md and <name>.html.
An article that cannot be read is reported and skipped; the others are still written.
${RUN_HELP}

Examples:
  diptych translate corpus/idlib-casques-blancs-2018-09-08.fr.txt
  diptych translate https://www.example.fr/international/article/syrie-idlib.html
  diptych translate saved-page.html article.md --out review --glossary glossary/
  diptych translate article.md --translator deepl --dry-run --price 25`),
  ).action(async (files: string[], options: RunCommandOptions) => {
    const jobs = await jobsFor(files, options);
    if (jobs.length > 0) await runJobs(jobs, options, false);
  });
}

/**
 * Files as they are; web addresses fetched into the run's state folder (or
 * read from the copy kept there). A page that cannot be fetched is reported and
 * the other articles still run.
 */
async function jobsFor(files: string[], options: RunCommandOptions): Promise<ArticleJob[]> {
  const jobs: ArticleJob[] = [];
  for (const file of files) {
    if (!isWebAddress(file)) {
      jobs.push({ file });
      continue;
    }
    const { webArticleJob } = await import('../../pipeline/index.js');
    try {
      const job = await webArticleJob(file, { cacheDir: await stateDirOf(options.out, options.cache), ...(options.refetch ? { refetch: true } : {}) });
      if (!options.quiet && !options.json) process.stdout.write(`${job.fetched ? '↓ fetched' : '= kept copy of'} ${file}\n`);
      jobs.push(job);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      process.stderr.write(`✗ ${describeError(error)}\n`);
      process.exitCode = 1;
    }
  }
  return jobs;
}
