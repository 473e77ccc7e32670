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
    // Tests spawn Apertium, Chromium, OmegaT, PostgreSQL and the CLI, on a
    // 2-core machine that other suites may share: a test can take several
    // times what it takes alone. These budgets only catch hangs (nothing here
    // times anything); tests that run whole batches in child processes set a
    // larger one of their own.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for what another process or a browser brings about;
    // its default of one second is less than a loaded machine may need.
    expect: { poll: { timeout: 60_000 } },
    reporters: ['default', './test/support/summary-reporter.ts'],
    env: { TMPDIR: process.env['DIPTYCH_TEST_TMPDIR'] },
    globalSetup: ['./test/support/temporary-folder.ts'],
  },
});
