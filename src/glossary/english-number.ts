// The English of a pinned term in the number its French occurrence has: a
// singular "Casque blanc" of the entry "Casques blancs → White Helmets" reads
// "White Helmet". The form comes from the entry's english_forms when one is
// that form, else from `pluralize`, a small well-kept English inflection
// library (irregular nouns, uncountables: "Taliban", "police", "crises")
// called synchronously where the pinned form is restored. Apertium's English
// generator would need the head's English lemma and tags, that is a second
// analyser and a process call inside every restore, for the same nouns.

import pluralize from 'pluralize';
import type { GrammaticalNumber } from '../core/morphology.js';
import type { GlossaryEntry } from './types.js';

// pluralize 8 gives the Latin plural "viri"; English news writes "viruses".
pluralize.addIrregularRule('virus', 'viruses');
pluralize.addIrregularRule('coronavirus', 'coronaviruses');

/** Words after which an English noun phrase's head has been seen ("Ministry of Defence" → Ministry). */
const AFTER_HEAD = new Set(['of', 'for', 'to', 'in', 'on', 'at', 'from', 'with', 'against', 'and']);

/** The head word of an English noun phrase, as [start, end] in the phrase; undefined when it should not change (an acronym, a number). */
function headOf(phrase: string): [number, number] | undefined {
  const words = [...phrase.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)];
  let head: RegExpMatchArray | undefined;
  for (const word of words) {
    if (head && AFTER_HEAD.has(word[0].toLowerCase())) break;
    head = word;
  }
  if (!head) return undefined;
  const text = head[0];
  // "WHO", "SARS-CoV-2", "COVID-19", "H1N1": names, not nouns to inflect.
  if (/\p{N}/u.test(text) || (text.length > 1 && text === text.toUpperCase())) return undefined;
  return [head.index!, head.index! + text.length];
}

/** The phrase with its head in the given number (pluralize keeps the head's case). */
export function inNumber(phrase: string, number: GrammaticalNumber): string {
  const head = headOf(phrase);
  if (!head) return phrase;
  const word = phrase.slice(head[0], head[1]);
  const changed = number === 'plural' ? pluralize.plural(word) : pluralize.singular(word);
  return phrase.slice(0, head[0]) + changed + phrase.slice(head[1]);
}

/** The same phrase but for its head, whose first letters are the same word's ("White Helmet" / "White Helmets", "woman" / "women"). */
function sameButHead(a: string, b: string): boolean {
  const wa = a.split(/\s+/u);
  const wb = b.split(/\s+/u);
  const head = headOf(a);
  if (!head || wa.length !== wb.length) return false;
  const at = a.slice(0, head[0]).split(/\s+/u).length - 1;
  return wa.every((w, i) => (i === at ? w !== wb[i] && w.slice(0, 2).toLowerCase() === wb[i]!.slice(0, 2).toLowerCase() : w === wb[i]));
}

/**
 * The English an entry's occurrence calls for: the pinned form when the French
 * has the number of the entry's first form (or either number is unknown),
 * else the other number, from english_forms when listed there.
 */
export function englishFor(entry: GlossaryEntry, entryNumber: GrammaticalNumber | undefined, number: GrammaticalNumber | undefined): string {
  if (!entryNumber || !number || entryNumber === number || entry.target === '') return entry.target;
  const listed = entry.targetForms.find((form) => sameButHead(entry.target, form) && isNumber(form, number));
  return listed ?? inNumber(entry.target, number);
}

function isNumber(phrase: string, number: GrammaticalNumber): boolean {
  const head = headOf(phrase);
  if (!head) return true;
  const word = phrase.slice(head[0], head[1]);
  return number === 'plural' ? pluralize.isPlural(word) : pluralize.isSingular(word);
}

/** The English of the other number, for telling which listed English forms a number rules out. */
export function otherNumberOf(entry: GlossaryEntry, number: GrammaticalNumber): string {
  const other: GrammaticalNumber = number === 'plural' ? 'singular' : 'plural';
  return englishFor(entry, number, other);
}
