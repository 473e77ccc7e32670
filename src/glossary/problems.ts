// Problems found while reading or linting a glossary. Same shape for both (a
// Diagnostic), so `glossary lint` prints every one and `loadGlossary` throws the first error.

import type { Diagnostic } from '../core/diagnostic.js';
import { GlossaryError } from '../core/errors.js';

export type ProblemSeverity = 'error' | 'warning';

/** A Diagnostic (printed by core's formatDiagnostic as `file:line: [warning: ]message — hint`) that always names its glossary file and line (0 when it concerns the whole file). */
export interface GlossaryProblem extends Diagnostic {
  /** Stable rule id, e.g. "glossary-duplicate", "glossary-conflict". */
  rule: string;
  severity: ProblemSeverity;
  file: string;
  line: number;
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
