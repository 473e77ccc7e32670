/**
 * Every match of a global pattern in `text`, as `[...text.matchAll(pattern)]`
 * gives them, without the copy of the pattern that matchAll makes on each
 * call: V8 looks each copy up again by its source (a long pattern's whole text
 * hashed every time) and compiles it again once its cache entry has aged out.
 * On the checks and term matching of a batch, the copies cost more than the
 * matching. The pattern's lastIndex is left at 0.
 */
export function allMatches(text: string, pattern: RegExp): RegExpExecArray[] {
  if (!pattern.global) throw new TypeError(`allMatches needs a global pattern, not ${String(pattern)}`);
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  try {
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      found.push(m);
      // An empty match would be found again at the same place: step over one character (a code point with /u).
      if (m[0].length === 0) pattern.lastIndex = nextIndex(text, pattern.lastIndex, pattern.unicode);
    }
  } finally {
    pattern.lastIndex = 0;
  }
  return found;
}

function nextIndex(text: string, at: number, unicode: boolean): number {
  if (!unicode || at + 1 >= text.length) return at + 1;
  const lead = text.charCodeAt(at);
  const trail = text.charCodeAt(at + 1);
  return lead >= 0xd800 && lead <= 0xdbff && trail >= 0xdc00 && trail <= 0xdfff ? at + 2 : at + 1;
}
