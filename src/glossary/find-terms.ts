import { formKey, frenchPattern, normaliseText } from './pattern.js';
import type { Glossary, GlossaryEntry, TermMatch } from './types.js';

interface CompiledEntry {
  entry: GlossaryEntry;
  pattern: RegExp;
}

// Compiling is the expensive part; a glossary is matched against many segments.
const compiled = new WeakMap<GlossaryEntry[], CompiledEntry[]>();

function compile(entries: GlossaryEntry[]): CompiledEntry[] {
  let list = compiled.get(entries);
  if (!list) {
    list = entries.map((entry) => ({ entry, pattern: frenchPattern(entry.sources, entry.caseSensitive, entry.inflect ?? false) }));
    compiled.set(entries, list);
  }
  return list;
}

/**
 * Every glossary term in a French text: non-overlapping, the longest match
 * winning wherever two overlap (so "Hayat Tahrir al-Cham" beats "Tahrir
 * al-Cham"), in text order. Offsets index the text as given, even when it is
 * not NFC.
 */
export function findTerms(glossary: Glossary, text: string): TermMatch[] {
  const normalised = normaliseText(text);
  const candidates: Array<{ entry: GlossaryEntry; start: number; end: number; order: number; exact: boolean }> = [];
  compile(glossary.entries).forEach(({ entry, pattern }, order) => {
    pattern.lastIndex = 0;
    for (const m of normalised.text.matchAll(pattern)) {
      if (m[0].length === 0) continue;
      const exact = !entry.inflect || isListedForm(entry, m[0]);
      candidates.push({ entry, start: m.index, end: m.index + m[0].length, order, exact });
    }
  });
  // Longest first; at equal length a listed form beats an inflected one ("symptômes"
  // entry over "symptôme" + s); then the earlier position, then the earlier entry.
  candidates.sort(
    (a, b) => b.end - b.start - (a.end - a.start) || Number(b.exact) - Number(a.exact) || a.start - b.start || a.order - b.order,
  );
  const chosen: typeof candidates = [];
  for (const c of candidates) {
    if (chosen.every((k) => c.end <= k.start || c.start >= k.end)) chosen.push(c);
  }
  chosen.sort((a, b) => a.start - b.start);
  const map = normalised.map;
  return chosen.map((c) => {
    const start = map ? map[c.start]! : c.start;
    const end = map ? map[c.end]! : c.end;
    return { entry: c.entry, start, end, text: text.slice(start, end) };
  });
}

/** True when the text is one of the entry's French forms as listed (not an inflection of one). */
export function isListedForm(entry: GlossaryEntry, text: string): boolean {
  const key = formKey(text, entry.caseSensitive);
  return entry.sources.some((source) => formKey(source, entry.caseSensitive) === key);
}
