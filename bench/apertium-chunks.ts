// What a chunk costs Apertium: the 100 Wikinews articles through the running
// pipelines (fr-es, then spa-eng, as the Apertium engine runs them) as 1, 2, 8
// and 32 chunks, all queued at once. Each configuration runs in a process of
// its own under /usr/bin/time, whose CPU then counts every Apertium process it
// waited for. Streaming a batch beside Apertium needs small chunks; this says
// what they cost (docs/performance.md).
// Run: node dist/bench/apertium-chunks.js [repetitions]

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApertiumPipe } from '../src/translate/engines/apertium-pipe.js';
import { median } from './median.js';
import { requireShared } from './shared-data.js';

async function translateIn(chunks: number, text: string): Promise<void> {
  const paragraphs = text.split(/\n\s*\n/u);
  const size = Math.ceil(paragraphs.length / chunks);
  const pieces = Array.from({ length: chunks }, (_, i) => paragraphs.slice(i * size, (i + 1) * size).join('\n\n') + '\n');
  const first = new ApertiumPipe('fr-es', 'txt');
  const second = new ApertiumPipe('spa-eng', 'txt');
  first.start();
  second.start();
  await Promise.all(pieces.map(async (piece) => second.translate(await first.translate(piece))));
  await Promise.all([first.close(), second.close()]);
}

const [flag, value] = process.argv.slice(2);
if (flag === '--chunks') {
  const folder = requireShared('corpus-extra', 'frwikinews-2012');
  const text = readdirSync(folder)
    .filter((name) => name.endsWith('.fr.txt'))
    .sort()
    .map((name) => readFileSync(path.join(folder, name), 'utf8'))
    .join('\n\n');
  await translateIn(Number(value), text);
} else {
  requireShared('corpus-extra', 'frwikinews-2012');
  const repetitions = Number(flag ?? 3);
  const self = fileURLToPath(import.meta.url);
  const cpu: Record<number, number[]> = {};
  for (let i = 0; i < repetitions; i++) {
    for (const chunks of [1, 2, 8, 32]) {
      const run = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, self, '--chunks', String(chunks)], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${chunks} chunks: ${run.stderr}`);
      const [user, system] = run.stderr.trim().split('\n').pop()!.split(' ').map(Number);
      (cpu[chunks] ??= []).push(user! + system!);
    }
  }
  for (const [chunks, values] of Object.entries(cpu)) console.log(`${chunks} chunk(s): ${median(values).toFixed(2)} CPU-s (median of ${values.length}: ${values.map((v) => v.toFixed(2)).join(', ')})`);
}
