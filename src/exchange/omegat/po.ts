// Gettext PO, the source format of the OmegaT project: one entry per diptych
// segment, its id in msgctxt (OmegaT keeps msgctxt through to target/, so ids
// survive), its French in msgid, msgstr empty. OmegaT's PO filter makes one
// segment of each msgid when sentence segmentation is off, shows `#.` lines in
// its Comments pane, and writes the translation into msgstr in target/.

import { InputError } from '../../core/errors.js';

export interface PoEntry {
  /** msgctxt: the diptych segment id. */
  context: string;
  /** msgid: the French. */
  source: string;
  /** msgstr: the English ('' when untranslated). */
  target: string;
  /** Comments a translator sees (`#.` extracted comments), one per line. */
  comments?: string[];
  /** 1-based line of the entry's msgctxt (reading only). */
  line?: number;
}

/** One PO file; no header entry, since OmegaT would offer the header as a segment to translate (PO is UTF-8 by default). */
export function writePo(entries: readonly PoEntry[]): string {
  return entries
    .map((entry) =>
      [
        ...(entry.comments ?? []).map((comment) => `#. ${comment.replace(/\s+/g, ' ')}`),
        `msgctxt ${quote(entry.context)}`,
        `msgid ${quote(entry.source)}`,
        `msgstr ${quote(entry.target)}`,
      ].join('\n'),
    )
    .join('\n\n')
    .concat('\n');
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r')}"`;
}

function unquote(literal: string, file: string, line: number): string {
  const match = /^"((?:[^"\\]|\\.)*)"$/.exec(literal.trim());
  if (!match) throw new InputError(`malformed PO string ${literal.trim().slice(0, 40)}`, { file, line, hint: 'the file was changed by hand; export the project again' });
  return match[1]!.replace(/\\(.)/g, (_, char: string) => ({ n: '\n', t: '\t', r: '\r' })[char] ?? char);
}

type Field = 'msgctxt' | 'msgid' | 'msgstr';

/**
 * Entries of a PO file as OmegaT writes it (continuation lines, comments,
 * a header entry without msgctxt). Entries without msgctxt are not ours and
 * are skipped; plural forms do not occur in files we export.
 */
export function readPo(text: string, file: string): PoEntry[] {
  const entries: PoEntry[] = [];
  let current: Partial<Record<Field, string>> & { line?: number } = {};
  let field: Field | undefined;
  const flush = () => {
    if (current.msgctxt !== undefined && current.msgid !== undefined) {
      entries.push({ context: current.msgctxt, source: current.msgid, target: current.msgstr ?? '', line: current.line! });
    }
    current = {};
    field = undefined;
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    if (trimmed.startsWith('#')) {
      if (field === 'msgstr') flush();
      return;
    }
    const keyword = /^(msgctxt|msgid|msgstr)\s+(".*")$/.exec(trimmed);
    if (keyword) {
      const name = keyword[1] as Field;
      // A new msgctxt, or a msgid after a finished msgstr, starts the next entry.
      if (name === 'msgctxt' || (name === 'msgid' && current.msgstr !== undefined)) flush();
      if (current.line === undefined) current.line = line;
      current[name] = unquote(keyword[2]!, file, line);
      field = name;
      return;
    }
    if (trimmed.startsWith('"') && field) {
      current[field] = (current[field] ?? '') + unquote(trimmed, file, line);
      return;
    }
    throw new InputError(`unexpected PO line: ${trimmed.slice(0, 40)}`, { file, line, hint: 'the file was changed by hand; export the project again' });
  });
  flush();
  return entries;
}
