// `diptych worker`: takes articles from the queue a `batch --queue` filled and
// works them with the translator and glossary stored once in the run's
// settings, resolved here through the same settings module as every command.

import { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { databaseUrlFrom, glossaryOnDemand, storeDatabaseFrom, translatorSourceOf } from '../settings.js';
import { COMMAND_SUMMARIES } from './summaries.js';

interface WorkerCommandOptions {
  queue?: string | boolean;
  concurrency: string;
  out?: string;
  in?: string;
  db?: string;
  lease: string;
  quiet?: boolean;
}

export function workerCommand(): Command {
  return new Command('worker')
    .description(COMMAND_SUMMARIES.worker.description)
    .option('--queue [url]', 'the queue\'s PostgreSQL connection string (default DIPTYCH_QUEUE_URL)')
    .option('--concurrency <n>', 'articles worked on at once (while some wait for the translator, others are read and written)', '4')
    .option('-o, --out <dir>', 'output folder as this machine sees it (default: the one the batch was given)')
    .option('--in <dir>', 'input folder as this machine sees it (default: the one the batch was given)')
    .option('--db <url>', 'store of record the articles are committed to (default DIPTYCH_DB, else the queue\'s own database)')
    .option('--lease <seconds>', 'how long a sentence this worker is translating stays reserved for it without news (a killed worker\'s sentences wait this long)', '10')
    .option('-q, --quiet', 'print only errors')
    .addHelpText('after', `
Workers commit each article to the store of record (the queue's database unless
--db says otherwise) and publish its files into the output folder; they keep the
translation cache and memory in the database, so no two workers pay for the same
sentence. \`diptych publish --db <url> --out <dir>\` writes every article's files
wherever readers need them, so the output folder need not be a shared volume. The
translator's credentials (DEEPL_AUTH_KEY, OPENAI_API_KEY, …) come from each
worker's own environment. A worker killed in the middle of an article leaves no
half-written file; its job goes back to the queue once the batch's
--job-timeout has passed. SIGINT or SIGTERM: finish the articles in progress,
then exit.

Examples:
  DIPTYCH_QUEUE_URL=postgres://diptych@db/diptych diptych worker --queue
  diptych worker --queue postgres://diptych@db/diptych --concurrency 4 --out /mnt/shared/out`)
    .action(async (options: WorkerCommandOptions) => {
      const url = await databaseUrlFrom(options.queue, 'no queue to work for');
      const { displayUrl } = await import('../../batch/queue/connection.js');
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new ConfigError(`--concurrency must be a whole number ≥ 1, not '${options.concurrency}'`);
      const lease = Number(options.lease);
      if (!Number.isFinite(lease) || lease < 1) throw new ConfigError(`--lease must be a number of seconds ≥ 1, not '${options.lease}'`);
      const stop = new AbortController();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
      const { runWorker } = await import('../../batch/queue/worker.js');
      // One line as each article starts (→) and ends (✓ written, = up to date, ✗ failed).
      const log = (line: string) => {
        if (!options.quiet || line.startsWith('✗')) process.stderr.write(`${line}\n`);
      };
      if (!options.quiet) process.stderr.write(`diptych worker ${process.pid}: waiting for articles on ${displayUrl(url)}\n`);
      await runWorker({
        url,
        concurrency,
        ...(options.out ? { outDir: options.out } : {}),
        ...(options.in ? { inputDir: options.in } : {}),
        ...(storeDatabaseFrom(options.db) !== undefined ? { db: storeDatabaseFrom(options.db)! } : {}),
        leaseSeconds: lease,
        translatorFor: (settings) => translatorSourceOf(settings.translator),
        // The batch already said when it ran without a glossary.
        glossaryFor: (settings) => (settings.glossary === undefined ? { entries: [], version: 'none', files: [] } : glossaryOnDemand(settings.glossary)),
        log,
        signal: stop.signal,
      });
    });
}
