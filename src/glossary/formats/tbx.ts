// TBX-Basic (ISO 30042), the terminology exchange format CAT tools read.
// Export writes the classic <martif type="TBX-Basic"> form; import reads that
// and the TBX v3 <tbx> form (conceptEntry/langSec/termSec). What TBX-Basic has
// no data category for (entry type, diptych options) travels in a <note>
// starting with "diptych:", so an exported glossary re-imports unchanged.

import type { Element, Root } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { xmlProblem } from '../../core/xml.js';
import { x } from 'xastscript';
import { serializeXml } from '../../core/xml.js';
import type { GlossaryProblem } from '../problems.js';
import { TERM_TYPES, type GlossaryEntry, type TermType } from '../types.js';

const DIPTYCH_NOTE = 'diptych:';

/** Elements whose text is content: no indentation inside them. */
const MIXED_CONTENT = new Set(['p', 'note', 'term', 'termNote', 'descrip', 'admin']);

function optionsOf(entry: GlossaryEntry): string {
  return [entry.keep ? 'keep' : '', entry.caseSensitive ? 'case' : '', entry.bare ? 'bare' : '', entry.inflect ? 'inflect' : ''].filter(Boolean).join(',');
}

export function writeTbx(entries: GlossaryEntry[], version = ''): string {
  const termEntries = entries.map((entry, i) => {
    const english = [entry.keep ? entry.sources[0]! : entry.target, ...entry.targetForms];
    return x('termEntry', { id: `e${i + 1}` }, [
      x('note', `${DIPTYCH_NOTE} type=${entry.type}; options=${optionsOf(entry)}`),
      entry.note ? x('note', entry.note) : undefined,
      x(
        'langSet',
        { 'xml:lang': 'fr' },
        entry.sources.map((source) => x('tig', [x('term', source), x('termNote', { type: 'partOfSpeech' }, entry.type === 'other' ? 'noun' : 'properNoun')])),
      ),
      x(
        'langSet',
        { 'xml:lang': 'en' },
        english.map((term, k) =>
          x('tig', [x('term', term), x('termNote', { type: 'administrativeStatus' }, k === 0 ? 'preferredTerm-admn-sts' : 'admittedTerm-admn-sts')]),
        ),
      ),
    ]);
  });
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
      { type: 'doctype', name: 'martif', public: undefined, system: 'TBXBasiccoreStructV02.dtd' },
      x('martif', { type: 'TBX-Basic', 'xml:lang': 'fr' }, [
        x('martifHeader', [
          x('fileDesc', [x('sourceDesc', [x('p', `diptych pinned glossary, French → English${version ? `, version ${version}` : ''}`)])]),
          x('encodingDesc', [x('p', { type: 'XCSURI' }, 'TBXBasicXCSV02.xcs')]),
        ]),
        x('text', [x('body', termEntries)]),
      ]),
    ],
  };
  return serializeXml(tree, MIXED_CONTENT);
}

function children(element: Element | undefined, name: string): Element[] {
  return (element?.children ?? []).filter((node): node is Element => node.type === 'element' && node.name === name);
}

function child(element: Element | undefined, name: string): Element | undefined {
  return children(element, name)[0];
}

function textOf(element: Element | undefined): string {
  let text = '';
  const walk = (node: Element): void => {
    for (const inner of node.children) {
      if (inner.type === 'text' || inner.type === 'cdata') text += inner.value;
      else if (inner.type === 'element') walk(inner);
    }
  };
  if (element) walk(element);
  return text.trim();
}

function langOf(element: Element): string {
  return String(element.attributes['xml:lang'] ?? element.attributes.lang ?? '').toLowerCase();
}

/** Each term of a language section with its administrative status, from TBX v2 (tig/ntig) or v3 (termSec). */
function termsOf(section: Element): Array<{ term: string; status: string }> {
  const groups = [...children(section, 'tig'), ...children(section, 'termSec'), ...children(section, 'ntig').flatMap((n) => children(n, 'termGrp'))];
  return groups
    .map((group) => {
      const status = children(group, 'termNote').find((n) => n.attributes.type === 'administrativeStatus');
      return { term: textOf(child(group, 'term')), status: status ? textOf(status) : '' };
    })
    .filter((t) => t.term !== '');
}

export function parseTbx(file: string, text: string): { entries: GlossaryEntry[]; problems: GlossaryProblem[] } {
  const entries: GlossaryEntry[] = [];
  const problems: GlossaryProblem[] = [];
  let tree: Root;
  try {
    tree = fromXml(text);
  } catch (error) {
    const problem = xmlProblem(text, error);
    problems.push({ rule: 'glossary-tbx', severity: 'error', message: problem.message, file, line: problem.line ?? 1, hint: problem.hint ?? 'fix the XML, or export the TBX again' });
    return { entries, problems };
  }
  const root = tree.children.find((node): node is Element => node.type === 'element' && (node.name === 'martif' || node.name === 'tbx'));
  const body = child(child(root, 'text'), 'body');
  if (!root || !body) {
    problems.push({ rule: 'glossary-tbx', severity: 'error', message: 'no <martif> or <tbx> document with a <text><body>', file, line: 1, hint: 'give a TBX-Basic file' });
    return { entries, problems };
  }
  const v3 = root.name === 'tbx';
  for (const concept of children(body, v3 ? 'conceptEntry' : 'termEntry')) {
    const line = concept.position?.start.line ?? 1;
    const sections = children(concept, v3 ? 'langSec' : 'langSet');
    const french = sections.filter((s) => langOf(s).startsWith('fr')).flatMap(termsOf);
    const english = sections.filter((s) => langOf(s).startsWith('en')).flatMap(termsOf);
    if (french.length === 0 || english.length === 0) {
      problems.push({ rule: 'glossary-tbx', severity: 'warning', message: 'entry without both a French and an English term; skipped', file, line });
      continue;
    }
    const notes = children(concept, 'note').map(textOf);
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
  }
  return { entries, problems };
}
