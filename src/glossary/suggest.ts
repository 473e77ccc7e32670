// Candidates for the glossary from a set of articles: capitalised multi-word
// names, acronyms and words the translator did not know, counted across
// articles, minus what the glossary already covers. A person decides.

import { findTerms } from './find-terms.js';
import type { Glossary } from './types.js';

export type SuggestionKind = 'name' | 'acronym' | 'unknown';

export interface Suggestion {
  text: string;
  kind: SuggestionKind;
  /** Occurrences across all documents. */
  count: number;
  /** Documents it occurs in. */
  documents: number;
}

export interface SuggestInput {
  name: string;
  text: string;
  /** Words the translator marked unknown in this document, one per occurrence. */
  unknownWords?: string[];
}

// Capitalised words that start sentences or titles without being names.
const FUNCTION_WORDS = new Set(
  ('le la les l un une des du de d au aux à a en dans pour par sur sous selon avec sans contre entre chez vers depuis après avant ' +
    'il elle ils elles on nous vous je ce cet cette ces cela ça son sa ses leur leurs mon ma mes notre nos votre vos ' +
    'et ou mais donc or ni car si que qu qui quoi dont où comme lors fin début mi ainsi alors toutefois cependant néanmoins ' +
    'bien même aussi plus moins très tout tous toute toutes autre autres certains certaines plusieurs chaque aucun aucune ' +
    'lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre octobre novembre décembre ' +
    'm mme mlle mr dr pr st ste')
    .split(' '),
);
// Lower-case words that join the parts of a name: Front al-Nosra, Cour de cassation, Abou Bakr al-Baghdadi.
const CONNECTORS = new Set(['de', 'du', 'des', 'd', 'la', 'le', 'les', 'l', 'al', 'el', 'ben', 'bin', 'ibn', 'abou', 'abu', 'von', 'van', 'der', 'y']);

const WORD = /[\p{L}\p{N}]+(?:[-‐'’][\p{L}\p{N}]+)*/gu;

function isCapitalised(word: string): boolean {
  // al-Joulani, ben-Ali: a lower-case particle glued to a capitalised name counts as a name part.
  return /^(?:(?:al|el|ad|ash|as|ben|bin|abu|abou)[-‐])?\p{Lu}/u.test(word);
}

function isAcronym(word: string): boolean {
  // Two capitals or more (OTAN, HRW, S-125 has one: handled by the digit rule).
  return /^(?:\p{Lu}[\p{Lu}\p{N}]*[-‐]?)*\p{Lu}[\p{Lu}\p{N}]+$/u.test(word) || /^\p{Lu}+[-‐]\d+$/u.test(word);
}

/** Blank out glossary matches so their words are not suggested again. */
function maskKnown(glossary: Glossary | undefined, text: string): string {
  if (!glossary) return text;
  let out = text;
  for (const m of findTerms(glossary, text).reverse()) out = out.slice(0, m.start) + ' ¦ '.padEnd(m.end - m.start, ' ') + out.slice(m.end);
  return out;
}

function candidatesIn(text: string): Array<{ text: string; kind: SuggestionKind }> {
  const found: Array<{ text: string; kind: SuggestionKind }> = [];
  // Work sentence-clause by clause: names never span punctuation.
  for (const clause of text.split(/[.!?;:,«»"“”()\[\]¦—–]+/u)) {
    // Elided articles and prepositions are not part of a name: l'OTAN, d'Idlib, qu'Ansar.
    const words = [...clause.matchAll(WORD)].map((m) => m[0].replace(/^(?:[dlmnstjc]|qu|jusqu|lorsqu|puisqu)['’](?=\p{L})/iu, ''));
    let run: string[] = [];
    const flush = () => {
      while (run.length > 0 && !isCapitalised(run[run.length - 1]!)) run.pop();
      while (run.length > 0 && FUNCTION_WORDS.has(run[0]!.toLowerCase())) run.shift();
      const capitals = run.filter(isCapitalised).length;
      if (capitals >= 2) found.push({ text: run.join(' '), kind: 'name' });
      run = [];
    };
    for (const word of words) {
      // Roman numerals (XVe, II) are not acronyms.
      if (isAcronym(word) && !/^[IVXLCDM]+$/u.test(word)) found.push({ text: word, kind: 'acronym' });
      const bare = word.toLowerCase().replace(/['’]$/u, '');
      if (isCapitalised(word) && !isAcronym(word)) run.push(word);
      else if (run.length > 0 && CONNECTORS.has(bare)) run.push(word);
      else flush();
    }
    flush();
  }
  return found;
}

export function suggestTerms(inputs: SuggestInput[], glossary?: Glossary): Suggestion[] {
  const table = new Map<string, Suggestion & { seen: Set<string> }>();
  const add = (text: string, kind: SuggestionKind, document: string) => {
    const key = `${kind}\u0000${text}`;
    const row = table.get(key) ?? { text, kind, count: 0, documents: 0, seen: new Set<string>() };
    row.count++;
    row.seen.add(document);
    row.documents = row.seen.size;
    table.set(key, row);
  };
  for (const input of inputs) {
    const masked = maskKnown(glossary, input.text.normalize('NFC'));
    for (const c of candidatesIn(masked)) add(c.text, c.kind, input.name);
    for (const word of input.unknownWords ?? []) {
      if (glossary && findTerms(glossary, word).length > 0) continue;
      add(word, 'unknown', input.name);
    }
  }
  return [...table.values()]
    .map(({ seen: _seen, ...row }) => row)
    .sort((a, b) => b.count - a.count || b.documents - a.documents || a.text.localeCompare(b.text, 'fr'));
}
