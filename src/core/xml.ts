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
    const problem = xmlProblem(xml, error);
    throw new InputError(problem.message, { file, ...(problem.line !== undefined ? { line: problem.line } : {}), hint: problem.hint ?? hint, cause: error });
  }
}

/**
 * What is wrong with XML the parser refused, in words: the parser's own reason
 * (not its wrapper's "Could not parse XML"), or, when the document has a
 * DOCTYPE, that entity declarations are refused and why.
 */
export function xmlProblem(xml: string, error: unknown): { message: string; line?: number; hint?: string } {
  const place = error as { line?: number; reason?: string; message?: string; cause?: { message?: string } };
  const cause = String(place.cause?.message ?? place.reason ?? place.message ?? error);
  const doctype = /<!DOCTYPE/i.exec(xml);
  if (doctype && (/entity/i.test(cause) || /<!DOCTYPE[^>]*\[/i.test(xml))) {
    return {
      message: 'has a DOCTYPE whose entities diptych refuses: the parser never expands declared or external entities, which could grow without bound ("billion laughs") or read local files (XXE)',
      line: xml.slice(0, doctype.index).split('\n').length,
      hint: 'remove the <!DOCTYPE …> declaration (and write the entities it declared as plain text), then try again',
    };
  }
  const reason = cause.split('\n')[0]!.replace(/ \(line \d+, column \d+\)$/, '');
  return { message: `not well-formed XML (${reason})`, ...(typeof place.line === 'number' ? { line: place.line } : {}) };
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
