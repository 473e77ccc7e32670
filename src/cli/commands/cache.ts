// `diptych cache import|export`: a team moving to the queue keeps what one
// machine already paid for, and a machine leaving it keeps the team's work;
// entries keep their keys, so moving twice adds nothing.

import { Command } from 'commander';
import { databaseUrlFrom, stateDirOf } from '../settings.js';
import { COMMAND_SUMMARIES } from './summaries.js';

interface CacheCommandOptions {
  queue?: string | boolean;
  out: string;
  cache?: string;
}

function transfer(name: 'import' | 'export', description: string): Command {
  return new Command(name)
    .description(description)
    .option('--queue [url]', 'the queue\'s PostgreSQL connection string (default DIPTYCH_QUEUE_URL)')
    .option('-o, --out <dir>', 'output folder whose .diptych/ holds the file cache', 'out')
    .option('--cache <dir>', 'the file cache and memory folder (default: <out>/.diptych)')
    .action(async (options: CacheCommandOptions) => {
      const url = await databaseUrlFrom(options.queue, 'no database given');
      const dir = await stateDirOf(options.out, options.cache);
      const { displayUrl } = await import('../../batch/queue/connection.js');
      const { exportCache, importCache } = await import('../../batch/queue/cache-transfer.js');
      const counts = name === 'import' ? await importCache(url, dir) : await exportCache(url, dir);
      const [from, to] = name === 'import' ? [dir, displayUrl(url)] : [displayUrl(url), dir];
      process.stdout.write(`${counts.translations} translation${counts.translations === 1 ? '' : 's'} and ${counts.approvals} approval${counts.approvals === 1 ? '' : 's'} moved from ${from} to ${to}\n`);
    });
}

export function cacheCommand(): Command {
  return new Command('cache')
    .description(COMMAND_SUMMARIES.cache.description)
    .addCommand(transfer('import', 'copy a file cache and memory (<out>/.diptych or --cache) into the database'))
    .addCommand(transfer('export', 'copy the database\'s cache and memory into files (<out>/.diptych or --cache)'))
    .addHelpText('after', `
Entries keep their keys, engines, models and billed characters; those already
at the destination are left alone, so moving twice adds nothing.

Examples:
  diptych cache import --out out --queue postgres://diptych@db/diptych
  diptych cache export --cache backup/ --queue`);
}
