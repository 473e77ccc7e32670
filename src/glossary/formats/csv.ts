// CSV glossaries as BabelDOC, PDFMathTranslate and Immersive Translate share
// them: a header `source,target,tgt_lng`, one pair per row; a row whose
// tgt_lng names another language is for another target and is skipped.
// Without that header, rows are DeepL's CSV: source,target[,source_lang,target_lang].

import { createRequire } from 'node:module';
import { findControlCharacter, type GlossaryProblem } from '../problems.js';
import type { GlossaryEntry } from '../types.js';
import { pairEntry } from './pair-tsv.js';

// csv-parse is required (its CommonJS build) when a CSV glossary is read, not
// imported: every run loads the glossary stage, few read a CSV.
const require = createRequire(import.meta.url);

interface CsvRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

/** Columns of DeepL's CSV without a header: source,target,source_lang,target_lang. */
const DEEPL_COLUMNS = 4;

/** True when a language tag is English (en, EN, en-GB, en_US) or says nothing. */
function isEnglish(tag: string | undefined): boolean {
  if (!tag || !tag.trim()) return true;
  return /^en(?:[-_]|$)/iu.test(tag.trim());
}

export function parseCsvGlossary(file: string, text: string): { entries: GlossaryEntry[]; problems: GlossaryProblem[] } {
  const entries: GlossaryEntry[] = [];
  const problems: GlossaryProblem[] = [];
  let records: CsvRecord[];
  try {
    records = (require('csv-parse/sync') as typeof import('csv-parse/sync')).parse(text, { bom: true, info: true, raw: true, skip_empty_lines: true, relax_column_count: true }) as unknown as CsvRecord[];
  } catch (cause) {
    // A quote never closed is found only at the end of the file: report where it was opened.
    const unclosed = (cause as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED';
    const line = unclosed ? lineOfUnclosedQuote(text) : ((cause as { lines?: number }).lines ?? 1);
    const message = unclosed ? 'malformed CSV: a quote opened on this line is never closed' : `malformed CSV: ${(cause as Error).message}`;
    problems.push({ rule: 'glossary-csv', severity: 'error', message, file, line, hint: 'check quoting: a field with a comma or quote must be in double quotes' });
    return { entries, problems };
  }
  let columns = { source: 0, target: 1, lang: 3 };
  let width = DEEPL_COLUMNS;
  let headed = false;
  records.forEach(({ record, info, raw }, index) => {
    // csv-parse counts lines to the end of the record; a quoted field may span several.
    const line = info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
    if (index === 0) {
      const names = record.map((c) => c.trim().toLowerCase());
      if (names.includes('source') && names.includes('target')) {
        columns = { source: names.indexOf('source'), target: names.indexOf('target'), lang: names.indexOf('tgt_lng') };
        width = names.length;
        headed = true;
        const ignored = record.filter((_, i) => i !== columns.source && i !== columns.target && i !== columns.lang);
        if (ignored.length > 0) {
          problems.push({ rule: 'glossary-columns', severity: 'warning', message: `column${ignored.length > 1 ? 's' : ''} ${ignored.map((name) => `"${name}"`).join(', ')} ignored`, file, line, hint: 'only source, target and tgt_lng are read; remove the others' });
        }
        return;
      }
    }
    if (record.length < 2) {
      problems.push({ rule: 'glossary-columns', severity: 'error', message: 'expected source,target', file, line, hint: 'separate the French and English forms with a comma' });
      return;
    }
    if (record.length > width) {
      problems.push({
        rule: 'glossary-columns',
        severity: 'error',
        message: `${record.length} columns where the ${headed ? 'header names' : 'format has'} ${width}`,
        file,
        line,
        hint: 'put a field that holds a comma in double quotes, or remove the extra columns',
      });
      return;
    }
    if (!isEnglish(columns.lang >= 0 ? record[columns.lang] : undefined)) return;
    const source = record[columns.source] ?? '';
    const target = record[columns.target] ?? '';
    if (/[\r\n]/u.test(source + target)) {
      // A glossary term is one line: no other glossary format could hold it.
      problems.push({ rule: 'glossary-line-break', severity: 'error', message: 'line break inside a field', file, line, hint: 'write the term on one line' });
      return;
    }
    const control = findControlCharacter(source + target);
    if (control) {
      problems.push({ rule: 'glossary-control-character', severity: 'error', message: `control character ${control}`, file, line, hint: 'delete it' });
      return;
    }
    if (!source.trim() || !target.trim()) {
      problems.push({ rule: 'glossary-empty-field', severity: 'error', message: `empty ${source.trim() ? 'target' : 'source'} field`, file, line, hint: 'fill both fields' });
      return;
    }
    if (source !== source.trim() || target !== target.trim()) {
      problems.push({ rule: 'glossary-whitespace', severity: 'warning', message: 'stray whitespace around a term', file, line, hint: 'remove it' });
    }
    entries.push(pairEntry(source, target, file, line));
  });
  return { entries, problems };
}

/** The line of the quote still open at the end of the text (quotes inside a quoted field are doubled). */
function lineOfUnclosedQuote(text: string): number {
  let line = 1;
  let openedAt = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      if (quoted && text[i + 1] === '"') i++;
      else {
        quoted = !quoted;
        if (quoted) openedAt = line;
      }
    }
  }
  return openedAt;
}

function csvField(value: string): string {
  return /[",\r\n]/u.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `source,target,tgt_lng`, one row per French form. Types and options do not survive: CSV has no place for them. */
export function writeCsvGlossary(entries: GlossaryEntry[]): string {
  const rows = ['source,target,tgt_lng'];
  for (const entry of entries) {
    for (const source of entry.sources) {
      rows.push([source, entry.keep ? source : entry.target, 'en'].map(csvField).join(','));
    }
  }
  return rows.join('\n') + '\n';
}
