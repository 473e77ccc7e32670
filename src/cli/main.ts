#!/usr/bin/env node
// The `diptych` command. Subcommands live in ./commands, one file each; this
// file only assembles them and turns errors into one line and an exit code.

import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { Command } from 'commander';
import { redactArgs } from '../batch/queue/redact.js';
import { describeError } from '../core/errors.js';
import { COMMAND_SUMMARIES, type CommandName } from './commands/summaries.js';

// A batch's live data stays small (about 30 MB for a thousand articles), but
// by default V8 lets garbage pile up to a multiple of it between full
// collections: a thousand-article batch peaked at 206–262 MB of memory, of
// which the heap held 100–170 MB, two thirds of it garbage. A heap that grows
// by 40% at most between collections keeps that run at 175–180 MB for the same
// CPU time (measured in docs/performance.md). Set before any work is done.
setFlagsFromString('--heap-growing-percent=40');
// A command runs for seconds, and V8's optimizing compiler (TurboFan, on its
// own threads) spent about a quarter of a cold batch's Node.js CPU compiling
// functions that ran only a little longer. With eight times V8's default
// interrupt budget (bytecode a function runs before it is considered for
// optimizing), only the truly hot code is compiled: the 100-article batch's
// Node.js CPU fell by about a fifth, and long runs still optimize what they
// run most (measured in docs/performance.md).
setFlagsFromString('--interrupt-budget=540672');
// Not `--no-regexp-tier-up` (each regular expression compiled once, straight to machine code: 0.06
// CPU-s less on a cold batch of 100 articles): set here, after V8 has started and some expressions
// have been compiled, it crashed the process (a segmentation fault) about once in a hundred runs
// of `diptych qa` on a loaded machine (docs/performance.md).

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

// Each subcommand's module is loaded only when that subcommand runs (or its
// help is asked for), so `diptych batch` on an up-to-date folder starts
// quickly; the list of commands comes from their one-line summaries.
const COMMANDS = new Map<CommandName, () => Promise<Command>>([
  ['translate', async () => (await import('./commands/translate.js')).translateCommand()],
  ['batch', async () => (await import('./commands/batch.js')).batchCommand()],
  ['align', async () => (await import('./commands/align.js')).alignCommand()],
  ['segment', async () => (await import('./commands/segment.js')).segmentCommand()],
  ['glossary', async () => (await import('./commands/glossary.js')).glossaryCommand()],
  ['export', async () => (await import('./commands/export.js')).exportCommand()],
  ['import', async () => (await import('./commands/import.js')).importCommand()],
  ['qa', async () => (await import('./commands/qa.js')).qaCommand()],
  ['review', async () => (await import('./commands/review.js')).reviewCommand()],
  ['search', async () => (await import('./commands/search.js')).searchCommand()],
  ['stats', async () => (await import('./commands/stats.js')).statsCommand()],
  ['users', async () => (await import('./commands/users.js')).usersCommand()],
  ['publish', async () => (await import('./commands/publish.js')).publishCommand()],
  ['worker', async () => (await import('./commands/worker.js')).workerCommand()],
  ['cache', async () => (await import('./commands/cache.js')).cacheCommand()],
]);

export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new Command('diptych')
    .description('French news → aligned French/English segments: bilingual HTML and Markdown, a JSON store, CAT exchange files.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  const wanted = argv[2] === 'help' ? argv[3] : argv[2];
  const load = wanted === undefined ? undefined : COMMANDS.get(wanted as CommandName);
  if (load) program.addCommand(await load());
  else listCommands(program);
  return program;
}

/** Every command, as its summary: enough for `diptych --help` and for an unknown command's error. */
function listCommands(program: Command): void {
  for (const [name, summary] of Object.entries(COMMAND_SUMMARIES)) program.command(name).description(summary.description);
  const plain = program.createHelp();
  program.configureHelp({ subcommandTerm: (command) => COMMAND_SUMMARIES[command.name() as CommandName]?.term ?? plain.subcommandTerm(command) });
}

async function main(): Promise<void> {
  try {
    await (await buildProgram()).parseAsync(process.argv);
  } catch (error) {
    // A connection string given to --queue never reaches the screen with its password.
    process.stderr.write(`diptych: ${redactArgs(describeError(error))}\n`);
    process.exitCode = 1;
  }
}

await main();
