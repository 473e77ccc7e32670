// Edits to a segment's text and the inline marks carried across them. Marks
// are offsets into the plain text (types.ts), so any change to the text must
// move them: a safe fix of machine output, or a person's whole new sentence in
// the review editor or a CAT tool. For a person's text the edits come from a
// word diff (jsdiff) of the old and new text, so a link or an emphasis stays
// on the words it was on when the editor changed others, and a word replaced
// inside it is replaced inside it (a character diff would keep stray letters).

import { createRequire } from 'node:module';
import type { InlineMark } from './types.js';

// jsdiff is required (its CommonJS build) when a person's text is first
// compared, not imported: the check stage loads this file for every run, and
// a batch, which never diffs, spent about 20 ms of CPU loading jsdiff.
const require = createRequire(import.meta.url);
let jsdiff: typeof import('diff') | undefined;

/** Replace text[start, end) by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

/**
 * Shift inline marks over edits made to their text. Text inserted exactly at
 * a mark's edge stays outside it; a mark whose text was all removed is dropped.
 */
export function shiftMarks(marks: readonly InlineMark[], edits: readonly TextEdit[]): InlineMark[] {
  const at = (offset: number, isEnd: boolean) =>
    edits.reduce((shifted, edit) => {
      if (edit.end <= offset && !(isEnd && edit.start === offset && edit.end === offset)) return shifted + edit.text.length - (edit.end - edit.start);
      if (edit.start < offset && offset < edit.end) return shifted + Math.max(0, Math.min(edit.text.length, offset - edit.start)) - (offset - edit.start);
      return shifted;
    }, offset);
  return marks.map((mark) => ({ ...mark, start: at(mark.start, false), end: at(mark.end, true) })).filter((mark) => mark.end > mark.start);
}

/** The edits that turn `before` into `after`, each a removal, an insertion or both at one place. */
export function editsBetween(before: string, after: string): TextEdit[] {
  const edits: TextEdit[] = [];
  let offset = 0;
  jsdiff ??= require('diff') as typeof import('diff');
  for (const change of jsdiff.diffWordsWithSpace(before, after)) {
    const last = edits[edits.length - 1];
    if (change.removed) {
      // A removal right after an insertion at the same place is one replacement.
      if (last && last.end === offset) last.end += change.value.length;
      else edits.push({ start: offset, end: offset + change.value.length, text: '' });
      offset += change.value.length;
    } else if (change.added) {
      if (last && last.end === offset) last.text += change.value;
      else edits.push({ start: offset, end: offset, text: change.value });
    } else {
      offset += change.value.length;
    }
  }
  return edits;
}

/** The marks of `before` carried onto a person's `after`. */
export function carryMarks(marks: readonly InlineMark[] | undefined, before: string | undefined, after: string): InlineMark[] {
  if (!marks?.length || before === undefined) return [];
  return shiftMarks(marks, editsBetween(before, after));
}
