/** Collapse every run of white space (newlines, no-break spaces included) to one space and trim. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Collapse white space like `collapseWhitespace` and say where each offset of
 * the input lands in the output, so inline marks can follow the text.
 * `offsets[i]` is the output length before input character `i`
 * (`offsets[text.length]` is the output length).
 */
export function collapseWhitespaceWithOffsets(text: string): { text: string; offsets: number[] } {
  const offsets = new Array<number>(text.length + 1);
  // Characters are gathered and joined once: a string grown a character at a
  // time is a chain of small pieces in V8 (tens of bytes per character), and
  // 40,000 segment texts held that way cost hundreds of megabytes.
  const output: string[] = [];
  let pendingSpace = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (/\s/u.test(char)) {
      pendingSpace = output.length > 0;
      offsets[index] = output.length;
      continue;
    }
    if (pendingSpace) {
      output.push(' ');
      pendingSpace = false;
    }
    offsets[index] = output.length;
    output.push(char);
  }
  offsets[text.length] = output.length;
  return { text: output.join(''), offsets };
}
