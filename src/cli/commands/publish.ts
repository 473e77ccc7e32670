// `diptych publish`: the reading files of every article (its JSON, Markdown
// and HTML) and the corpus index, written from the store of record into the
// output folder or another one. A worker on another machine, or the web
// server that shows the pages, gets them without sharing the output folder.

import { Command, Option } from 'commander';
import { uiLangs, type UiLang } from '../../core/i18n.js';
import { storeDatabaseFrom } from '../settings.js';
import { COMMAND_SUMMARIES } from './summaries.js';

interface PublishCommandOptions {
  out: string;
  db?: string;
  to?: string;
  uiLang: string;
  quiet?: boolean;
}

export function publishCommand(): Command {
  return new Command('publish')
    .description(COMMAND_SUMMARIES.publish.description)
    .option('-o, --out <dir>', 'output folder (its store of record is <dir>/.diptych/store.sqlite unless --db says otherwise)', 'out')
    .option('--db <url>', 'the store of record: a postgres:// address (default DIPTYCH_DB), or a SQLite file')
    .option('--to <dir>', 'write the files into this folder instead of the output folder')
    .addOption(new Option('--ui-lang <lang>', "language of the pages' own words").choices(uiLangs).default('en'))
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', `
An output folder written before the store of record is taken into it the
first time (its <slug>.json files are the record until then).`)
    .action(async (options: PublishCommandOptions) => {
      const { describeError } = await import('../../core/errors.js');
      const { openStoreOfRecord } = await import('../../store/index.js');
      const { publishStore } = await import('../../pipeline/index.js');
      const db = storeDatabaseFrom(options.db);
      const store = await openStoreOfRecord({ outDir: options.out, ...(db !== undefined ? { db } : {}) });
      try {
        const broken = [...store.takenIn.broken];
        const done = await publishStore(store, { outDir: options.out, ...(options.to !== undefined ? { to: options.to } : {}), uiLang: options.uiLang as UiLang });
        broken.push(...done.broken);
        for (const entry of broken) process.stderr.write(`diptych publish: ${describeError(entry.error)}\n`);
        if (broken.length > 0) process.exitCode = 2;
        if (!options.quiet) process.stdout.write(`${done.published.length} article(s) published from ${store.location} into ${done.dir}; index: ${done.index}\n`);
      } finally {
        await store.close();
      }
    });
}
