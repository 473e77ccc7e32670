// Bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069
// isolates) are invisible and reorder what a reader sees: "‮txt.exe" shows as
// "exe.txt". English news text has no use for them, so one in a target — typed,
// pasted or sent through the review API — is shown to a person, not trusted.
import { findingOf, type CheckRule } from '../rule.js';

const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

export const bidiControl: CheckRule = {
  id: 'bidi-control',
  severity: 'error',
  description: 'an invisible bidirectional control character (U+202A–U+202E, U+2066–U+2069) that reorders the text',
  segment(segment) {
    const found = BIDI_CONTROL.exec(segment.target);
    if (!found) return [];
    const code = `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return [findingOf(this, segment, `the English holds the invisible bidirectional control ${code} at character ${found.index + 1}, which reorders what readers see: remove it`)];
  },
};
