// `diptych review`: the browser editor over an output folder's store of
// record (embedded in the folder, or PostgreSQL with --db), bound to
// 127.0.0.1 with a token, for correcting and approving aligned segments.

import { stat } from 'node:fs/promises';
import { Command } from 'commander';
import { ConfigError, describeError, InputError } from '../../core/errors.js';
import type { Glossary } from '../../glossary/index.js';
import { DEFAULT_GLOSSARY, translatorConfigOf, translatorSpecFrom } from '../settings.js';
import { openWorkspace, workspaceSettings } from '../workspace.js';
import { COMMAND_SUMMARIES } from './summaries.js';

interface ReviewOptions {
  host: string;
  port: string;
  translator?: string;
  pivot: string;
  fix?: boolean | string;
  budget?: string;
  user?: string;
  token?: string;
  glossary: string;
  uiLang: string;
  db?: string;
}

export function reviewCommand(): Command {
  return new Command('review')
    .description(COMMAND_SUMMARIES.review.description)
    .argument('[out]', 'output folder written by `diptych batch` or `translate`', 'out')
    .option('--host <address>', 'address to listen on (anything but loopback is reachable from the network)', '127.0.0.1')
    .option('--port <n>', 'port; 0 picks a free one', '4173')
    .option('-t, --translator <id>', 'another engine a reviewer can ask for one segment (e.g. deepl)')
    .option('--pivot <lang>', 'Apertium pivot language: es, ca or eo', 'es')
    .option('--fix [rules]', "apply the safe fixes to every engine's output, or only these comma-separated rules (default: Apertium's output, all fixes)")
    .option('--no-fix', 'never change machine output: no typography, number-format or pivot-word repairs')
    .option('--budget <characters>', 'characters the review may send to that engine', '20000')
    .option('--user <name>', 'the reviewer name each browser is offered (each confirms or changes it once), and the name of API writes that give none')
    .option('--token <token>', 'token to require instead of a random one (or DIPTYCH_REVIEW_TOKEN)')
    .option('-g, --glossary <path>', 'glossary used to re-check saved segments', DEFAULT_GLOSSARY)
    .option('--ui-lang <lang>', "language of the re-rendered pages' own words", 'en')
    .option('--db <address>', 'the store of record, with the team\'s accounts: a postgres:// address shared by a team (or DIPTYCH_DB); default the SQLite store in <out>/.diptych')
    .addHelpText('after', `
Prints the address to open (with its token). Every save is committed to the
store before the page hears back; the .json, .md and .html are published again
and approved segments join the translation memory at once. A batch, queue
workers and other review servers may work on the same store meanwhile: each
open page shows their saves as they happen, marks the segments others are
editing, and a save that meets a newer one opens the merge view.

Examples:
  diptych review out
  diptych review out --port 0 --user alice --translator deepl --budget 5000
  diptych review out --db postgres://diptych@db.example/newsroom`)
    .action(async (out: string, options: ReviewOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be 0–65535, not '${options.port}'`);
      const budget = Number(options.budget);
      if (!Number.isInteger(budget) || budget < 0) throw new ConfigError(`--budget must be a whole number ≥ 0, not '${options.budget}'`);
      if (options.uiLang !== 'en' && options.uiLang !== 'fr') throw new ConfigError(`unknown --ui-lang '${options.uiLang}'`, { hint: 'use en or fr' });
      const token = options.token ?? process.env['DIPTYCH_REVIEW_TOKEN'];
      if (token !== undefined && !/^[\x21-\x7e]{16,}$/.test(token)) throw new ConfigError('the review token must be at least 16 visible ASCII characters', { hint: 'omit --token for a random one' });
      const { isLoopback, openReview } = await import('../../review/index.js');
      if (!isLoopback(options.host)) process.stderr.write(`diptych: warning: listening on ${options.host}, reachable from other machines; anyone with the token can edit\n`);
      // The other engine is configured as batch configures it: same pivot, same repairs.
      const spec = options.translator === undefined ? undefined : await translatorSpecFrom({ ...options, translator: options.translator });
      const info = await stat(out).catch(() => undefined);
      if (!info?.isDirectory()) throw new InputError('no such output folder', { file: out, hint: 'run `diptych batch <articles> --out <dir>` first, then review <dir>' });
      const workspace = openWorkspace(workspaceSettings({ out, glossary: options.glossary, ...(options.db !== undefined ? { db: options.db } : {}) }));
      let session: Awaited<ReturnType<typeof openReview>>;
      try {
        const glossary = await workspace.glossary('re-checking');
        const store = await workspace.store();
        for (const { error } of store.takenIn.broken) process.stderr.write(`diptych: warning: not taken into the store: ${describeError(error)}\n`);
        // The engine pins the review's glossary as it is at each request: a team adds entries while it runs.
        let current: () => Glossary = () => glossary;
        const suggester = spec
          ? await (await import('../../review/engine-suggester.js')).engineSuggester({ spec: spec.chain, config: translatorConfigOf(spec), ...(spec.fix !== undefined ? { fix: spec.fix } : {}), glossary: () => current(), stateDir: await workspace.stateDir(), budget })
          : undefined;
        session = await openReview({
          store,
          memory: await workspace.memory(),
          glossary,
          host: options.host,
          port,
          uiLang: options.uiLang === 'fr' ? 'fr' : 'en',
          ...(token ? { token } : {}),
          ...(options.user ? { user: options.user } : {}),
          ...(suggester ? { suggester } : {}),
          // Opened even for one person, so that accounts added while the review runs count at once.
          accounts: await workspace.accounts(),
          notTakenIn: store.takenIn.broken,
        });
        const opened = session;
        current = () => opened.store.glossary;
      } catch (error) {
        await workspace.close();
        throw error;
      }
      // Listening for the signals before the address is printed: whoever reads it may stop us at once.
      const stopped = new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stdout.write(`${session.server.url}\n`);
      await stopped;
      await session.close();
      await workspace.close();
    });
}
