// `diptych glossary lint|export|check|suggest`: the glossary's own tools.

import { stat } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { formatDiagnostic } from '../../core/diagnostic.js';
import { describeError, InputError } from '../../core/errors.js';
import { writeAtomic } from '../../core/files.js';
import type { Article, Segment } from '../../core/types.js';
import { allSegments } from '../../core/segments.js';
import type { TermAccuracy } from '../../check/index.js';
import {
  loadGlossary,
  readGlossaryFiles,
  suggestTerms,
  writeCsvGlossary,
  writeProjectTsv,
  writeTbx,
  type Glossary,
  type SuggestInput,
} from '../../glossary/index.js';
import { recheckArticle } from '../../pipeline/index.js';
import { readArticle, supportedExtensions } from '../../read/index.js';
import { frenchAnalyser } from '../../translate/index.js';
import { loadArticle } from '../../store/index.js';
import { DEFAULT_GLOSSARY, loadGlossaryAt, storeDatabaseFrom } from '../settings.js';
import { openWorkspace, workspaceSettings } from '../workspace.js';
import { COMMAND_SUMMARIES } from './summaries.js';


export function glossaryCommand(): Command {
  const glossary = new Command('glossary').description(COMMAND_SUMMARIES.glossary.description);
  glossary.addCommand(lintCommand());
  glossary.addCommand(exportCommand());
  glossary.addCommand(checkCommand());
  glossary.addCommand(suggestCommand());
  return glossary;
}

function lintCommand(): Command {
  return new Command('lint')
    .description('report malformed rows, duplicates, conflicts, stray whitespace, shadowed entries and variants found by lemma anyway as file:line: message')
    .argument('[path]', 'glossary file or folder', DEFAULT_GLOSSARY)
    .option('--strict', 'exit non-zero on warnings too')
    .addHelpText('after', '\nExit status: 1 when there is an error (or, with --strict, a warning).\n\nExample:\n  diptych glossary lint glossary/')
    .action(async (location: string, options: { strict?: boolean }) => {
      const { entries, problems, files } = await readGlossaryFiles(location, frenchAnalyser());
      for (const problem of problems) process.stdout.write(`${formatDiagnostic(problem)}\n`);
      const errors = problems.filter((p) => p.severity === 'error').length;
      const warnings = problems.length - errors;
      process.stderr.write(`${files.length} file(s), ${entries.length} entries: ${errors} error(s), ${warnings} warning(s)\n`);
      if (errors > 0 || (options.strict && warnings > 0)) process.exitCode = 1;
    });
}

function exportCommand(): Command {
  return new Command('export')
    .description('write the glossary as TBX-Basic, CSV (source,target,tgt_lng) or the project TSV')
    .argument('[path]', 'glossary file or folder', DEFAULT_GLOSSARY)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['tbx', 'csv', 'tsv']).default('tbx'))
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .option('--team <dir>', "add the entries a team added in the review editor, kept in this output folder's store database")
    .option('--db <url>', 'the store database holding them, when not the folder\'s own (postgres://… or a SQLite file; default DIPTYCH_DB)')
    .addHelpText('after', '\nExamples:\n  diptych glossary export --format tbx --out glossary.tbx\n  diptych glossary export glossary/founding.tsv --format csv\n  diptych glossary export --team out --format tsv')
    .action(async (location: string, options: { format: 'tbx' | 'csv' | 'tsv'; out?: string; team?: string; db?: string }) => {
      let loaded = await loadGlossary(location);
      const db = storeDatabaseFrom(options.db);
      if (options.team !== undefined || options.db !== undefined) {
        // The team's glossary: the files' entries and those added in the editor, as the review checks against them.
        const { openAccountStore } = await import('../../store/index.js');
        const { withTeamTerms } = await import('../../review/team-glossary.js');
        const accounts = await openAccountStore({ outDir: options.team ?? '.', ...(db !== undefined ? { db } : {}) });
        try {
          loaded = withTeamTerms(loaded, await accounts.terms());
        } finally {
          await accounts.close();
        }
      }
      const text =
        options.format === 'tbx' ? writeTbx(loaded.entries, loaded.version) : options.format === 'csv' ? writeCsvGlossary(loaded.entries) : writeProjectTsv(loaded.entries);
      if (options.out) await writeAtomic(options.out, text);
      else process.stdout.write(text);
    });
}

interface ArticleCheck {
  slug: string;
  file: string;
  accuracy: TermAccuracy;
  stale: boolean;
  violations: Array<{ segment: Segment; message: string; rule: string }>;
}

/** Re-verify an article's English against the current glossary and run the check rules (the pipeline's recheck). */
async function checkStoredArticle(article: Article, file: string, glossary: Glossary): Promise<ArticleCheck> {
  const accuracy = await recheckArticle(article, glossary);
  const violations: ArticleCheck['violations'] = [];
  for (const segment of allSegments(article)) {
    for (const finding of segment.findings) {
      if (finding.source === 'check' && finding.severity === 'error') violations.push({ segment, message: finding.message, rule: finding.rule });
    }
  }
  return {
    slug: article.slug,
    file,
    accuracy,
    stale: article.glossaryVersion !== undefined && article.glossaryVersion !== glossary.version,
    violations,
  };
}

function percent({ found, satisfied }: TermAccuracy): string {
  return found === 0 ? '—' : `${((100 * satisfied) / found).toFixed(1)}%`;
}

