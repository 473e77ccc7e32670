#!/usr/bin/env node
// The `diptych` command. Subcommands live in ./commands, one file each; this
// file only assembles them and turns errors into one line and an exit code.

import { Command } from 'commander';
import { describeError } from '../core/errors.js';
import { exportCommand } from './commands/export.js';
import { glossaryCommand } from './commands/glossary.js';
import { importCommand } from './commands/import.js';
import { segmentCommand } from './commands/segment.js';
import { batchCommand, translateCommand } from './commands/translate.js';

export function buildProgram(): Command {
  const program = new Command('diptych')
    .description('French news → aligned French/English segments: bilingual HTML and Markdown, a JSON store, CAT exchange files.')
    .version(process.env.npm_package_version ?? '0.1.0', '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  const commands = [translateCommand(), batchCommand(), segmentCommand(), glossaryCommand(), exportCommand(), importCommand()];
  for (const command of commands) program.addCommand(command);
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    process.stderr.write(`diptych: ${describeError(error)}\n`);
    process.exitCode = 1;
  }
}

await main();
