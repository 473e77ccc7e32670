import { headIndex, mergeSentencesWhen, startsLowerCase, tailOf, textOf, type Sentence } from '../nlcst.js';

/**
 * A quoted question or exclamation followed by a lower-case word is an
 * incise, not a new sentence: `« Pourquoi ? » a-t-il dit`, `Qu'en dites-vous ?
 * demanda-t-il`, `Arrête… ça ne sert à rien`, `« Il pleut. » dit-elle`.
 * A bare full stop before a lower-case word still ends the sentence
 * ("Je suis Chris. comment…"): abbreviations are handled by their own rules.
 */
export const mergeIncises = mergeSentencesWhen((previous: Sentence, next: Sentence) => {
  const index = headIndex(next, true);
  if (index === -1) return false;
  const head = next.children[index]!;
  if (head.type !== 'WordNode' || !startsLowerCase(textOf(head))) return false;
  const tail = tailOf(previous);
  if (!tail) return false;
  return tail.closers.length > 0 || tail.terminal !== '.';
});
