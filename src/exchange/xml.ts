import type { Root } from 'xast';
import { serializeXml } from '../core/xml.js';

// Elements whose text is content: never add whitespace inside them.
const mixedContent = new Set(['source', 'target', 'seg', 'note', 'prop', 'g', 'pc', 'mrk', 'tool']);

/** Serialize an XLIFF or TMX document (see core/xml.ts). */
export function serializeExchangeXml(tree: Root): string {
  return serializeXml(tree, mixedContent);
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
