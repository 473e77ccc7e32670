// `diptych stats`: how far review has come in an output folder, article by article, and how much
// of the machine translation people kept.

import { Command } from 'commander';
import { openWorkspace, workspaceSettings } from '../workspace.js';
import { COMMAND_SUMMARIES } from './summaries.js';

export function statsCommand(): Command {
  return new Command('stats')
    .description(COMMAND_SUMMARIES.stats.description)
    .argument('[out]', 'output folder', 'out')
    .option('--json', 'print JSON')
    .addHelpText('after', `
Effort compares each segment a person touched with its first machine translation:
  kept   share of the machine translation's words kept unmodified (word LCS)
  PEE    MateCat post-editing effort, 1 − word-level Levenshtein similarity
  chrF   chrF2 of the machine output against the final text
A second table gives, per person, the segments they edited, marked reviewed
and approved, their comments, and the effort of the texts that are theirs.`)
    .action(async (out: string, options: { json?: boolean }) => {
      const { stat } = await import('node:fs/promises');
      const { InputError } = await import('../../core/errors.js');
      if (!(await stat(out).then((info) => info.isDirectory(), () => false))) throw new InputError('no such output folder', { file: out, hint: 'give the folder `diptych batch` wrote' });
      const { listOutput } = await import('../../review/stats.js');
      const workspace = openWorkspace(workspaceSettings({ out }));
      const report = await listOutput(await workspace.store()).finally(() => workspace.close());
      for (const broken of report.broken) process.stderr.write(`diptych stats: ${broken.message}\n`);
      if (report.broken.length > 0) process.exitCode = 2;
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const header = ['article', 'segments', 'new', 'translated', 'reviewed', 'final', 'findings', 'progress', 'kept', 'PEE', 'chrF'];
      const rows = [...report.articles, { ...report.total, slug: 'total' }].map((row) => [
        row.slug,
        String(row.segments),
        String(row.states.new),
        String(row.states.translated),
        String(row.states.reviewed),
        String(row.states.final),
        String(row.findings),
        `${row.progress}%`,
        row.effort.segments ? `${row.effort.kept}%` : '–',
        row.effort.segments ? String(row.effort.pee) : '–',
        row.effort.segments ? String(row.effort.chrF) : '–',
      ]);
      const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
      const format = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
      process.stdout.write(`${[format(header), ...rows.map(format)].join('\n')}\n`);
      if (report.people.length === 0) return;
      // Who did what: the names the review recorded (signed-in accounts once there are any).
      const personHeader = ['person', 'edited', 'reviewed', 'approved', 'comments', 'kept', 'PEE', 'chrF'];
      const personRows = report.people.map((person) => [
        person.name,
        String(person.edited),
        String(person.reviewed),
        String(person.approved),
        String(person.comments),
        person.effort.segments ? `${person.effort.kept}%` : '–',
        person.effort.segments ? String(person.effort.pee) : '–',
        person.effort.segments ? String(person.effort.chrF) : '–',
      ]);
      const personWidths = personHeader.map((title, i) => Math.max(title.length, ...personRows.map((row) => row[i]!.length)));
      const formatPerson = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(personWidths[i]!) : cell.padStart(personWidths[i]!))).join('  ');
      process.stdout.write(`\n${[formatPerson(personHeader), ...personRows.map(formatPerson)].join('\n')}\n`);
    });
}
