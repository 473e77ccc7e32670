// Loaded with `node --import` into a process under measurement. At exit it
// writes to $BENCH_PEAK_MEMORY_FILE, as JSON: `peakRssKB`, the process's peak
// resident memory (getrusage), and, when node runs with --expose-gc,
// `liveHeapMB`: the largest heap that survives a full collection, sampled
// every half second (what the run really holds, without the garbage the
// collector lets pile up between collections); `nodeCpuSeconds`, the CPU
// time (user + system) of this process alone. Measured inside the process,
// so the Apertium child processes are not counted.
import { writeFileSync } from 'node:fs';

const file = process.env['BENCH_PEAK_MEMORY_FILE'];
if (file) {
  let liveHeap = 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    const timer = setInterval(() => {
      gc();
      liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
    }, 500);
    timer.unref();
  }
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const report = {
      peakRssKB: usage.maxRSS,
      nodeCpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      ...(gc ? { liveHeapMB: liveHeap / 1048576 } : {}),
    };
    writeFileSync(file, JSON.stringify(report));
  });
}
