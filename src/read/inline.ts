import type { InlineMark } from '../core/types.js';

/**
 * Accumulates a block's plain text while readers walk inline markup,
 * collapsing layout whitespace as it goes so mark offsets stay true.
 * No-break spaces (U+00A0, U+202F) are kept: French typography needs them.
 */
export class InlineText {
  private text = '';
  private readonly marks: InlineMark[] = [];
  private readonly open: InlineMark[] = [];

  append(value: string): void {
    for (const char of value) {
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
        if (this.text.length > 0 && !this.text.endsWith(' ')) this.text += ' ';
      } else {
        this.text += char;
      }
    }
  }

  /** A hard line break inside a paragraph reads as a space. */
  lineBreak(): void {
    this.append(' ');
  }

  openMark(kind: InlineMark['kind'], attributes: { href?: string; title?: string } = {}): void {
    const mark: InlineMark = { kind, start: this.text.length, end: this.text.length };
    if (attributes.href !== undefined) mark.href = attributes.href;
    if (attributes.title) mark.title = attributes.title;
    this.open.push(mark);
  }

  closeMark(): void {
    const mark = this.open.pop();
    if (!mark) return;
    // A mark should not swallow the space after its words: "*a* b" marks "a".
    mark.end = this.text.endsWith(' ') ? this.text.length - 1 : this.text.length;
    if (mark.end > mark.start) this.marks.push(mark);
  }

  /** The trimmed text and its marks, offsets adjusted for the trim. */
  finish(): { text: string; marks: InlineMark[] } {
    const leading = this.text.length - this.text.trimStart().length;
    const text = this.text.trim();
    const marks = this.marks
      .map((mark) => ({ ...mark, start: Math.max(0, mark.start - leading), end: Math.min(text.length, mark.end - leading) }))
      .filter((mark) => mark.end > mark.start)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    return { text, marks };
  }
}
