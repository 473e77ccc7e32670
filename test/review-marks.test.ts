// A person's edit in the review editor keeps the English's links and
// emphasis on the words they were on: the editor sends plain text, and the
// marks are carried over the difference between the old and the new English.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSession } from '../src/review/index.js';
import { makeOutput, readStore, segmentsOf, TOKEN, type Output, openReviewOn } from './support/review.js';

let output: Output;
let session: ReviewSession;

beforeAll(async () => {
  output = await makeOutput({ 'linked.md': '# Idlib\n\nLes [secouristes](https://example.org/secours) sont arrivés *hier* à Idlib.\n' });
  session = await openReviewOn(output.out);
});

afterAll(async () => {
  await session?.close();
  if (output) await rm(output.dir, { recursive: true, force: true });
});

async function save(id: string, revision: number, target: string) {
  const response = await fetch(`http://127.0.0.1:${session.server.port}/api/articles/linked/segments/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ revision, target }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { segment: { revision: number } }).segment;
}

describe('editing English that carries inline marks', () => {
  it('keeps a link and an emphasis on their words when other words change, and drops one whose words are gone', async () => {
    const segment = segmentsOf(await readStore(output.out, 'linked')).find((candidate) => candidate.source.includes('secouristes'))!;
    const target = segment.target!;
    const words = (marks: typeof segment.targetMarks, text: string) => (marks ?? []).map((mark) => [mark.kind, text.slice(mark.start, mark.end), mark.href]);
    expect(words(segment.targetMarks, target)).toEqual([
      ['link', 'secouristes', 'https://example.org/secours'],
      ['emphasis', 'hier', undefined],
    ]);

    const edited = target.replace('sont arrivés', 'reached').replace('à Idlib', 'Idlib');
    const first = await save(segment.id, segment.revision ?? 0, edited);
    let stored = segmentsOf(await readStore(output.out, 'linked')).find((candidate) => candidate.id === segment.id)!;
    expect(stored.target).toBe(edited);
    expect(words(stored.targetMarks, edited)).toEqual([
      ['link', 'secouristes', 'https://example.org/secours'],
      ['emphasis', 'hier', undefined],
    ]);
    await session.store.idle();
    expect(await readFile(path.join(output.out, 'linked.html'), 'utf8')).toMatch(/lang="en">EN Les <a href="https:\/\/example\.org\/secours"[^>]*>secouristes<\/a> reached <em>hier<\/em> Idlib\.</);

    // The emphasised word deleted: its mark goes with it, the link stays.
    const shorter = edited.replace(' hier', '');
    await save(segment.id, first.revision, shorter);
    stored = segmentsOf(await readStore(output.out, 'linked')).find((candidate) => candidate.id === segment.id)!;
    expect(words(stored.targetMarks, shorter)).toEqual([['link', 'secouristes', 'https://example.org/secours']]);
  });
});
