// One shape for everything diptych reports about a text: check findings,
// glossary problems and the errors a user can cause. Modelled on vfile's
// messages (a rule id, a severity, a source, a place), so the CLI, the JSON
// outputs, the HTML pages and the review editor show the same object.
// The place is flat, as vfile's own `file`/`line`/`column` are, and the segment
// is `segmentId` because that is how the stores have always recorded it: stored
// findings stay byte-identical.

export type Severity = 'error' | 'warning' | 'info';

/** Where a diagnostic points, as far as it knows: a file (and line, column), a segment. */
export interface DiagnosticPlace {
  file?: string;
  /** 1-based; 0 or unset when the diagnostic concerns the whole file. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** The segment concerned (segment ids repeat across articles: with `file`, the article's store). */
  segmentId?: string;
}

export interface Diagnostic extends DiagnosticPlace {
  /** Stable rule id, e.g. "glossary-term-missing", "glossary-duplicate", "input-error". */
  rule: string;
  severity: Severity;
  message: string;
  /** Which stage raised it: "glossary", "check", "translate", … */
  source?: string;
  /** What the user should do about it. */
  hint?: string;
  /** What to write instead, when the rule knows it (the English text as a safe fix would leave it, or the replacement). */
  suggestion?: string;
}

export interface DiagnosticLineOptions {
  /**
   * Name the severity and rule before the message (`error number-mismatch: …`), as
   * `diptych qa` does. Without it the line reads like a compiler's: only a
   * severity other than error is named (`warning: …`).
   */
  rule?: boolean;
}

/** `file:line:column: [severity rule: ]message — hint → suggestion`, each part as it applies: the one line every command prints. */
export function formatDiagnostic(diagnostic: Diagnostic, options: DiagnosticLineOptions = {}): string {
  const label = options.rule ? `${diagnostic.severity} ${diagnostic.rule}: ` : diagnostic.severity === 'error' ? '' : `${diagnostic.severity}: `;
  const hint = diagnostic.hint ? ` — ${diagnostic.hint}` : '';
  const suggestion = diagnostic.suggestion !== undefined ? ` → ${diagnostic.suggestion}` : '';
  return `${placeOf(diagnostic)}${label}${diagnostic.message}${hint}${suggestion}`;
}

/** `file:line:column: `, or nothing without a file (a segment's place is shown by what groups the lines). */
function placeOf({ file, line, column }: DiagnosticPlace): string {
  if (!file) return '';
  const at = line ? `:${line}${column ? `:${column}` : ''}` : '';
  return `${file}${at}: `;
}
