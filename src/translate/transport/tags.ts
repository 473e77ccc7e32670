// Placeholders as empty XML elements, `<x id="n"/>`. Unit texts are HTML
// fragments already (see TranslationUnit.text), so a placeholder is one more
// element: DeepL keeps it with tag_handling=xml + ignore_tags (its "mustache
// placeholder" guide does the same), HTML-aware engines keep it as markup, and
// LLMs copy it reliably. Engines may re-serialise it, so answers are
// normalised back to the exact token the glossary stage restores.

import { allMatches } from '../../core/matches.js';

const PLACEHOLDER = /<x id="(\d+)"\/>/g;
// What engines send back: the same, or `<x id="1" />`, `<x id='1'></x>`.
const PLACEHOLDER_BACK = /<x\s+id\s*=\s*["'](\d+)["']\s*(?:\/>|>\s*<\/x>)/g;

export function xmlPlaceholder(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`placeholder number must be an integer ≥ 1, got ${n}`);
  return `<x id="${n}"/>`;
}

/** An engine's answer with every placeholder spelled exactly as `xmlPlaceholder(n)`. */
export function normalisePlaceholders(markup: string): string {
  return markup.replace(PLACEHOLDER_BACK, (_, n: string) => xmlPlaceholder(Number(n)));
}

/** Placeholder numbers in a text, sorted, for checking that an answer kept them all. */
export function placeholdersIn(text: string): number[] {
  return allMatches(normalisePlaceholders(text), PLACEHOLDER).map((match) => Number(match[1])).sort((a, b) => a - b);
}

/** Plain text (a paragraph sent as context) made safe inside an XML request. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
