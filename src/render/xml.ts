import type { Element, ElementContent, Root } from 'xast';
import { toXml } from 'xast-util-to-xml';

/**
 * Serialize an exchange document. xast-util-to-xml escapes `&` and `<` in text
 * and drops characters XML forbids; `>` is left alone, but "]]>" is not
 * allowed in XML text, so it is escaped here. This is safe on the whole
 * document because we never emit CDATA sections or comments.
 */
export function serializeXml(tree: Root): string {
  const indented: Root = { ...tree, children: tree.children.map((node) => (node.type === 'element' ? indent(node, 1) : node)) };
  const xml = toXml(interleave(indented.children, '\n') as Root['children'], { closeEmptyElements: true, tightClose: true });
  return `${xml.replaceAll(']]>', ']]&gt;')}\n`;
}

// Elements whose text is content: never add whitespace inside them.
const mixedContent = new Set(['source', 'target', 'seg', 'note', 'prop', 'g', 'pc', 'mrk', 'tool']);

/** Line breaks and indentation between the elements of element-only content, so files read and diff well. */
function indent(element: Element, depth: number): Element {
  if (mixedContent.has(element.name)) return element;
  const elementsOnly = element.children.every((child) => child.type !== 'text' || child.value.trim() === '');
  if (!elementsOnly || element.children.length === 0) return element;
  const children = element.children
    .filter((child) => child.type !== 'text')
    .map((child) => (child.type === 'element' ? indent(child, depth + 1) : child));
  const pad = (level: number): ElementContent => ({ type: 'text', value: `\n${'  '.repeat(level)}` });
  return { ...element, children: [...children.flatMap((child) => [pad(depth), child]), pad(depth - 1)] };
}

function interleave<T>(nodes: T[], separator: string): Array<T | { type: 'text'; value: string }> {
  return nodes.flatMap((node, index) => (index === 0 ? [node] : [{ type: 'text' as const, value: separator }, node]));
}

/** XLIFF 2.0 ids are NMTOKENs; segment ids are encoded reversibly (other characters as .XX hex). */
export function toNmtoken(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, (char) =>
    [...new TextEncoder().encode(char)].map((byte) => `.${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

export function fromNmtoken(token: string): string {
  const bytes: number[] = [];
  let out = '';
  const flush = () => {
    if (bytes.length > 0) out += new TextDecoder().decode(new Uint8Array(bytes.splice(0)));
  };
  for (let i = 0; i < token.length; i++) {
    const hex = token[i] === '.' ? /^[0-9A-F]{2}$/.exec(token.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else {
      flush();
      out += token[i];
    }
  }
  flush();
  return out;
}

/** The store file an exchange document was made from: import looks for it beside --out. */
export function storeNameOf(slug: string): string {
  return `${slug}.json`;
}
