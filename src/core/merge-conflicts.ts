// The review editor's three-way merge keeps an overlap it cannot settle as
// ⟦mine | theirs⟧ for the person to resolve. Such a text is a question, not a
// translation: the review API refuses to save it, approvals and the memory skip
// it, and a check rule flags any already stored. One definition for all of them.

/** Opening and closing marks of an unresolved overlap (mathematical white square brackets: never in news text). */
export const CONFLICT_OPEN = '⟦';
export const CONFLICT_CLOSE = '⟧';

const MARKS = /[⟦⟧]/u;
const CONFLICT = /⟦[^⟦⟧]*⟧?|⟧/gu;

/** Whether the text still holds a merge mark (either bracket, even unpaired). */
export function hasUnresolvedConflict(text: string | undefined): boolean {
  return text !== undefined && MARKS.test(text);
}

/** The unresolved parts as written (`⟦In late | At the end of⟧`), for messages that say which ones. */
export function unresolvedConflicts(text: string): string[] {
  return text.match(CONFLICT) ?? [];
}
