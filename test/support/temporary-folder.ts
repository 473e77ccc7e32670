// The test run's temporary folder (named in vitest.config.ts, where it becomes
// TMPDIR for the test workers and every process they start: Node's
// os.tmpdir(), the apertium script's mktemp, Chromium, PostgreSQL) is made
// when the run starts and removed when it ends, so repeated runs leave nothing
// behind in the system's /tmp — not even what a process killed on purpose
// (kill -9 tests) could not clean up.
import { chmod, mkdir, rm } from 'node:fs/promises';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = process.env['DIPTYCH_TEST_TMPDIR'];
  if (!dir) throw new Error('DIPTYCH_TEST_TMPDIR is not set: run the tests through vitest.config.ts');
  // A folder of the same name is a crashed run's leftovers (the name holds this process's id).
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  // Others may pass through: the throwaway PostgreSQL runs as `nobody` when the tests run as root.
  await chmod(dir, 0o711);
  return () => rm(dir, { recursive: true, force: true });
}
