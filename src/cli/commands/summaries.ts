// One line per command: how it is called and what it does. The top-level
// `diptych --help` is built from this table alone, without loading any
// command (each would load the stages it drives); every command file takes its
// description from here, so the list and a command's own help never differ.

import { supportedExtensions } from '../../read/index.js';

export interface CommandSummary {
  /** As the list of commands shows it: name, then `[options]` and arguments. */
  term: string;
  description: string;
}

export const COMMAND_SUMMARIES = {
  translate: {
    term: 'translate [options] <files...>',
    description: 'translate French articles (.txt, .md, .html files or web addresses) into aligned French/English outputs',
  },
  batch: { term: 'batch [options] <dir>', description: `translate every article (${supportedExtensions.join(', ')}) under a folder` },
  align: {
    term: 'align [options] <french> <english>',
    description: 'align a French document with its existing human English translation, sentence by sentence',
  },
  segment: { term: 'segment [options] [file]', description: 'split French text into sentences: one per line, a blank line between paragraphs' },
  glossary: { term: 'glossary', description: 'lint, export, check and grow the pinned glossary' },
  export: {
    term: 'export [options] <stores...>',
    description: 'write CAT exchange files from store files: XLIFF 1.2 (default), XLIFF 2.0 or TMX 1.4b',
  },
  import: {
    term: 'import [options] <file>',
    description: 'merge targets and states reviewed in a CAT tool (XLIFF 1.2 or 2.0, or an OmegaT project) back into the stores',
  },
  qa: {
    term: 'qa [options] <stores...>',
    description: 'run every quality check on stored articles: findings per segment, a summary per rule; exit 1 on any error',
  },
  review: { term: 'review [options] [out]', description: 'review and correct the aligned segments of an output folder in the browser' },
  users: { term: 'users [options]', description: 'add, list, change and remove the accounts of a team reviewing one store (roles, sign-in links)' },
  search: { term: 'search [options] <text>', description: 'find segments of every article by their French or English words (concordance), ranked' },
  stats: { term: 'stats [options] [out]', description: 'review progress and post-editing effort per article of an output folder' },
  publish: {
    term: 'publish [options]',
    description: "write every article's .json, .md and .html and the corpus index from the store of record into a folder",
  },
  worker: { term: 'worker [options]', description: 'run article jobs that `diptych batch --queue` enqueued (PostgreSQL), until stopped' },
  cache: { term: 'cache', description: "move the translation cache and memory between a folder and the queue's database" },
} satisfies Record<string, CommandSummary>;

export type CommandName = keyof typeof COMMAND_SUMMARIES;
