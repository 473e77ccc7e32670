// One diagnostic for findings, glossary problems and errors: the shape, the
// one line every command prints, and the stored findings' fields unchanged.

import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../src/core/diagnostic.js';
import { ConfigError, DamagedStoreError, InputError } from '../src/core/errors.js';
import type { Finding } from '../src/core/types.js';
import { findingOf } from '../src/check/index.js';
import { parseGlossaryText, type GlossaryProblem } from '../src/glossary/index.js';

describe('formatDiagnostic', () => {
  it('reads like a compiler line: place, a severity other than error, message, hint', () => {
    expect(formatDiagnostic({ rule: 'glossary-duplicate', severity: 'error', message: 'duplicate entry', file: 'g.tsv', line: 3, hint: 'remove one' })).toBe(
      'g.tsv:3: duplicate entry — remove one',
    );
    expect(formatDiagnostic({ rule: 'glossary-shadowed', severity: 'warning', message: 'shadowed', file: 'g.tsv', line: 0 })).toBe('g.tsv: warning: shadowed');
    expect(formatDiagnostic({ rule: 'x', severity: 'info', message: 'note', file: 'a.md', line: 2, column: 7 })).toBe('a.md:2:7: info: note');
  });

  it('names severity and rule on request, with the suggestion; a segment alone prints no place', () => {
    const finding: Finding = { rule: 'number-mismatch', source: 'check', severity: 'error', message: '12 is missing', segmentId: 'p1-s2', suggestion: 'twelve' };
    expect(formatDiagnostic(finding, { rule: true })).toBe('error number-mismatch: 12 is missing → twelve');
  });
});

describe('DiptychError.toDiagnostic', () => {
  it('is the error as a diagnostic, its class as the rule, no unset field', () => {
    const error = new InputError('not UTF-8', { file: 'a.txt', line: 4, hint: 'save it as UTF-8' });
    expect(error.toDiagnostic()).toEqual({ rule: 'input-error', severity: 'error', message: 'not UTF-8', file: 'a.txt', line: 4, hint: 'save it as UTF-8' });
    expect(Object.keys(new ConfigError('bad value').toDiagnostic())).toEqual(['rule', 'severity', 'message']);
    expect(new DamagedStoreError('damaged', { file: 'x.json' }).toDiagnostic().rule).toBe('damaged-store-error');
  });

  it('prints the same line as before through the one formatter', () => {
    const error = new InputError('not UTF-8', { file: 'a.txt', line: 4, hint: 'save it as UTF-8' });
    expect(error.toLine()).toBe('a.txt:4: not UTF-8 — save it as UTF-8');
    expect(error.toLine()).toBe(formatDiagnostic(error.toDiagnostic()));
  });
});

describe('findings and glossary problems are diagnostics', () => {
  it('a finding keeps exactly its stored fields', () => {
    const finding = findingOf({ id: 'untranslated', severity: 'warning' }, { id: 's1' } as never, 'no English');
    const diagnostic: Diagnostic = finding;
    expect(JSON.stringify(diagnostic)).toBe('{"rule":"untranslated","source":"check","severity":"warning","message":"no English","segmentId":"s1"}');
  });

  it('a glossary problem names its file and line', () => {
    const { problems } = parseGlossaryText('g.csv', 'source,target\n"open,x\n');
    const diagnostics: Diagnostic[] = problems satisfies GlossaryProblem[];
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ file: 'g.csv', severity: 'error' });
    expect(formatDiagnostic(diagnostics[0]!)).toMatch(/^g\.csv(:\d+)?: /);
  });
});
