import { headText, mergeSentencesWhen, startsWithDigit, textOf, type Sentence } from '../nlcst.js';
import { continuesSentence } from '../continues-sentence.js';
import { opensSentence } from '../sentence-openers.js';

const singleLetter = /^\p{L}$/u;
const lowerLetter = /^\p{Ll}$/u;
// "J.-P.", "J.-M.-G." — French compound first names.
const hyphenatedInitials = /^(?:\p{Lu}\.-)+\p{Lu}$/u;
const era = /^(?:av|apr|ap)$/iu;

/** Text of the word `steps` words before the final full stop, skipping spaces and stops. */
function wordBefore(sentence: Sentence, steps: number): string | undefined {
  let seen = 0;
  for (let index = sentence.children.length - 2; index >= 0; index--) {
    const node = sentence.children[index]!;
    if (node.type === 'WhiteSpaceNode' || (node.type === 'PunctuationNode' && node.value === '.')) continue;
    if (node.type !== 'WordNode') return undefined;
    if (seen === steps) return textOf(node);
    seen++;
  }
  return undefined;
}

/**
 * Keep initials with the name they abbreviate: "E. Macron", "J.-P. Martin",
 * "p. 12". Two look-alikes may still end a sentence, so they only hold before
 * a lower-case word or a digit: a unit ("à 14 h. Les…", "35 °C. C'est") and
 * the era "av. J.-C." / "apr. J.-C.". Any other capital letter still ends the
 * sentence when the next word is one that opens sentences ("le plan B. Il…").
 */
export const mergeInitials = mergeSentencesWhen((previous: Sentence, next: Sentence) => {
  const last = previous.children[previous.children.length - 1];
  if (!last || last.type !== 'PunctuationNode' || last.value !== '.') return false;
  const word = wordBefore(previous, 0);
  const before = previous.children[previous.children.length - 2];
  // The letter must touch the stop: "(A." yes, "A ." no.
  if (word === undefined || !before || before.type !== 'WordNode') return false;
  if (singleLetter.test(word)) {
    const preceding = wordBefore(previous, 1);
    const glued = previous.children[previous.children.length - 3];
    const isUnit =
      // "35 °C.": a letter glued to a symbol is a unit, not an initial.
      glued?.type === 'SymbolNode' ||
      (lowerLetter.test(word) && preceding !== undefined && startsWithDigit(preceding));
    if (isUnit) return continuesSentence(next);
  } else if (hyphenatedInitials.test(word)) {
    const preceding = wordBefore(previous, 1);
    if (preceding !== undefined && era.test(preceding)) return continuesSentence(next);
  } else {
    return false;
  }
  // An initial is followed by a name, not by "Il", "Les", "L'armée"…: "le plan B. Il…".
  return !opensSentence(headText(next)) || continuesSentence(next);
});
