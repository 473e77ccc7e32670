import { titles } from '../abbreviations.js';
import { startsUpperCase, textOf, type Paragraph, type Sentence, type SentenceContent } from '../nlcst.js';

const elision = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]/iu;
// "E.U.", "U.S.A.", "S.N.C.F." — parse-latin glues their last full stop to the word.
const initialism = /^(?:\p{L}\.){2,}$/u;

function endsWithFullStop(node: SentenceContent): boolean {
  if (node.type !== 'WordNode') return false;
  const last = node.children[node.children.length - 1];
  return last?.type === 'PunctuationNode' && last.value === '.';
}

/** Whether the word two places before `index` is a title ("M. J.P. Martin"). */
function followsTitle(children: SentenceContent[], index: number): boolean {
  const stop = children[index - 2];
  const title = children[index - 3];
  return stop?.type === 'PunctuationNode' && stop.value === '.' && title !== undefined && titles.has(textOf(title));
}

/**
 * parse-latin never ends a sentence on an initialism's full stop. It should
 * when a capitalised word follows: "I live in the E.U. How about you?", "selon
 * l'A.F.P. Le ministre". Before a lower-case word it stays ("les U.S.A. et").
 */
export function breakAfterInitialisms(paragraph: Paragraph): void {
  const children = paragraph.children;
  for (let index = 0; index < children.length; index++) {
    const sentence = children[index]!;
    if (sentence.type !== 'SentenceNode') continue;
    const nodes = sentence.children;
    for (let position = 0; position < nodes.length - 2; position++) {
      const word = nodes[position]!;
      const space = nodes[position + 1]!;
      const following = nodes[position + 2]!;
      if (
        !endsWithFullStop(word) ||
        space.type !== 'WhiteSpaceNode' ||
        following.type !== 'WordNode' ||
        !startsUpperCase(textOf(following)) ||
        !initialism.test(textOf(word).replace(elision, '')) ||
        followsTitle(nodes, position)
      ) {
        continue;
      }
      const rest: Sentence = { type: 'SentenceNode', children: nodes.splice(position + 1) };
      children.splice(index + 1, 0, rest);
      break;
    }
  }
}
