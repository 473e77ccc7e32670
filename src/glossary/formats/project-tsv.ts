// The project's own glossary format, the source of truth (glossary/*.tsv).
// See FORMAT_DOC below; the same text heads every exported file.

import { findControlCharacter, type GlossaryProblem } from '../problems.js';
import { TERM_TYPES, type GlossaryEntry, type TermType } from '../types.js';

const OPTIONS = ['keep', 'case', 'bare', 'inflect'];

export const PROJECT_COLUMNS = ['french', 'english', 'english_forms', 'type', 'options', 'note'] as const;

export const FORMAT_DOC = `# diptych glossary: French → English pinned terms. UTF-8, tab-separated.
# Lines starting with # are comments; blank lines are ignored. The first other line is the header:
#   french  english  english_forms  type  options  note
# french         French forms; variants (spelling, with/without a prefix, acronym) separated by |.
#                The first form is the entry's id. Matching ignores hyphen/space differences (al-Cham = al Cham),
#                apostrophe style, no-break spaces and Unicode normalisation, and allows a capital first letter.
#                Words are compared by lemma (Apertium's French analyser): singular, plural, masculine and
#                feminine of a form match without listing them ("Casque blanc" finds "Casques blancs");
#                names the analyser does not know match as written.
# english        The pinned English form, exactly as it must appear, in the number of the first French form.
#                An occurrence in the other number gets the English in that number ("a White Helmet").
# english_forms  Other English forms verification accepts (spelling variants, an irregular other number),
#                separated by |. A possessive 's is accepted without listing it.
# type           person | organisation | place | office | weapon | other
# options        Comma-separated, may be empty: keep (English = the French text as it occurs),
#                case (match case exactly, except a capital first letter: "Osa" but not the verb "osa"),
#                bare (English uses the name without an article: "la Syrie" → "Syria", not "the Syria"),
#                inflect (redundant now that forms match by lemma; accepted, its -e/-s/-es/-x endings reach
#                words the analyser does not know).
#                A pinned form that starts with "the" carries its own article ("the Middle East").
# note           Free text for people: source of the English form, why the entry exists.
# A form that is part of a longer form of another entry is matched only outside it (longest match wins).`;

interface Cell {
  value: string;
  column: string;
}

export function parseProjectTsv(file: string, text: string): { entries: GlossaryEntry[]; problems: GlossaryProblem[] } {
  const entries: GlossaryEntry[] = [];
  const problems: GlossaryProblem[] = [];
  let headerSeen = false;
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const report = (severity: 'error' | 'warning', rule: string, message: string, hint?: string) =>
      problems.push({ rule, severity, message, file, line, ...(hint ? { hint } : {}) });
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const columns = raw.split('\t');
    if (!headerSeen) {
      headerSeen = true;
      const names = columns.map((c) => c.trim().toLowerCase());
      if (names[0] === 'french' && names[1] === 'english') return;
      report('error', 'glossary-header', `missing header line`, `start the file with: ${PROJECT_COLUMNS.join('<TAB>')}`);
      return;
    }
    const entry = parseRow(columns, file, line, report);
    if (entry) entries.push(entry);
  });
  if (!headerSeen) {
    problems.push({ rule: 'glossary-empty', severity: 'error', message: 'no entries', file, line: 1, hint: 'add a header line and at least one entry' });
  }
  return { entries, problems };
}

type Report = (severity: 'error' | 'warning', rule: string, message: string, hint?: string) => void;

