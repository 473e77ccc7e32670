import { isListedForm } from './find-terms.js';
import type { Protected, TermMatch } from './types.js';

// Characters engines glue to words they do not know (Apertium: * unknown,
// # generation error, @ transfer error, ~ unknown in generation).
const MARKS = '[*#@~]*';

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

// English adjectives do not take a plural; these endings mark most of them.
const ENGLISH_ADJECTIVE = /(?:ic|al|ous|ive|ed|ing|ant|ent|ary|ory|ble|ful|less|ar)$/u;

/** English plural of a noun phrase: its last word (the head) takes -s, -es or -ies. */
export function pluraliseEnglish(phrase: string): string {
  const m = /(\p{L}+)$/u.exec(phrase);
  if (!m || ENGLISH_ADJECTIVE.test(m[1]!) || /s$/u.test(m[1]!)) return phrase;
  const word = m[1]!;
  const plural = /[^aeiou]y$/u.test(word) ? `${word.slice(0, -1)}ies` : /(?:x|z|ch|sh)$/u.test(word) ? `${word}es` : `${word}s`;
  return phrase.slice(0, m.index) + plural;
}

/**
 * The English text a match stands for: the pinned form in the number of the
 * French occurrence (findTerms worked it out), or the French text itself for
 * keep entries. Without the analyser, an `inflect` entry found in a French
 * plural it does not list ("pandémies" for "pandémie") gives the English plural.
 */
export function pinnedForm(match: TermMatch): string {
  const { entry } = match;
  if (entry.keep || entry.target === '') return match.text;
  if (match.english !== undefined) return match.english;
  if (match.number === undefined && entry.inflect && /[sx]$/iu.test(match.text) && !isListedForm(entry, match.text)) return pluraliseEnglish(entry.target);
  return entry.target;
}

/** True when the text before a position ends a sentence (or is empty), ignoring opening quotes. */
function atSentenceStart(before: string): boolean {
  return /(?:^|[.!?…]["'’”»)]?\s+)[«"“‘(\[\s]*$/u.test(before);
}

function capitaliseFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Replace each matched term by `token(n)` (n from 1, in text order) so that a
 * translator passes it through untouched; `restore` puts the pinned English
 * form back in place of each token. Restoration strips unknown-word marks glued
 * to a token, collapses double spaces the token left around it, capitalises a
 * pinned form that opens a sentence, and never leaves a token in the text.
 */
export function protectTerms(text: string, matches: TermMatch[], token: (n: number) => string): Protected {
  const sorted = [...matches].sort((a, b) => a.start - b.start);
  const byToken = new Map<string, TermMatch>();
  let out = '';
  let last = 0;
  sorted.forEach((match, i) => {
    if (match.start < last) throw new RangeError(`protectTerms: overlapping matches at ${match.start}; pass the result of findTerms`);
    const t = token(i + 1);
    byToken.set(t.toLowerCase(), match);
    out += text.slice(last, match.start) + t;
    last = match.end;
  });
  out += text.slice(last);

  const tokens = [...byToken.keys()].sort((a, b) => b.length - a.length);
  const pattern = tokens.length
    ? new RegExp(
        `${MARKS}(${tokens.map((t) => escapeRegExp(t) + (/\d$/.test(t) ? '(?!\\d)' : '')).join('|')})${MARKS}`,
        'gi',
      )
    : null;

  function restore(translated: string): string {
    if (!pattern) return translated;
    let result = '';
    let cursor = 0;
    for (const m of translated.matchAll(pattern)) {
      const match = byToken.get(m[1]!.toLowerCase())!;
      let before = translated.slice(cursor, m.index);
      // A token the engine moved or whose neighbour it dropped can leave two spaces: keep one.
      before = before.replace(/ {2,}$/u, ' ');
      if (cursor > 0) before = before.replace(/^ {2,}/u, ' ');
      result += before;
      let form = pinnedForm(match);
      // French puts articles before country names and titles where English does not
      // (la Syrie → Syria); a pinned form that has its own article must not get a second.
      if (match.entry.bare || /^the\s/iu.test(form)) {
        const article = /(^|[^\p{L}\p{N}])(the|The|THE) $/u.exec(result);
        if (article) result = result.slice(0, result.length - article[2]!.length - 1);
      }
      if (!match.entry.keep && atSentenceStart(result)) form = capitaliseFirst(form);
      result += form;
      cursor = m.index + m[0].length;
    }
    let rest = translated.slice(cursor);
    if (cursor > 0) rest = rest.replace(/^ {2,}/u, ' ');
    result += rest;
    return result;
  }

  return { text: out, restore };
}
