// `npm run eval`: every accuracy figure of docs/accuracy.md in one run —
// segmentation, pinned terms, translation quality, quality checks, sentence alignment. Each part is also a script
// of its own (eval:segmentation, eval:terms, eval-quality).

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireShared } from './shared-data.js';

requireShared('eval');
const here = path.dirname(fileURLToPath(import.meta.url));
let failed = false;
for (const [title, script] of [
  ['Segmentation', 'eval-segmentation.js'],
  ['Pinned terms', 'eval-terms.js'],
  ['Translation quality', 'eval-quality.js'],
  ['Quality checks and fixes', 'eval-checks.js'],
  ['Article extraction', 'eval-extraction.js'],
  ['Sentence alignment', 'eval-align.js'],
] as const) {
  console.log(`\n## ${title}\n`);
  const result = spawnSync(process.execPath, [path.join(here, script)], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
