import type { InlineMark } from '../core/types.js';

/**
 * Accumulates a block's plain text while readers walk inline markup,
 * collapsing layout whitespace as it goes so mark offsets stay true.
 * No-break spaces (U+00A0, U+202F) are kept: French typography needs them.
 */
export class InlineText {
  // Pieces joined once in finish(): a string grown a character at a time is a
  // chain of small pieces in V8, many times the size of the text.
  private readonly parts: string[] = [];
  private length = 0;
  private endsWithSpace = false;
  private readonly marks: InlineMark[] = [];
  private readonly open: InlineMark[] = [];

  append(value: string): void {
    // Runs of layout white space become one space, never at the start.
    for (const piece of value.split(/([ \t\n\r]+)/)) {
      if (piece === '') continue;
      if (/^[ \t\n\r]/.test(piece)) {
        if (this.length > 0 && !this.endsWithSpace) this.push(' ');
      } else {
        this.push(piece);
      }
    }
  }

  private push(piece: string): void {
    this.parts.push(piece);
    this.length += piece.length;
    this.endsWithSpace = piece.endsWith(' ');
  }

  /** A hard line break inside a paragraph reads as a space. */
  lineBreak(): void {
    this.append(' ');
  }

  openMark(kind: InlineMark['kind'], attributes: { href?: string; title?: string } = {}): void {
    const mark: InlineMark = { kind, start: this.length, end: this.length };
    if (attributes.href !== undefined) mark.href = attributes.href;
    if (attributes.title) mark.title = attributes.title;
    this.open.push(mark);
  }

  closeMark(): void {
    const mark = this.open.pop();
    if (!mark) return;
    // A mark should not swallow the space after its words: "*a* b" marks "a".
    mark.end = this.endsWithSpace ? this.length - 1 : this.length;
    if (mark.end > mark.start) this.marks.push(mark);
  }

  /** The trimmed text and its marks, offsets adjusted for the trim. */
  finish(): { text: string; marks: InlineMark[] } {
    const whole = this.parts.join('');
    const leading = whole.length - whole.trimStart().length;
    const text = whole.trim();
    const marks = this.marks
      .map((mark) => ({ ...mark, start: Math.max(0, mark.start - leading), end: Math.min(text.length, mark.end - leading) }))
      .filter((mark) => mark.end > mark.start)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    return { text, marks };
  }
}
