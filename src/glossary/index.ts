// The glossary stage: read pinned terms, find them in French text, protect
// them through a translator, verify them on the English side.
export type { TermType, GlossaryEntry, Glossary, TermMatch, Protected } from './types.js';
export { TERM_TYPES } from './types.js';
export { loadGlossary, readGlossaryFiles, parseGlossaryText, makeGlossary, entryKey, GLOSSARY_EXTENSIONS } from './load.js';
export { findTerms } from './find-terms.js';
export { termLemmas, type TermLemmas } from './lemmas.js';
export { protectTerms, pinnedForm } from './protect-terms.js';
export { verifyTerms } from './verify-terms.js';
export { lintEntries } from './lint.js';
export { type GlossaryProblem, type ProblemSeverity } from './problems.js';
export { FORMAT_DOC, writeProjectTsv } from './formats/project-tsv.js';
export { parseCsvGlossary, writeCsvGlossary } from './formats/csv.js';
export { parseTbx, writeTbx } from './formats/tbx.js';
export { suggestTerms, type Suggestion, type SuggestionKind, type SuggestInput } from './suggest.js';
