// `diptych segment`: the sentence splitter alone, one sentence per line, to
// check how an article will be cut before translating it.

import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { splitParagraphs } from '../../segment/index.js';
import { COMMAND_SUMMARIES } from './summaries.js';

/** Where the command reads and writes; tests pass their own. */
export interface SegmentIo {
  stdin: AsyncIterable<Buffer | string>;
  stdout: { write(text: string): unknown };
}

const processIo: SegmentIo = { stdin: process.stdin, stdout: process.stdout };

function decode(bytes: Buffer, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    throw new InputError('not UTF-8 text', { file: name, hint: 'convert it to UTF-8 first', cause: error });
  }
}

async function readInput(file: string | undefined, io: SegmentIo): Promise<string> {
  if (file === undefined || file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return decode(Buffer.concat(chunks), '<stdin>');
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : 'cannot be read';
    throw new InputError(reason, { file, hint: 'give the path of a French text file, or - to read standard input', cause: error });
  }
  return decode(bytes, file);
}

/**
 * `diptych segment [file|-] [--json]`: French text in, one sentence per line
 * out (white space collapsed), a blank line between paragraphs; `--json`
 * prints `[[sentence, …], …]`, one array per paragraph.
 */
export function segmentCommand(io: SegmentIo = processIo): Command {
  return new Command('segment')
    .description(COMMAND_SUMMARIES.segment.description)
    .argument('[file]', 'text file to read; - or nothing reads standard input')
    .option('--json', 'print [[sentence, …], …], one array per paragraph')
    .option('--lines', 'each line is a paragraph (files with one paragraph per line, such as corpus/)')
    .addHelpText('after', `
Paragraphs are separated by blank lines; single line breaks are line wrapping
and never end a sentence (unless --lines).

Examples:
  diptych segment article.txt
  diptych segment --lines corpus/idlib-casques-blancs-2018-09-08.fr.txt
  echo "M. Dupont est arrivé. « Pourquoi ? » a-t-il dit." | diptych segment --json`)
    .action(async (file: string | undefined, options: { json?: boolean; lines?: boolean }) => {
      const text = await readInput(file, io);
      // With --lines, a line break is a paragraph break: make each one a blank line.
      const paragraphs = splitParagraphs(options.lines ? text.replace(/\r?\n|\r/gu, '\n\n') : text);
      if (options.json) {
        io.stdout.write(`${JSON.stringify(paragraphs, null, 2)}\n`);
      } else if (paragraphs.length > 0) {
        io.stdout.write(`${paragraphs.map((sentences) => sentences.join('\n')).join('\n\n')}\n`);
      }
    });
}
