// One XML writer for every XML file the project writes (XLIFF, TMX, TBX):
// xast trees serialised by xast-util-to-xml, indented between elements; and
// one reader for the XML files it takes back, reporting bad XML with its line.

import type { Element, ElementContent, Root } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { toXml } from 'xast-util-to-xml';
import { InputError } from './errors.js';

/** Parse an XML file; malformed XML is an InputError naming the file, the line and `hint`. */
export function parseXmlFile(xml: string, file: string, hint: string): Root {
  try {
    return fromXml(xml);
  } catch (error) {
    const place = error as { line?: number; message?: string };
    throw new InputError(`not well-formed XML (${String(place.message ?? error).split('\n')[0]})`, {
      file,
      ...(typeof place.line === 'number' ? { line: place.line } : {}),
      hint,
      cause: error,
    });
  }
}

/**
 * Serialize a document. xast-util-to-xml escapes `&` and `<` in text and
 * drops characters XML forbids; `>` is left alone, but "]]>" is not allowed
 * in XML text, so it is escaped here. This is safe on the whole document
 * because we never emit CDATA sections or comments. Elements named in
 * `mixedContent` hold text: no whitespace is added inside them.
 */
export function serializeXml(tree: Root, mixedContent: ReadonlySet<string>): string {
  const indented: Root = { ...tree, children: tree.children.map((node) => (node.type === 'element' ? indent(node, 1, mixedContent) : node)) };
  const xml = toXml(interleave(indented.children, '\n') as Root['children'], { closeEmptyElements: true, tightClose: true });
  return `${xml.replaceAll(']]>', ']]&gt;')}\n`;
}

/** Line breaks and indentation between the elements of element-only content, so files read and diff well. */
function indent(element: Element, depth: number, mixedContent: ReadonlySet<string>): Element {
  if (mixedContent.has(element.name)) return element;
  const elementsOnly = element.children.every((child) => child.type !== 'text' || child.value.trim() === '');
  if (!elementsOnly || element.children.length === 0) return element;
  const children = element.children
    .filter((child) => child.type !== 'text')
    .map((child) => (child.type === 'element' ? indent(child, depth + 1, mixedContent) : child));
  const pad = (level: number): ElementContent => ({ type: 'text', value: `\n${'  '.repeat(level)}` });
  return { ...element, children: [...children.flatMap((child) => [pad(depth), child]), pad(depth - 1)] };
}

function interleave<T>(nodes: T[], separator: string): Array<T | { type: 'text'; value: string }> {
  return nodes.flatMap((node, index) => (index === 0 ? [node] : [{ type: 'text' as const, value: separator }, node]));
}
