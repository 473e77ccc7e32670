// Which language a text is in, roughly: the share of its words that only the
// English word list knows and of those only the French one knows. Enough to
// refuse a French text given as the English side, or an English one as the
// French, before an hour of work on the wrong files.

import { isWord } from '../core/word-lists.js';

export interface LanguageShares {
  /** Words only English has, over words only one of the two lists has. */
  english: number;
  /** Words only French has, over the same. */
  french: number;
  /** How many telling words there were (0: nothing to go by). */
  telling: number;
}

/** Looks at the first `limit` words only: a few hundred decide. */
export function languageShares(sentences: readonly string[], limit = 2000): LanguageShares {
  let english = 0;
  let french = 0;
  let seen = 0;
  for (const sentence of sentences) {
    for (const word of sentence.match(/\p{L}+/gu) ?? []) {
      if (seen++ >= limit) break;
      const lower = word.toLowerCase();
      const en = isWord(lower, 'en');
      const fr = isWord(lower, 'fr');
      if (en && !fr) english++;
      else if (fr && !en) french++;
    }
    if (seen >= limit) break;
  }
  const telling = english + french;
  return { english: telling ? english / telling : 0, french: telling ? french / telling : 0, telling };
}
