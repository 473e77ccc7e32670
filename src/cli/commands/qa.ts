// `diptych qa`: every check rule over stored articles — each store on its own,
// then the rules that compare segments over all of them together (one French
// sentence approved two ways, one term written two ways across the corpus).
// Prints findings per segment and a summary per rule; exit 1 when an error
// remains, so CI can gate on it.

import { stat } from 'node:fs/promises';
import { Command } from 'commander';
import { ConfigError, describeError, InputError } from '../../core/errors.js';
import { formatDiagnostic, type Severity } from '../../core/diagnostic.js';
import type { Article, Finding, Segment } from '../../core/types.js';
import { allSegments } from '../../core/segments.js';
import { CHECK_RULES, checkSegments } from '../../check/index.js';
import { FolderStore, type FolderStores } from '../../store/index.js';
import { openWorkspace, workspaceSettings } from '../workspace.js';
import { COMMAND_SUMMARIES } from './summaries.js';

interface QaOptions {
  json?: boolean;
  rule?: string[];
}

interface StoreReport {
  file: string;
  article: Article;
  findings: Map<Segment, Finding[]>;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export function qaCommand(): Command {
  return new Command('qa')
    .description(COMMAND_SUMMARIES.qa.description)
    .argument('<stores...>', 'store files (out/<slug>.json) or output folders holding them')
    .option('--json', 'print findings and summary as JSON')
    .option('--rule <ids...>', 'only these rules (see the list below)')
    .addHelpText(
      'after',
      `
Rules (id, severity):
${CHECK_RULES.map((rule) => `  ${rule.id.padEnd(26)} ${rule.severity.padEnd(8)} ${rule.description}`).join('\n')}

Findings are computed afresh from each store's French and English (findings
other stages recorded, such as a translator that returned nothing, are kept).
Exit code 1 when any error-severity finding remains, 2 when a store cannot be read.

Examples:
  diptych qa out
  diptych qa out/idlib-casques-blancs-2018-09-08.fr.json --rule number-mismatch pivot-language-word
  diptych qa out --json > qa.json`,
    )
    .action(async (inputs: string[], options: QaOptions) => {
      const known = new Set(CHECK_RULES.map((rule) => rule.id));
      const unknown = (options.rule ?? []).flatMap((id) => id.split(',')).filter((id) => id !== '' && !known.has(id));
      if (unknown.length > 0) throw new ConfigError(`unknown rule '${unknown[0]}'`, { hint: `use one of: ${[...known].join(', ')}` });
      const wanted = options.rule ? new Set(options.rule.flatMap((id) => id.split(','))) : undefined;
      const rules = wanted ? CHECK_RULES.filter((rule) => wanted.has(rule.id)) : CHECK_RULES;

      const reports: StoreReport[] = [];
      let unreadable = 0;
      for (const { stores, broken } of await Promise.all(inputs.map(storesIn))) {
        reports.push(...stores.map(({ file, article }) => ({ file, article, findings: new Map<Segment, Finding[]>() })));
        for (const { error } of broken) {
          unreadable++;
          process.stderr.write(`diptych qa: ${describeError(error)}\n`);
        }
      }
      // Per-segment rules see one store at a time; rules over several segments see the whole corpus.
      const everySegment = reports.flatMap((report) => allSegments(report.article));
      const found = checkSegments(everySegment, {}, rules);
      for (const report of reports) {
        for (const segment of allSegments(report.article)) {
          const kept = segment.findings.filter((finding) => finding.source !== 'check' && (!wanted || wanted.has(finding.rule)));
          report.findings.set(segment, [...kept, ...(found.get(segment) ?? [])]);
        }
      }
      const summary = summarise(reports);
      if (options.json) process.stdout.write(JSON.stringify(asJson(reports, summary), null, 2) + '\n');
      else printReport(reports, summary);
      const errors = [...summary.values()].reduce((sum, row) => sum + (row.severity.error ?? 0), 0);
      if (unreadable > 0) process.exitCode = 2;
      else if (errors > 0) process.exitCode = 1;
    });
}

/** A store file as given, or every article of an output folder's store (other JSON aside, damaged stores named). */
async function storesIn(input: string): Promise<FolderStores> {
  const info = await stat(input).catch((error: unknown) => {
    throw new InputError('not found', { file: input, hint: 'give store files (out/<slug>.json) or the output folder', cause: error });
  });
  if (info.isDirectory()) {
    const workspace = openWorkspace(workspaceSettings({ out: input }));
    const all = await (await workspace.store()).loadAll().finally(() => workspace.close());
    const found: FolderStores = {
      stores: all.articles.map(({ place, article }) => ({ file: place, article })),
      broken: all.broken.map(({ place, error }) => ({ file: place, error })),
    };
    if (found.stores.length + found.broken.length === 0) throw new InputError('holds no store files', { file: input, hint: 'run `diptych batch` into it first' });
    return found;
  }
  const { store, slug } = FolderStore.ofFile(input);
  try {
    const article = await store.load(slug);
    return article ? { stores: [{ file: input, article }], broken: [] } : { stores: [], broken: [] };
  } catch (error) {
    return { stores: [], broken: [{ file: input, error }] };
  }
}

interface RuleRow {
  rule: string;
  severity: Partial<Record<Severity, number>>;
  segments: number;
}

function summarise(reports: StoreReport[]): Map<string, RuleRow> {
  const rows = new Map<string, RuleRow>();
  for (const report of reports) {
    for (const findings of report.findings.values()) {
      const counted = new Set<string>();
      for (const finding of findings) {
        const row = rows.get(finding.rule) ?? { rule: finding.rule, severity: {}, segments: 0 };
        row.severity[finding.severity] = (row.severity[finding.severity] ?? 0) + 1;
        if (!counted.has(finding.rule)) row.segments++;
        counted.add(finding.rule);
        rows.set(finding.rule, row);
      }
    }
  }
  const order = new Map(CHECK_RULES.map((rule, i) => [rule.id, i]));
  return new Map([...rows].sort(([a], [b]) => (order.get(a) ?? 99) - (order.get(b) ?? 99)));
}

function printReport(reports: StoreReport[], summary: Map<string, RuleRow>): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let segmentCount = 0;
  for (const report of reports) {
    const segments = allSegments(report.article);
    segmentCount += segments.length;
    const withFindings = segments.filter((segment) => (report.findings.get(segment) ?? []).length > 0);
    out(`${report.file}: ${segments.length} segments, ${withFindings.length} with findings`);
    for (const segment of withFindings) {
      out(`  ${segment.id}  ${clip(segment.source)}`);
      for (const finding of report.findings.get(segment)!) {
        out(`    ${formatDiagnostic(finding, { rule: true })}`);
      }
    }
  }
  out('');
  out(`${reports.length} store${reports.length === 1 ? '' : 's'}, ${segmentCount} segments`);
  if (summary.size === 0) {
    out('no findings');
    return;
  }
  const width = Math.max(...[...summary.keys()].map((rule) => rule.length), 4);
  out(`  ${'rule'.padEnd(width)}  ${SEVERITIES.map((s) => s.padStart(7)).join(' ')}  segments`);
  for (const row of summary.values()) {
    out(`  ${row.rule.padEnd(width)}  ${SEVERITIES.map((s) => String(row.severity[s] ?? 0).padStart(7)).join(' ')}  ${String(row.segments).padStart(8)}`);
  }
}

function clip(text: string): string {
  return text.length > 70 ? `${text.slice(0, 69)}…` : text;
}

function asJson(reports: StoreReport[], summary: Map<string, RuleRow>) {
  return {
    stores: reports.map((report) => ({
      file: report.file,
      slug: report.article.slug,
      segments: allSegments(report.article)
        .filter((segment) => (report.findings.get(segment) ?? []).length > 0)
        .map((segment) => ({ id: segment.id, source: segment.source, target: segment.target ?? null, findings: report.findings.get(segment) })),
    })),
    summary: [...summary.values()],
    errors: [...summary.values()].reduce((sum, row) => sum + (row.severity.error ?? 0), 0),
  };
}
