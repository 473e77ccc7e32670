// Turn glossary forms into regular expressions that tolerate what French news
// text does to a name without changing it: hyphen/space variants (al-Cham,
// al Cham), any apostrophe, no-break spaces, a capital first letter, accents
// dropped on capitals (Etat for État) — and nothing else, so that "Osa" never
// matches inside "Osaka" or the verb "osa".

const SEPARATOR = String.raw`(?:\s*[-\u2010\u2011\u2012\u2013]\s*|\s+)`;
const APOSTROPHE = String.raw`['\u2019\u02BC\u2018]`;
const WORD_CHAR = /[\p{L}\p{N}]/u;
// A word character for the boundaries: the letters and digits of the scripts French news text
// carries (Latin with its extensions and diacritics, Greek, Cyrillic). Written as ranges, not as
// \p{L}\p{N}: a Unicode property class makes every entry's pattern ~25× slower to compile, and
// a glossary compiles one pattern per entry.
const WORD_CLASS = String.raw`[0-9A-Za-z_\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0300-\u036F\u0370-\u03FF\u0400-\u04FF\u1E00-\u1EFF]`;
const BEFORE = `(?<!${WORD_CLASS})`;
const AFTER = `(?!${WORD_CLASS})`;
/** English inflections a verification accepts after a pinned form: plural, possessive. */
const ENGLISH_SUFFIX = String.raw`(?:['\u2019]s|e?s['\u2019]?|['\u2019])?`;
/** When the number is known, only the possessive: the plural is a form of its own. */
const POSSESSIVE = String.raw`(?:['\u2019]s|['\u2019])?`;

function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

/** A character class for one letter: itself, its capital, and the bare capital when accented. */
function letterClass(c: string, caseSensitive: boolean, first: boolean): string {
  const upper = c.toUpperCase();
  const base = c.normalize('NFD').charAt(0);
  const variants = new Set<string>([c]);
  if (first || !caseSensitive) variants.add(upper);
  // French often writes capitals without accents (Etat, Egypte): accept the bare capital.
  if (base !== c && (first || c === upper || !caseSensitive)) variants.add(base.toUpperCase());
  if (variants.size === 1) return escapeChar(c);
  return `[${[...variants].map(escapeChar).join('')}]`;
}

/** French plural and feminine endings an `inflect` entry accepts on each word: -e, -s, -es, -x. */
const FRENCH_ENDING = '(?:e?s|e|x)?';

function body(form: string, caseSensitive: boolean, inflect = false): string {
  let out = '';
  const chars = [...form.normalize('NFC').trim()];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const next = chars[i + 1];
    if (inflect && /\p{L}/u.test(c) && (next === undefined || /[\s\-\u2010\u2011\u2012\u2013]/u.test(next))) {
      out += letterClass(c, caseSensitive, i === 0) + FRENCH_ENDING;
      continue;
    }
    if (/[\s\-\u2010\u2011\u2012\u2013]/u.test(c)) {
      // Collapse a run of spaces and hyphens into one separator.
      while (i + 1 < chars.length && /[\s\-\u2010\u2011\u2012\u2013]/u.test(chars[i + 1]!)) i++;
      out += SEPARATOR;
    } else if (/['\u2019\u02BC\u2018]/u.test(c)) {
      out += APOSTROPHE;
    } else if (/\p{L}/u.test(c)) {
      out += letterClass(c, caseSensitive, i === 0);
    } else {
      out += escapeChar(c);
    }
  }
  return out;
}

function bounded(form: string, inner: string, suffix = ''): string {
  const trimmed = form.trim();
  const first = trimmed.charAt(0);
  const last = trimmed.charAt(trimmed.length - 1);
  return `${WORD_CHAR.test(first) ? BEFORE : ''}${inner}${suffix}${WORD_CHAR.test(last) || suffix ? AFTER : ''}`;
}

function alternation(forms: string[], caseSensitive: boolean, suffix = '', inflect = false): RegExp {
  // Longest form first, so the alternation prefers "Hayat Tahrir al-Cham" over "Tahrir al-Cham".
  const unique = [...new Set(forms.map((f) => f.normalize('NFC').trim()).filter((f) => f.length > 0))];
  unique.sort((a, b) => b.length - a.length);
  const source = unique.map((f) => bounded(f, body(f, caseSensitive, inflect), suffix)).join('|');
  return new RegExp(source || '(?!)', caseSensitive ? 'gu' : 'giu');
}

/** Matches any of an entry's French forms in NFC text; with `inflect`, also their plural and feminine forms. */
export function frenchPattern(forms: string[], caseSensitive: boolean, inflect = false): RegExp {
  return alternation(forms, caseSensitive, '', inflect);
}

/** Matches any accepted English form, also possessive (and plural unless `exactNumber`), with a capital first letter allowed. */
export function englishPattern(forms: string[], caseSensitive: boolean, exactNumber = false): RegExp {
  return alternation(forms, caseSensitive, exactNumber ? POSSESSIVE : ENGLISH_SUFFIX);
}

/** The key two forms share when a matcher cannot tell them apart. */
export function formKey(form: string, caseSensitive = false): string {
  let key = form.normalize('NFC').trim().replace(/[\s\-\u2010\u2011\u2012\u2013]+/gu, ' ').replace(/['\u2019\u02BC\u2018]/gu, "'");
  if (!caseSensitive) key = key.toLowerCase();
  else key = key.charAt(0).toLowerCase() + key.slice(1);
  return key;
}

export interface NormalisedText {
  text: string;
  /** Original index of each normalised index (length + 1 entries), or null when nothing changed. */
  map: number[] | null;
}

/**
 * NFC-normalise text and remember where each character came from, so matches
 * found in the normalised text point into the caller's original string.
 */
export function normaliseText(text: string): NormalisedText {
  const nfc = text.normalize('NFC');
  if (nfc === text) return { text, map: null };
  const groups = text.match(/\P{M}\p{M}*|\p{M}+/gsu) ?? [];
  const map: number[] = [];
  let out = '';
  let original = 0;
  for (const group of groups) {
    const normalised = group.normalize('NFC');
    for (let k = 0; k < normalised.length; k++) map.push(original);
    out += normalised;
    original += group.length;
  }
  map.push(original);
  return { text: out, map };
}
