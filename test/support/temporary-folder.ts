// The test run's temporary folder (made in vitest.config.ts, where it becomes
// TMPDIR for the test workers and every process they start: Node's
// os.tmpdir(), the apertium script's mktemp, Chromium, PostgreSQL) is removed
// when the run ends, so repeated runs leave nothing behind in the system's
// /tmp — not even what a process killed on purpose (kill -9 tests) could not
// clean up.
import { rm } from 'node:fs/promises';

export default function setup(): () => Promise<void> {
  return async () => {
    const dir = process.env['DIPTYCH_TEST_TMPDIR'];
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}