/** One data row (after the header) as an entry, or undefined with its errors reported. */
function parseRow(columns: string[], file: string, line: number, report: Report): GlossaryEntry | undefined {
  if (columns.length < 2 || columns.length > PROJECT_COLUMNS.length) {
    report(
      'error',
      'glossary-columns',
      `expected 2 to ${PROJECT_COLUMNS.length} tab-separated columns, found ${columns.length}`,
      `columns are ${PROJECT_COLUMNS.join(', ')}; separate them with one tab`,
    );
    return undefined;
  }
  const cells: Cell[] = PROJECT_COLUMNS.map((column, i) => ({ column, value: columns[i] ?? '' }));
  let broken = false;
  for (const cell of cells) {
    const control = findControlCharacter(cell.value);
    if (control) {
      report('error', 'glossary-control-character', `control character ${control} in column ${cell.column}`, 'delete it');
      broken = true;
    }
    if (cell.value !== cell.value.trim() || /\s\s|\s\||\|\s/u.test(cell.value.trim())) {
      report('warning', 'glossary-whitespace', `stray whitespace in column ${cell.column}: "${cell.value}"`, 'remove it');
    }
  }
  if (broken) return undefined;
  const [french, english, forms, type, options, note] = cells.map((c) => c.value.trim().replace(/\s+/gu, ' '));
  const sources = splitVariants(french!);
  if (sources.length === 0 || sources.some((s) => s === '')) {
    report('error', 'glossary-empty-field', sources.length === 0 ? 'empty French form' : 'empty French variant between |', 'write the French form, variants separated by |');
    return undefined;
  }
  const flags = options ? options.split(/[,\s]+/u).filter(Boolean) : [];
  const unknownFlag = flags.find((f) => !OPTIONS.includes(f));
  if (unknownFlag) {
    report('error', 'glossary-options', `unknown option "${unknownFlag}"`, `options are ${OPTIONS.join(', ')}, comma-separated`);
    return undefined;
  }
  const keep = flags.includes('keep');
  if (keep && english && !sources.includes(english)) {
    report('error', 'glossary-keep', `keep takes the English from the French, but the English column says "${english}"`, 'empty the English column, or remove keep');
    return undefined;
  }
  if (!english && !keep) {
    report('error', 'glossary-empty-field', `empty English form for "${sources[0]}"`, 'write the pinned English form, or add the keep option');
    return undefined;
  }
  const termType = (type || 'other') as TermType;
  if (!TERM_TYPES.includes(termType)) {
    report('error', 'glossary-type', `unknown type "${type}"`, `use one of ${TERM_TYPES.join(', ')}`);
    return undefined;
  }
  const targetForms = splitVariants(forms!);
  if (targetForms.some((f) => f === '')) {
    report('error', 'glossary-empty-field', 'empty English variant between |', 'remove the extra |');
    return undefined;
  }
  return {
    id: sources[0]!,
    sources,
    // A keep entry's English is the French text as it occurs; store it once, empty.
    target: keep ? '' : english!,
    targetForms,
    type: termType,
    caseSensitive: flags.includes('case'),
    keep,
    ...(flags.includes('bare') ? { bare: true } : {}),
    ...(flags.includes('inflect') ? { inflect: true } : {}),
    note: note!,
    file,
    line,
  };
}

function splitVariants(cell: string): string[] {
  if (cell.trim() === '') return [];
  return cell.split('|').map((v) => v.trim().normalize('NFC'));
}

/** Write entries back in the project format (used by `glossary export --format tsv`). */
export function writeProjectTsv(entries: GlossaryEntry[]): string {
  // A tab or line break inside a field (a note from a TBX file, say) would split the row: it becomes a space.
  const field = (value: string) => value.replace(/[\t\r\n]+/gu, ' ');
  const rows = entries.map((e) =>
    [
      e.sources.join('|'),
      e.target,
      e.targetForms.join('|'),
      e.type,
      [e.keep ? 'keep' : '', e.caseSensitive ? 'case' : '', e.bare ? 'bare' : '', e.inflect ? 'inflect' : ''].filter(Boolean).join(','),
      e.note,
    ]
      .map(field)
      .join('\t'),
  );
  return `${FORMAT_DOC}\n${PROJECT_COLUMNS.join('\t')}\n${rows.join('\n')}\n`;
}
