import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Every temporary file of the run in one folder: TMPDIR for the tests and all
// they start. Only named here (tools that read this file, like the dependency
// check, must not leave folders behind); test/support/temporary-folder.ts
// makes it when the run starts and removes it when it ends.
process.env['DIPTYCH_TEST_TMPDIR'] ??= path.join(tmpdir(), `diptych-tests-${process.pid}`);

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
