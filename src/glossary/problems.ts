// Problems found while reading or linting a glossary. Same shape for both, so
// `glossary lint` prints every one and `loadGlossary` throws the first error.

import { GlossaryError } from '../core/errors.js';

export type ProblemSeverity = 'error' | 'warning';

export interface GlossaryProblem {
  /** Stable rule id, e.g. "glossary-duplicate", "glossary-conflict". */
  rule: string;
  severity: ProblemSeverity;
  message: string;
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  /** What to do about it. */
  hint?: string;
}

/** `file:line: message`, the form editors and CI logs link to. */
export function formatProblem(problem: GlossaryProblem): string {
  return `${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.severity === 'warning' ? 'warning: ' : ''}${problem.message}${
    problem.hint ? ` — ${problem.hint}` : ''
  }`;
}

export function problemError(problem: GlossaryProblem): GlossaryError {
  return new GlossaryError(problem.message, {
    file: problem.file,
    ...(problem.line > 0 ? { line: problem.line } : {}),
    ...(problem.hint ? { hint: problem.hint } : {}),
  });
}

/** Control characters other than tab have no place in a glossary cell (they are invisible in editors). */
export function findControlCharacter(text: string): string | undefined {
  const m = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/u.exec(text);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}
