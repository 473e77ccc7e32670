import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Every temporary file of the run in one folder (TMPDIR for the tests and all
// they start), removed at the end by test/support/temporary-folder.ts.
// Others may pass through it: the throwaway PostgreSQL runs as `nobody` when the tests run as root.
process.env['DIPTYCH_TEST_TMPDIR'] ??= mkdtempSync(path.join(tmpdir(), 'diptych-tests-'));
chmodSync(process.env['DIPTYCH_TEST_TMPDIR'], 0o711);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests spawn Apertium and Chromium; give real processes room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    env: { TMPDIR: process.env['DIPTYCH_TEST_TMPDIR'] },
    globalSetup: ['./test/support/temporary-folder.ts'],
  },
});
