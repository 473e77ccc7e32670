import { abbreviations, prepositiveAbbreviations, titles } from '../abbreviations.js';
import { mergeSentencesWhen, wordBeforeFullStop, type Sentence } from '../nlcst.js';
import { continuesSentence } from '../continues-sentence.js';

// "l'éd." is the abbreviation "éd." after an elided article.
const elision = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/iu;

// Short letter groups joined by full stops read as abbreviations even when no
// list has them: "Ph.D.", "LL.AA.II.RR.", "p.ex.".
const dotted = /^(?:\p{L}{1,3}\.-?)+\p{L}{1,3}$/u;

/**
 * Keep a sentence going after an abbreviation's full stop: always after a
 * title or an abbreviation that announces a name or number ("M. Dupont",
 * "av. J.-C.", "éd. Gallimard"), and before a lower-case word or a digit
 * after any other known abbreviation ("etc. et", "7 sept. 2018").
 */
export const mergeFrenchAbbreviations = mergeSentencesWhen((previous: Sentence, next: Sentence) => {
  const written = wordBeforeFullStop(previous);
  if (written === undefined) return false;
  const word = written.replace(elision, '');
  if (titles.has(word)) return true;
  const lower = word.toLowerCase();
  if (prepositiveAbbreviations.has(lower)) return true;
  if (!abbreviations.has(lower) && !dotted.test(word)) return false;
  return continuesSentence(next);
});
