// Finding a pinned term's English loosely (any case, any run of spaces and
// hyphens between its words) where no letter or digit touches it, as
// `(?<![\p{L}\p{N}])words(?![\p{L}\p{N}])` with the flags `giu` would. The
// pattern holds only the words and the boundaries are looked at here: a
// Unicode letter class in each pattern made each term cost about half a
// millisecond to compile, twenty-five times the words alone, and a batch meets
// hundreds of terms. Used by the inconsistent-term rule and the term repair.

import { escapeRegExp } from './rule.js';

const SEPARATORS = /[\s\-\u2010\u2011\u2013]+/u;

/** Each pattern once per process: the same terms come back article after article. */
const patterns = new Map<string, RegExp>();

/** The words of `form`, any case, any run of spaces and hyphens between them; with `anyApostrophe`, ' and ’ alike. */
export function loosePattern(form: string, anyApostrophe = false): RegExp {
  const key = `${anyApostrophe ? "'" : ''}\u0000${form}`;
  let pattern = patterns.get(key);
  if (!pattern) {
    const body = form
      .trim()
      .split(SEPARATORS)
      .map((word) => (anyApostrophe ? escapeRegExp(word).replace(/['’]/gu, "['’]") : escapeRegExp(word)))
      .join('[\\s\\-\\u2010\\u2011\\u2013]+');
    patterns.set(key, (pattern = new RegExp(body, 'giu')));
  }
  return pattern;
}

// A letter or digit just before or after a match: the same class, case-insensitive, as the lookarounds'
// would be (U+0345 folds to a Greek letter), the code point before read back over a surrogate pair.
const WORD_BEFORE = /[\p{L}\p{N}]$/iu;
const WORD_AFTER = /^[\p{L}\p{N}]/iu;

/**
 * Each match of a loosePattern in `text` that no letter or digit touches, in
 * order, as matchAll gives them. The words match in one way only at a given
 * place (literal words, separators between them), so a match refused for its
 * boundaries is looked for again one code point on, where the lookbehind
 * pattern would have looked next.
 */
export function* wholeMatches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const end = m.index + m[0].length;
    const step = (text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1;
    if (WORD_BEFORE.test(text.slice(Math.max(0, m.index - 2), m.index)) || WORD_AFTER.test(text.slice(end, end + 2))) {
      pattern.lastIndex = m.index + step;
      continue;
    }
    // An empty match moves on one code point (a blank term's pattern matches between words).
    if (m[0] === '') pattern.lastIndex += step;
    yield m;
  }
}
