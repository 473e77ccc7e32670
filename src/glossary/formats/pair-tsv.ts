// Two-column glossaries from other tools: DeepL's glossary TSV (`source<TAB>target`,
// no header) and TSVs with a header naming the columns (e.g. the WMT21
// terminology task's `fr_term<TAB>en_term<TAB>…`). Every entry is type "other".

import { findControlCharacter, type GlossaryProblem } from '../problems.js';
import type { GlossaryEntry } from '../types.js';

const SOURCE_NAMES = new Set(['source', 'src', 'fr', 'fr_term', 'french', 'term_fr']);
const TARGET_NAMES = new Set(['target', 'tgt', 'en', 'en_term', 'english', 'term_en']);

export function pairEntry(source: string, target: string, file: string, line: number): GlossaryEntry {
  const french = source.trim().normalize('NFC');
  const english = target.trim().normalize('NFC');
  return {
    id: french,
    sources: [french],
    target: english,
    targetForms: [],
    type: 'other',
    caseSensitive: false,
    keep: false,
    note: '',
    file,
    line,
  };
}

export function parsePairTsv(file: string, text: string): { entries: GlossaryEntry[]; problems: GlossaryProblem[] } {
  const entries: GlossaryEntry[] = [];
  const problems: GlossaryProblem[] = [];
  let sourceColumn = 0;
  let targetColumn = 1;
  let first = true;
  let headed = false;
  let warnedColumns = false;
  text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === '' || raw.startsWith('#')) return;
      const columns = raw.split('\t');
      if (first) {
        first = false;
        const names = columns.map((c) => c.trim().toLowerCase());
        const s = names.findIndex((n) => SOURCE_NAMES.has(n));
        const t = names.findIndex((n) => TARGET_NAMES.has(n));
        if (s >= 0 && t >= 0) {
          sourceColumn = s;
          targetColumn = t;
          headed = true;
          return;
        }
      }
      const report = (rule: string, message: string, hint: string) => problems.push({ rule, severity: 'error', message, file, line, hint });
      if (columns.length < 2) return report('glossary-columns', 'expected source<TAB>target', 'separate the French and English forms with one tab');
      const control = findControlCharacter(raw);
      if (control) return report('glossary-control-character', `control character ${control}`, 'delete it');
      if (!headed && columns.length > 2 && !warnedColumns) {
        warnedColumns = true;
        problems.push({
          rule: 'glossary-columns',
          severity: 'warning',
          message: `read as source<TAB>target: columns after the second are ignored`,
          file,
          line,
          hint: 'for the project format, start the file with the header line: french<TAB>english<TAB>english_forms<TAB>type<TAB>options<TAB>note',
        });
      }
      const source = columns[sourceColumn] ?? '';
      const target = columns[targetColumn] ?? '';
      if (!source.trim() || !target.trim()) return report('glossary-empty-field', `empty ${source.trim() ? 'target' : 'source'} field`, 'fill both columns');
      if (source !== source.trim() || target !== target.trim()) {
        problems.push({ rule: 'glossary-whitespace', severity: 'warning', message: 'stray whitespace around a term', file, line, hint: 'remove it' });
      }
      entries.push(pairEntry(source, target, file, line));
    });
  return { entries, problems };
}
