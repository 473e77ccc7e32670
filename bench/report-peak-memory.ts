// Loaded with `node --import` into a process under measurement: at exit, write
// its peak resident memory (kilobytes, from getrusage) to $BENCH_PEAK_MEMORY_FILE.
// Measured inside the process so that the Apertium child processes, which
// are not ours to shrink, are not counted.
import { writeFileSync } from 'node:fs';

const file = process.env['BENCH_PEAK_MEMORY_FILE'];
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
