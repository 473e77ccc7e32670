// The glossary a team's review checks against: the glossary files (as one
// person has always had them) and the entries the team added in the editor,
// kept in the store's database with who and when. One glossary, one version:
// adding an entry changes the version, as editing a file does.

import { makeGlossary, TERM_TYPES, type Glossary, type GlossaryEntry, type TermType } from '../glossary/index.js';
import type { TeamTerm } from '../store/index.js';

/** Where team entries come from, as messages name an entry's file. */
export const TEAM_GLOSSARY = 'team glossary (the store database)';

export function isTermType(type: string): type is TermType {
  return (TERM_TYPES as readonly string[]).includes(type);
}

function entryOf(term: TeamTerm): GlossaryEntry {
  return {
    id: term.source,
    sources: [term.source],
    target: term.target,
    targetForms: [],
    type: isTermType(term.type) ? term.type : 'other',
    caseSensitive: false,
    keep: false,
    note: term.note,
    file: TEAM_GLOSSARY,
    line: 0,
  };
}

/** The files' glossary with the team's entries; a French form the files already pin keeps the files' entry. */
export function withTeamTerms(files: Glossary, terms: TeamTerm[]): Glossary {
  if (terms.length === 0) return files;
  const pinned = new Set(files.entries.flatMap((entry) => entry.sources.map((source) => source.toLowerCase())));
  const added = terms.filter((term) => !pinned.has(term.source.toLowerCase())).map(entryOf);
  return makeGlossary([...files.entries, ...added], files.files);
}

/** Whether the glossary already pins this French form (files or team). */
export function pins(glossary: Glossary, source: string): boolean {
  const wanted = source.normalize('NFC').trim().toLowerCase();
  return glossary.entries.some((entry) => entry.sources.some((form) => form.toLowerCase() === wanted));
}
