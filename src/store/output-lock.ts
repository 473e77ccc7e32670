// One run at a time per output folder: two runs writing the same store files
// would each overwrite the other's work. The lock is a file holding the
// owner's process id; a lock left by a killed run (no such process any more)
// is taken over, so kill -9 never blocks the next run.

import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputLockedError } from '../core/errors.js';
import { STATE_DIR } from './run-manifest.js';

export async function lockOutput(outDir: string): Promise<() => Promise<void>> {
  const file = path.join(outDir, STATE_DIR, 'lock');
  await mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
      const locked = new OutputLockedError(`another diptych run (process ${owner}) is writing to ${outDir}`, {
        hint: `wait for it to finish, or delete ${file} if no such run exists`,
      });
      locked.owner = owner;
      throw locked;
    }
    // Left behind by a run that was killed: take it over.
    await rm(file, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