function checkCommand(): Command {
  return new Command('check')
    .description('term accuracy per article and overall for translated output, with every violation')
    .argument('<out-dir>', 'folder of .json stores written by `diptych translate`')
    .option('-g, --glossary <path>', 'glossary to check against', DEFAULT_GLOSSARY)
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nEach English segment is verified against the current glossary, so a changed entry shows up here before re-translation.\nExit status: 1 when a pinned term is missing or another error-level finding is present.\n\nExample:\n  diptych glossary check out')
    .action(async (outDir: string, options: { glossary: string; json?: boolean }) => {
      const workspace = openWorkspace(workspaceSettings({ out: outDir, glossary: options.glossary }));
      const glossary = await loadGlossary(options.glossary);
      if (!(await stat(outDir).then((info) => info.isDirectory(), () => false))) throw new InputError('cannot read output folder', { file: outDir, hint: 'give the --out folder of `diptych translate`' });
      // Other JSON in the folder (indexes, reports) is not an article; a damaged store is named.
      const { articles, broken } = await (await workspace.store()).loadAll().finally(() => workspace.close());
      for (const { error } of broken) process.stderr.write(`diptych glossary check: ${describeError(error)}\n`);
      if (articles.length + broken.length === 0) throw new InputError('no .json stores in the output folder', { file: outDir, hint: 'run `diptych translate` first' });
      const checks: ArticleCheck[] = [];
      for (const { article, place } of articles) checks.push(await checkStoredArticle(article, place, glossary));
      const overall = checks.reduce((sum, c) => ({ found: sum.found + c.accuracy.found, satisfied: sum.satisfied + c.accuracy.satisfied }), { found: 0, satisfied: 0 });
      const violations = checks.reduce((n, c) => n + c.violations.length, 0);
      if (options.json) {
        const report = {
          glossaryVersion: glossary.version,
          overall,
          articles: checks.map((c) => ({
            slug: c.slug,
            file: c.file,
            ...c.accuracy,
            staleGlossary: c.stale,
            violations: c.violations.map((v) => ({ segment: v.segment.id, rule: v.rule, message: v.message, target: v.segment.target })),
          })),
        };
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        for (const c of checks) {
          process.stdout.write(`${c.slug}: ${c.accuracy.satisfied}/${c.accuracy.found} pinned terms (${percent(c.accuracy)})${c.stale ? ' — translated with an older glossary' : ''}\n`);
          for (const v of c.violations) process.stdout.write(`  ${c.file}: segment ${v.segment.id}: ${v.message} [${v.rule}]\n`);
        }
        process.stdout.write(`overall: ${overall.satisfied}/${overall.found} pinned terms (${percent(overall)}) in ${checks.length} article(s), ${violations} violation(s)\n`);
      }
      if (broken.length > 0) process.exitCode = 2;
      else if (violations > 0) process.exitCode = 1;
    });
}

async function suggestInput(file: string): Promise<SuggestInput> {
  if (file.endsWith('.json')) {
    const article = await loadArticle(file);
    if (!article) throw new InputError('not found', { file, hint: 'check the path' });
    const segments = allSegments(article);
    return { name: file, text: segments.map((s) => s.source).join('\n'), unknownWords: segments.flatMap((s) => s.unknownWords) };
  }
  const article = await readArticle(file);
  return { name: file, text: article.blocks.map((b) => b.text).join('\n') };
}

function suggestCommand(): Command {
  return new Command('suggest')
    .description('candidate names, acronyms and unknown words not yet in the glossary, counted across articles')
    .argument('<files...>', `French articles (${supportedExtensions.join(', ')}) or .json stores (which add the translator's unknown words)`)
    .option('-g, --glossary <path>', 'glossary whose terms are left out', DEFAULT_GLOSSARY)
    .option('--min <n>', 'only candidates seen at least n times', '1')
    .addOption(new Option('--format <format>', 'table for reading; tsv for rows to paste into a glossary file').choices(['table', 'tsv']).default('table'))
    .addHelpText('after', '\nExamples:\n  diptych glossary suggest corpus/*.txt\n  diptych glossary suggest out/*.json --min 2 --format tsv >> glossary/new.tsv   (then fill in the English)')
    .action(async (files: string[], options: { glossary: string; min: string; format: 'table' | 'tsv' }) => {
      const min = Number(options.min);
      if (!Number.isInteger(min) || min < 1) throw new InputError(`--min must be a whole number ≥ 1, not '${options.min}'`);
      const glossary = await loadGlossaryAt(options.glossary, 'suggesting');
      const inputs = [];
      for (const file of files) inputs.push(await suggestInput(file));
      const suggestions = suggestTerms(inputs, glossary).filter((s) => s.count >= min);
      for (const s of suggestions) {
        const type = s.kind === 'acronym' ? 'organisation' : 'other';
        process.stdout.write(
          options.format === 'tsv'
            ? `${s.text}\t\t\t${type}\t\tsuggested: ${s.kind}, ${s.count}× in ${s.documents} article(s)\n`
            : `${String(s.count).padStart(4)}  ${String(s.documents).padStart(3)}  ${s.kind.padEnd(7)}  ${s.text}\n`,
        );
      }
      process.stderr.write(`${suggestions.length} candidate(s) from ${files.length} file(s); columns: count, articles, kind, text\n`);
    });
}
