// TBX-Basic (ISO 30042), the terminology exchange format CAT tools read.
// Export writes the classic <martif type="TBX-Basic"> form; import reads that
// and the TBX v3 <tbx> form (conceptEntry/langSec/termSec). What TBX-Basic has
// no data category for (entry type, diptych options) travels in a <note>
// starting with "diptych:", so an exported glossary re-imports unchanged.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { GlossaryProblem } from '../problems.js';
import { TERM_TYPES, type GlossaryEntry, type TermType } from '../types.js';

const DIPTYCH_NOTE = 'diptych:';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function optionsOf(entry: GlossaryEntry): string {
  return [entry.keep ? 'keep' : '', entry.caseSensitive ? 'case' : '', entry.bare ? 'bare' : '', entry.inflect ? 'inflect' : ''].filter(Boolean).join(',');
}

export function writeTbx(entries: GlossaryEntry[], version = ''): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">',
    '<martif type="TBX-Basic" xml:lang="fr">',
    '  <martifHeader>',
    '    <fileDesc><sourceDesc><p>diptych pinned glossary, French → English' + (version ? `, version ${escapeXml(version)}` : '') + '</p></sourceDesc></fileDesc>',
    '    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>',
    '  </martifHeader>',
    '  <text>',
    '    <body>',
  ];
  entries.forEach((entry, i) => {
    out.push(`      <termEntry id="e${i + 1}">`);
    out.push(`        <note>${escapeXml(`${DIPTYCH_NOTE} type=${entry.type}; options=${optionsOf(entry)}`)}</note>`);
    if (entry.note) out.push(`        <note>${escapeXml(entry.note)}</note>`);
    out.push('        <langSet xml:lang="fr">');
    for (const source of entry.sources) {
      out.push(`          <tig><term>${escapeXml(source)}</term><termNote type="partOfSpeech">${entry.type === 'other' ? 'noun' : 'properNoun'}</termNote></tig>`);
    }
    out.push('        </langSet>');
    out.push('        <langSet xml:lang="en">');
    const english = [entry.keep ? entry.sources[0]! : entry.target, ...entry.targetForms];
    english.forEach((term, k) => {
      const status = k === 0 ? 'preferredTerm-admn-sts' : 'admittedTerm-admn-sts';
      out.push(`          <tig><term>${escapeXml(term)}</term><termNote type="administrativeStatus">${status}</termNote></tig>`);
    });
    out.push('        </langSet>');
    out.push('      </termEntry>');
  });
  out.push('    </body>', '  </text>', '</martif>', '');
  return out.join('\n');
}

type Node = Record<string, unknown>;

const ARRAYS = new Set(['termEntry', 'conceptEntry', 'langSet', 'langSec', 'tig', 'ntig', 'termSec', 'note', 'termNote', 'descrip', 'admin']);

function list(value: unknown): Node[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as Node[];
}

function textOf(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return String((value as Node)['#text']);
  return '';
}

function langOf(node: Node): string {
  return String(node['@_xml:lang'] ?? node['@_lang'] ?? '').toLowerCase();
}

/** Each term of a language section with its administrative status, from TBX v2 (tig/ntig) or v3 (termSec). */
function termsOf(section: Node): Array<{ term: string; status: string }> {
  const groups = [...list(section.tig), ...list(section.termSec), ...list(section.ntig).map((n) => ({ ...((n.termGrp as Node) ?? {}) }))];
  return groups
    .map((group) => {
      const notes = list(group.termNote);
      const status = notes.find((n) => n['@_type'] === 'administrativeStatus');
      return { term: textOf(group.term).trim(), status: status ? textOf(status) : '' };
    })
    .filter((t) => t.term !== '');
}

/** 1-based line of the n-th occurrence of an element's start tag, for messages. */
function lineOfElement(text: string, name: string, n: number): number {
  const pattern = new RegExp(`<${name}[\\s>]`, 'g');
  let match: RegExpExecArray | null = null;
  for (let i = 0; i <= n; i++) match = pattern.exec(text);
  return match ? text.slice(0, match.index).split('\n').length : 1;
}

export function parseTbx(file: string, text: string): { entries: GlossaryEntry[]; problems: GlossaryProblem[] } {
  const entries: GlossaryEntry[] = [];
  const problems: GlossaryProblem[] = [];
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    problems.push({ rule: 'glossary-tbx', severity: 'error', message: `not well-formed XML: ${valid.err.msg}`, file, line: valid.err.line, hint: 'fix the XML, or export the TBX again' });
    return { entries, problems };
  }
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ARRAYS.has(name), trimValues: true, processEntities: true });
  const doc = parser.parse(text) as Node;
  const root = (doc.martif ?? doc.tbx) as Node | undefined;
  const body = ((root?.text as Node | undefined)?.body as Node | undefined) ?? undefined;
  if (!root || !body) {
    problems.push({ rule: 'glossary-tbx', severity: 'error', message: 'no <martif> or <tbx> document with a <text><body>', file, line: 1, hint: 'give a TBX-Basic file' });
    return { entries, problems };
  }
  const v3 = doc.tbx !== undefined;
  const concepts = list(v3 ? body.conceptEntry : body.termEntry);
  concepts.forEach((concept, index) => {
    const line = lineOfElement(text, v3 ? 'conceptEntry' : 'termEntry', index);
    const sections = list(v3 ? concept.langSec : concept.langSet);
    const french = sections.filter((s) => langOf(s).startsWith('fr')).flatMap(termsOf);
    const english = sections.filter((s) => langOf(s).startsWith('en')).flatMap(termsOf);
    if (french.length === 0 || english.length === 0) {
      problems.push({ rule: 'glossary-tbx', severity: 'warning', message: 'entry without both a French and an English term; skipped', file, line });
      return;
    }
    const notes = list(concept.note).map(textOf);
    const meta = notes.find((n) => n.startsWith(DIPTYCH_NOTE)) ?? '';
    const type = /type=(\w+)/u.exec(meta)?.[1] as TermType | undefined;
    const options = (/options=([\w,]*)/u.exec(meta)?.[1] ?? '').split(',').filter(Boolean);
    const preferred = english.find((t) => t.status.startsWith('preferred')) ?? english[0]!;
    const keep = options.includes('keep');
    const sources = [...new Set(french.map((t) => t.term.normalize('NFC')))];
    entries.push({
      id: sources[0]!,
      sources,
      target: keep ? '' : preferred.term.normalize('NFC'),
      targetForms: english.filter((t) => t !== preferred).map((t) => t.term.normalize('NFC')),
      type: type && TERM_TYPES.includes(type) ? type : 'other',
      caseSensitive: options.includes('case'),
      keep,
      ...(options.includes('bare') ? { bare: true } : {}),
      ...(options.includes('inflect') ? { inflect: true } : {}),
      note: notes.filter((n) => !n.startsWith(DIPTYCH_NOTE)).join(' '),
      file,
      line,
    });
  });
  return { entries, problems };
}
