// "the the": a word repeated with only a space between. Some doublings are
// English ("had had", "that that"), and a doubling the French has too
// ("vous vous") may be meant, so this is a warning with a suggestion, not a fix.
//
// Not retext-repeated-words: on the FLORES-200 English references, each as is
// and with one word doubled at a time (1,873 targets), its findings differ
// from these on 511. It skips capitalised doublings ("We We", "Halifax
// Halifax"), which are machine-translation errors as often as lower-case ones,
// its list of allowed doublings is another ("is is" reported, "can can" not),
// and it cannot let through a doubling the French source has.

import { findingOf, type CheckRule } from '../rule.js';
import { allMatches } from '../../core/matches.js';

const ALLOWED = new Set(['had', 'that', 'is', 'do', 'bye', 'very', 'no', 'yes', 'ha', 'so', 'now', 'knock', 'chop', 'tut', 'pooh', 'bora', 'baden']);
const DOUBLED = /(?<![\p{L}\p{N}'’-])(\p{L}+)\s+(\1)(?![\p{L}\p{N}'’-])/giu;

export const doubledWord: CheckRule = {
  id: 'doubled-word',
  severity: 'warning',
  description: 'a word written twice in a row ("the the")',
  segment(segment) {
    // A doubling the French has too is meant ("Pago Pago").
    const frenchDoubled = new Set(allMatches(segment.source, DOUBLED).map((m) => m[1]!.toLowerCase()));
    return allMatches(segment.target, DOUBLED)
      .filter((m) => !ALLOWED.has(m[1]!.toLowerCase()) && !frenchDoubled.has(m[1]!.toLowerCase()))
      .map((m) => findingOf(this, segment, `"${m[0]}": word written twice`, { suggestion: m[1]! }));
  },
};
