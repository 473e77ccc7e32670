// `diptych search`: the concordance from the command line — every segment of
// every article in the store of record whose French or English holds the
// words (or the phrase), ranked by the database's own text search.

import { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { storeDatabaseFrom } from '../settings.js';
import { COMMAND_SUMMARIES } from './summaries.js';

interface SearchCommandOptions {
  out: string;
  db?: string;
  side: string;
  phrase?: boolean;
  json?: boolean;
  limit: string;
}

const SIDES = ['source', 'target', 'both'] as const;

/** One line of a text a terminal shows as text: control characters (escape sequences, line breaks) become spaces. */
function shown(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

export function searchCommand(): Command {
  return new Command('search')
    .description(COMMAND_SUMMARIES.search.description)
    .argument('<text>', 'the words to find (all of them, anywhere in a segment), or a phrase with --phrase')
    .option('-o, --out <dir>', 'output folder whose store to search (its embedded SQLite store)', 'out')
    .option('--db <address>', 'search this store of record instead: a postgres:// address (or DIPTYCH_DB)')
    .option('--side <side>', 'search the French (source), the English (target), or both', 'both')
    .option('--phrase', 'the words in this order, next to each other')
    .option('--json', 'print the hits as JSON')
    .option('--limit <n>', 'at most this many hits, best first (1–1000)', '20')
    .addHelpText('after', `
Prints each hit with its article, segment id and state, then its French and
English. Exit status 1 when nothing matches (as grep), 0 otherwise.

Examples:
  diptych search "Casques blancs" --out out
  diptych search "White Helmets" --side target --phrase --json
  diptych search réfugiés --db postgres://diptych@db.example/newsroom --limit 100`)
    .action(async (text: string, options: SearchCommandOptions) => {
      const side = SIDES.find((candidate) => candidate === options.side);
      if (!side) throw new ConfigError(`unknown --side '${options.side}'`, { hint: `use ${SIDES.join(', ')}` });
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ConfigError(`--limit must be a whole number from 1 to 1000, not '${options.limit}'`);
      if (text.trim() === '') throw new ConfigError('nothing to search for', { hint: 'give a word or a phrase: diptych search "Casques blancs"' });
      const db = storeDatabaseFrom(options.db);
      if (db === undefined) {
        const { stat } = await import('node:fs/promises');
        const { InputError } = await import('../../core/errors.js');
        if (!(await stat(options.out).then((info) => info.isDirectory(), () => false))) throw new InputError('no such output folder', { file: options.out, hint: 'give the folder `diptych batch` wrote with --out, or a store with --db' });
      }
      const { openStoreOfRecord } = await import('../../store/index.js');
      const store = await openStoreOfRecord({ outDir: options.out, ...(db !== undefined ? { db } : {}) });
      try {
        const { hits, bestOfFirst } = await store.search(text, { side, phrase: options.phrase === true, limit });
        // On stderr, so that --json stays the hits alone; said before them, as the editor's panel does.
        if (bestOfFirst !== undefined) process.stderr.write(`diptych search: more than ${bestOfFirst.toLocaleString('en')} segments match; these are the best of the first ${bestOfFirst.toLocaleString('en')} found (add a word, or use --phrase, to narrow the search)\n`);
        if (hits.length === 0) process.exitCode = 1;
        if (options.json) {
          process.stdout.write(`${JSON.stringify(hits, null, 2)}\n`);
          return;
        }
        const lines = hits.flatMap((hit, i) => [
          `${i + 1}. ${shown(hit.title || hit.slug)} (${hit.slug}) · ${hit.segmentId} · ${hit.state}`,
          `   FR  ${shown(hit.source)}`,
          `   EN  ${shown(hit.target ?? '')}`,
        ]);
        process.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
        if (hits.length === 0) process.stderr.write(`diptych search: no segment matches in ${store.location}\n`);
      } finally {
        await store.close();
      }
    });
}
