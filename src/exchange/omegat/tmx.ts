// The TMX files of the OmegaT project: machine translations for tm/auto/ and
// settled translations for the project memory (omegat/project_save.tmx), and
// reading that memory back. OmegaT keys a default translation by its French
// text alone, so each file holds one <tu> per distinct French sentence.

import type { Element, Root } from 'xast';
import { x } from 'xastscript';
import { InputError } from '../../core/errors.js';
import { parseXmlFile, serializeXml } from '../../core/xml.js';

export interface MemoryUnit {
  source: string;
  target: string;
  /** Who last changed the English (TMX changeid): the id we wrote, or the OmegaT user's. */
  changer?: string;
  /** ISO time of that change (TMX changedate). */
  changed?: string;
  /** 1-based line of the <tu> (reading only). */
  line?: number;
}


export function writeMemoryTmx(units: readonly MemoryUnit[], languages: { source: string; target: string }): string {
  const tus = units.map((unit) =>
    x('tu', [
      x('tuv', { 'xml:lang': languages.source }, [x('seg', unit.source)]),
      x(
        'tuv',
        {
          'xml:lang': languages.target,
          ...(unit.changer ? { changeid: unit.changer, creationid: unit.changer } : {}),
          ...(unit.changed ? { changedate: tmxDate(unit.changed), creationdate: tmxDate(unit.changed) } : {}),
        },
        [x('seg', unit.target)],
      ),
    ]),
  );
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
      x('tmx', { version: '1.4' }, [
        x('header', {
          creationtool: 'diptych',
          creationtoolversion: '0.1.0',
          // Already sentences: OmegaT must not segment them again.
          segtype: 'sentence',
          'o-tmf': 'diptych',
          adminlang: 'en',
          srclang: languages.source,
          datatype: 'plaintext',
        }),
        x('body', tus),
      ]),
    ],
  };
  return serializeXml(tree, new Set(['seg']));
}

/** TMX dates are ISO 8601 basic UTC: YYYYMMDDThhmmssZ. */
function tmxDate(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function isoDate(tmx: string | null | undefined): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(tmx ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.000Z` : undefined;
}

/**
 * The default translations of a project memory as OmegaT saves it (TMX 1.1,
 * `lang` attributes) or as we wrote it (TMX 1.4, `xml:lang`). Alternative
 * translations (a <tu> with a "file" prop: tied to one place in one file,
 * not to the French text) are only counted.
 */
export function readMemoryTmx(
  xml: string,
  file: string,
  languages: { source: string; target: string },
): { defaults: MemoryUnit[]; alternatives: number } {
  const tree = parseXmlFile(xml, file, 'restore the project memory from the .bak file OmegaT keeps beside it');
  const defaults: MemoryUnit[] = [];
  let alternatives = 0;
  const same = (lang: string | null | undefined, wanted: string) => (lang ?? '').toLowerCase().split(/[-_]/)[0] === wanted.toLowerCase();
  for (const tu of descendants(tree, 'tu')) {
    const tuvs = tu.children.filter((node): node is Element => node.type === 'element' && node.name === 'tuv');
    const langOf = (tuv: Element) => tuv.attributes['xml:lang'] ?? tuv.attributes.lang;
    const source = tuvs.find((tuv) => same(langOf(tuv), languages.source));
    const target = tuvs.find((tuv) => same(langOf(tuv), languages.target));
    if (!source || !target) continue;
    if (tu.children.some((node) => node.type === 'element' && node.name === 'prop' && node.attributes.type === 'file')) {
      alternatives++;
      continue;
    }
    const changer = target.attributes.changeid ?? target.attributes.creationid ?? undefined;
    const changed = isoDate(target.attributes.changedate ?? target.attributes.creationdate);
    const line = tu.position?.start.line;
    defaults.push({
      source: segText(source),
      target: segText(target),
      ...(changer ? { changer } : {}),
      ...(changed ? { changed } : {}),
      ...(line !== undefined ? { line } : {}),
    });
  }
  return { defaults, alternatives };
}

function segText(tuv: Element): string {
  const seg = tuv.children.find((node): node is Element => node.type === 'element' && node.name === 'seg');
  let text = '';
  const walk = (element: Element) => {
    for (const node of element.children) {
      if (node.type === 'text' || node.type === 'cdata') text += node.value;
      else if (node.type === 'element') walk(node);
    }
  };
  if (seg) walk(seg);
  return text;
}

function descendants(root: Root | Element, name: string): Element[] {
  const found: Element[] = [];
  for (const node of root.children) {
    if (node.type !== 'element') continue;
    if (node.name === name) found.push(node);
    else found.push(...descendants(node, name));
  }
  return found;
}
