import type { Block } from '../core/types.js';

// A first line this short with no closing punctuation reads as a title
// ("Syrie : nouvelle avancée des rebelles"), not as a paragraph.
const TITLE_MAX_LENGTH = 160;
const SENTENCE_END = /[.!?…»"”)]$/u;

/**
 * Plain text: paragraphs are blank-line separated (single newlines inside are
 * line wrapping) or, when the file has no blank lines, one per line.
 */
export function readPlainText(content: string): Block[] {
  const lines = content.split('\n');
  const hasBlankLines = lines.some((line, i) => line.trim() === '' && i > 0 && i < lines.length - 1 && lines[i - 1]!.trim() !== '');
  const chunks: Array<{ text: string; line: number }> = [];
  let current: { parts: string[]; line: number } | undefined;

  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') {
      if (current) chunks.push({ text: current.parts.join(' '), line: current.line });
      current = undefined;
      return;
    }
    if (!hasBlankLines) {
      chunks.push({ text: trimmed, line: index + 1 });
      return;
    }
    current ??= { parts: [], line: index + 1 };
    current.parts.push(trimmed);
  });
  if (current) chunks.push({ text: current.parts.join(' '), line: current.line });

  return chunks.map((chunk, index) => {
    // split/join rather than a global replace: V8 keeps a replace's result as a chain of
    // pieces (13 times the text's size for a paragraph, 33 MB for a 2.5 MB article), join makes it flat.
    const text = chunk.text.split(/[ \t]+/).join(' ');
    const isTitle = index === 0 && chunks.length > 1 && text.length <= TITLE_MAX_LENGTH && !SENTENCE_END.test(text);
    return { kind: isTitle ? 'title' : 'paragraph', text, marks: [], position: { line: chunk.line }, segments: [] };
  });
}
