// Apertium's plain-text deformatter and reformatter (apertium-destxt and
// apertium-retxt), done in Node. The tools are small programs generated from
// Apertium's txt format (txt-format.xml through deformat.xsl/reformat.xsl);
// run beside a pipeline that answers many chunks, they had to be started
// again for every chunk (they know nothing of the NUL that ends one), two
// processes each time per language pair. Doing their few rules here makes a
// chunk cost the pipeline nothing more than its text. The test
// (test/apertium-txt-format.test.ts) runs both tools on the same texts and
// asks for the same bytes.

/**
 * What the deformatter changes: blanks of its `space-chars` other than one space (which it writes as
 * it is, and which is most of them), and its `escape-chars`, escaped with a backslash.
 */
const BLANK_OR_ESCAPED = /[ \n\t\r]{2,}|[\n\t\r]|[[\]\\/@<>^${}]/g;
/** Its end-of-sentence rule, "\n\n" or "\r\n\r\n" repeated: a blank holding either holds a match of it. */
const SENTENCE_END = /\n\n|\r\n\r\n/;

/** A blank as the deformatter writes it: one space as it is, any other in a superblank. */
const superblank = (blank: string): string => (blank === '' || blank === ' ' ? blank : `[${blank}]`);

/**
 * What `apertium-destxt` writes for `text`. Blanks other than one space become
 * superblanks (`[\n\n]`); a blank line (its end-of-sentence rule) and the end
 * of the text also add ".[]" before the blank, a full stop that makes the
 * pipeline close the sentence, which the reformatter removes again. (The tool
 * writes a blank of over 8,192 characters to a temporary file and names the
 * file instead; here it stays in the stream, which the pair passes through
 * the same way.)
 */
export function deformatText(text: string): string {
  let end = text.length;
  while (end > 0 && ' \n\t\r'.includes(text[end - 1]!)) end--;
  const body = text.slice(0, end).replace(BLANK_OR_ESCAPED, (found) =>
    found.length === 1 && !'\n\t\r'.includes(found) ? `\\${found}` : `${SENTENCE_END.test(found) ? '.[]' : ''}${superblank(found)}`,
  );
  return `${body}.[]${superblank(text.slice(end))}`;
}

/** A superblank's brackets, the deformatter's ".[]", an escape. */
const FORMATTING = /\.\[\]|[[\]]|\\([[\]\\/@<>^${}])/g;

/**
 * What `apertium-retxt` writes for a pipeline's output: superblanks unwrapped,
 * escapes undone, the deformatter's ".[]" removed. (The tool reads a "[@file]"
 * superblank back from that file; deformatText never writes one, so here its
 * brackets are dropped like any other's. Its rule for "[\@", a superblank
 * starting with "@", comes to the same as dropping "[" and undoing "\@".)
 */
export function reformatText(text: string): string {
  return text.replace(FORMATTING, (_, escaped: string | undefined) => escaped ?? '');
}
