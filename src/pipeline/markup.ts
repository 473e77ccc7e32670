// Inline markup through translation: a segment's marks become inline HTML
// elements with ids before MT, and are read back from the engine's reply.
// Engines keep elements and move them with their words (Apertium's word-bound
// blanks, DeepL's tag handling), so a link stays on the words it belongs to.

import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { InlineMark } from '../core/types.js';

const TAGS: Record<InlineMark['kind'], string> = { emphasis: 'em', strong: 'strong', link: 'a', code: 'code' };
const KINDS = new Map(Object.entries(TAGS).map(([kind, tag]) => [tag, kind as InlineMark['kind']]));

/** Plain text and its marks as an HTML fragment; mark n (0-based) becomes an element with id "m{n}". */
export function toFragment(text: string, marks: InlineMark[]): string {
  // Most sentences have no markup: escaping is all toHtml would do (the same
  // characters, the same references), without building a tree.
  if (marks.length === 0) return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const order = marks.map((mark, index) => ({ mark, index })).sort((a, b) => a.mark.start - b.mark.start || b.mark.end - a.mark.end);
  const build = (start: number, end: number, inner: typeof order): ElementContent[] => {
    const nodes: ElementContent[] = [];
    let cursor = start;
    for (let i = 0; i < inner.length; i++) {
      const { mark, index } = inner[i]!;
      if (mark.start < cursor || mark.end > end) continue; // overlapping marks cannot nest; the outer one wins
      if (mark.start > cursor) nodes.push({ type: 'text', value: text.slice(cursor, mark.start) });
      const nested = inner.slice(i + 1).filter((other) => other.mark.start >= mark.start && other.mark.end <= mark.end);
      nodes.push({ type: 'element', tagName: TAGS[mark.kind], properties: { id: `m${index}` }, children: build(mark.start, mark.end, nested) });
      cursor = mark.end;
    }
    if (cursor < end) nodes.push({ type: 'text', value: text.slice(cursor, end) });
    return nodes;
  };
  // Named references (&amp;) rather than numeric ones: every engine's HTML mode knows them.
  return toHtml({ type: 'root', children: build(0, text.length, order) }, { characterReferences: { useNamedReferences: true } });
}

/**
 * An engine's reply back to plain text and marks. Marks take their link
 * targets from the source marks by id, never from the engine's output, so an
 * engine cannot invent or alter a link.
 */
export function fromFragment(fragment: string, sourceMarks: InlineMark[]): { text: string; marks: InlineMark[] } {
  // No element and no character reference: the parser would return the text as it is.
  if (!/[<&\r\0]/.test(fragment)) return normaliseSpaces(fragment, []);
  const tree: Root = fromHtml(fragment, { fragment: true });
  let text = '';
  const marks: InlineMark[] = [];
  const walk = (nodes: Root['children'] | ElementContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') text += node.value;
      else if (node.type === 'element') {
        const start = text.length;
        walk(node.children);
        const source = sourceMarkOf(node, sourceMarks);
        if (source && text.length > start) marks.push({ ...source, start, end: text.length });
      }
    }
  };
  walk(tree.children);
  // Engines may leave spaces doubled, at the edges, or before punctuation where words moved around tags.
  return normaliseSpaces(text, marks);
}

function sourceMarkOf(element: Element, sourceMarks: InlineMark[]): InlineMark | undefined {
  const id = element.properties?.id;
  const index = typeof id === 'string' && /^m\d+$/.test(id) ? Number(id.slice(1)) : -1;
  const mark = sourceMarks[index];
  return mark && KINDS.get(element.tagName) === mark.kind ? mark : undefined;
}

const CLOSING_PUNCTUATION = new Set([',', '.', ';', ':', '!', '?', ')']);

function normaliseSpaces(text: string, marks: InlineMark[]): { text: string; marks: InlineMark[] } {
  // Map every old offset to its new one while collapsing runs of spaces and trimming.
  // The output is kept as an array of characters: asking a string built one
  // character at a time for its last character flattens it every time, which
  // made a long line quadratic (a 2 MB line took minutes).
  const map: number[] = [];
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    map.push(out.length);
    const char = text[i]!;
    const last = out[out.length - 1];
    if (char === ' ' && (last === undefined || last === ' ' || last === '(')) continue;
    // English sets no space before these; engines leave one where a word was dropped or moved.
    if (last === ' ' && CLOSING_PUNCTUATION.has(char)) {
      out.pop();
      for (let j = map.length - 1; j >= 0 && map[j]! > out.length; j--) map[j] = out.length;
    }
    out.push(char);
  }
  map.push(out.length);
  const trimmed = out.join('').trimEnd();
  const clamp = (n: number) => Math.min(n, trimmed.length);
  return {
    text: trimmed,
    marks: marks
      .map((mark) => {
        let start = clamp(map[mark.start]!);
        let end = clamp(map[mark.end]!);
        while (start < end && trimmed[start] === ' ') start++;
        while (end > start && trimmed[end - 1] === ' ') end--;
        return { ...mark, start, end };
      })
      .filter((mark) => mark.end > mark.start)
      .sort((a, b) => a.start - b.start),
  };
}
