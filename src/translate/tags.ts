// Placeholders as empty XML elements, `<x id="n"/>`: DeepL keeps them with
// tag_handling=xml + ignore_tags (its "mustache placeholder" guide does the
// same), HTML-aware engines keep them as markup, and LLMs copy them reliably.
// The text around them must then be escaped as XML, and answers unescaped.

const PLACEHOLDER = /<x id="(\d+)"\/>/g;
// What engines send back: the same, or re-serialised as `<x id="1" />` / `<x id='1'></x>`.
const PLACEHOLDER_BACK = /<x\s+id\s*=\s*["'](\d+)["']\s*(?:\/>|>\s*<\/x>)/g;

export function xmlPlaceholder(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`placeholder number must be an integer ≥ 1, got ${n}`);
  return `<x id="${n}"/>`;
}

/** Escape `text` for an XML/HTML engine, leaving our placeholders as markup. */
export function toMarkup(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    out += escapeXml(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeXml(text.slice(last));
}

/** Inverse of `toMarkup` for an engine's answer: placeholders normalised, entities decoded. */
export function fromMarkup(markup: string): string {
  let out = '';
  let last = 0;
  for (const match of markup.matchAll(PLACEHOLDER_BACK)) {
    out += unescapeXml(markup.slice(last, match.index)) + xmlPlaceholder(Number(match[1]));
    last = match.index + match[0].length;
  }
  return out + unescapeXml(markup.slice(last));
}

/** Placeholder numbers in a text, in order, for checking that an answer kept them all. */
export function placeholdersIn(text: string): number[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => Number(match[1]));
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NAMED = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
]);

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED.get(name.toLowerCase()) ?? entity;
  });
}
