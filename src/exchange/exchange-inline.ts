import type { Element, ElementContent } from 'xast';
import { x } from 'xastscript';
import type { InlineMark } from '../core/types.js';
import { nestRanges, type InlineNode } from '../core/inline-ranges.js';

// Inline marks travel through CAT tools as paired tags: XLIFF 1.2 <g ctype>,
// XLIFF 2.0 <pc type subType>. Tag ids name the source mark (1-based), and a
// target mark reuses the id of the source mark it corresponds to, as CAT
// tools expect; link addresses stay in the store and are found by that id.

export type XliffVersion = '1.2' | '2.0';

interface TagShape {
  name: string;
  attributes: Record<string, string>;
}

function tagFor(version: XliffVersion, mark: InlineMark, id: string): TagShape {
  if (version === '1.2') {
    const ctype = { emphasis: 'italic', strong: 'bold', link: 'link', code: 'x-code' }[mark.kind];
    return { name: 'g', attributes: { id, ctype } };
  }
  const attributes: Record<string, string> = { id };
  if (mark.kind === 'emphasis') Object.assign(attributes, { type: 'fmt', subType: 'xlf:i' });
  else if (mark.kind === 'strong') Object.assign(attributes, { type: 'fmt', subType: 'xlf:b' });
  else if (mark.kind === 'link') attributes.type = 'link';
  else attributes.type = 'other';
  return { name: 'pc', attributes };
}

/** The mark kind a paired tag stands for, or undefined for tags we do not model (kept as plain text). */
export function markKindOf(element: Element): InlineMark['kind'] | undefined {
  const attributes = element.attributes;
  if (element.name === 'g') {
    const ctype = attributes.ctype;
    if (ctype === 'italic') return 'emphasis';
    if (ctype === 'bold') return 'strong';
    if (ctype === 'link') return 'link';
    if (ctype === 'x-code') return 'code';
    return undefined;
  }
  if (element.name === 'pc') {
    if (attributes.subType === 'xlf:i') return 'emphasis';
    if (attributes.subType === 'xlf:b') return 'strong';
    if (attributes.type === 'link') return 'link';
    if (attributes.type === 'other') return 'code';
  }
  return undefined;
}

/** Tag ids for one side: source marks are numbered 1…n; a target mark takes its source twin's number. */
export function tagIds(marks: readonly InlineMark[], sourceMarks: readonly InlineMark[], prefix: string): string[] {
  const used = new Set<number>();
  let next = sourceMarks.length;
  return marks.map((mark) => {
    let index = sourceMarks.findIndex(
      (candidate, i) => !used.has(i) && candidate.kind === mark.kind && (candidate.href ?? '') === (mark.href ?? ''),
    );
    if (index === -1) index = next++;
    used.add(index);
    return `${prefix}${index + 1}`;
  });
}

/** Text with its marks as XLIFF inline content. */
export function inlineContent(
  version: XliffVersion,
  text: string,
  marks: readonly InlineMark[] | undefined,
  ids: readonly string[],
): ElementContent[] {
  const ranges = (marks ?? []).map((mark, index) => ({ start: mark.start, end: mark.end, tag: { mark, id: ids[index]! } }));
  const convert = (node: InlineNode<{ mark: InlineMark; id: string }>): ElementContent => {
    if (node.type === 'text') return { type: 'text', value: node.value };
    const shape = tagFor(version, node.tag.mark, node.tag.id);
    return x(shape.name, shape.attributes, node.children.map(convert));
  };
  return nestRanges(text, ranges).map(convert);
}

/** Plain text and marks (with the tag id each came from) read back from XLIFF inline content. */
export interface ReadInline {
  text: string;
  marks: Array<InlineMark & { tagId: string }>;
}

export function readInline(element: Element): ReadInline {
  let text = '';
  const marks: Array<InlineMark & { tagId: string }> = [];
  const walk = (nodes: readonly ElementContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'text' || node.type === 'cdata') text += node.value;
      else if (node.type === 'element') {
        // Standalone placeholders (<x/>, <ph/>, <bx/>, <ex/>) carry no text of ours.
        if (['x', 'ph', 'bx', 'ex', 'sc', 'ec', 'cp'].includes(node.name)) continue;
        const kind = markKindOf(node);
        const start = text.length;
        walk(node.children);
        if (kind !== undefined && text.length > start) {
          const tagId = node.attributes.id ?? '';
          const previous = marks.at(-1);
          // A mark split around another (overlap) comes back as two adjacent tags with one id: rejoin it.
          if (previous && previous.tagId === tagId && previous.kind === kind && previous.end === start) previous.end = text.length;
          else marks.push({ kind, start, end: text.length, tagId });
        }
      }
    }
  };
  walk(element.children);
  return { text, marks };
}
