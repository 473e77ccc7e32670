// The links file: one link per line, `fr_indices<TAB>en_indices`, 0-based,
// comma-separated, one side empty for an unmatched sentence — the format of
// the alignment gold sets and of their scorer, so an alignment can be scored.

import { InputError } from '../core/errors.js';

export interface LinkLine {
  fr: number[];
  en: number[];
}

export function formatLinks(links: readonly LinkLine[]): string {
  return links.map((link) => `${link.fr.join(',')}\t${link.en.join(',')}\n`).join('');
}

/** Read a links file; `file` names it in errors. */
export function parseLinks(text: string, file: string): LinkLine[] {
  const links: LinkLine[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const sides = line.split('\t');
    const place = { file, line: index + 1 };
    if (sides.length !== 2) throw new InputError(`expected one TAB between French and English indices, found ${sides.length - 1}`, { ...place, hint: 'write each link as fr_indices<TAB>en_indices' });
    const [fr, en] = sides.map((side) => indices(side, place)) as [number[], number[]];
    if (fr.length === 0 && en.length === 0) throw new InputError('a link with both sides empty', { ...place, hint: 'give at least one sentence index' });
    links.push({ fr, en });
  });
  return links;
}

function indices(side: string, place: { file: string; line: number }): number[] {
  if (side.trim() === '') return [];
  return side.split(',').map((item) => {
    if (!/^\s*\d+\s*$/.test(item)) throw new InputError(`"${item}" is not a sentence index`, { ...place, hint: 'indices are 0-based whole numbers separated by commas' });
    return Number(item);
  });
}
