// `diptych search` as a user runs it (the built CLI): ranked hits with
// article, segment and state from the output folder's store of record, as
// text or JSON, words or a phrase, one side or both; exit 1 when nothing
// matches; a hit's text never reaches the terminal as control sequences.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../src/store/index.js';
import { openStoreOfRecord } from '../src/store/index.js';
import { runCli } from './support/cli.js';
import { frenchArticle, makeOutput, segmentsOf, type Output } from './support/review.js';

let output: Output;

beforeAll(async () => {
  output = await makeOutput({ idlib: frenchArticle('Idlib sous les bombes', 8), kaboul: frenchArticle('Attaque à Kaboul', 4) });
  // A segment whose English holds terminal control sequences (as an import could bring).
  const store = await openStoreOfRecord({ outDir: output.out });
  try {
    const article = (await store.load('kaboul'))!;
    const segment = segmentsOf(article)[2]!;
    segment.target = 'Escape \u001b[2J\u001b]0;owned\u0007 here, near the ville.';
    await store.save(article);
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  if (output) await rm(output.dir, { recursive: true, force: true });
});

describe('diptych search', () => {
  it('prints ranked hits with article, segment and state, French and English', () => {
    const result = runCli(['search', 'Casques blancs', '--out', output.out, '--phrase']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^1\. Idlib sous les bombes \(idlib\) · \S+ · \w+$/m);
    expect(result.stdout).toMatch(/^ {3}FR {2}Les Casques blancs sont arrivés à Idlib\.$/m);
    expect(result.stdout).toMatch(/^2\. Attaque à Kaboul \(kaboul\) · /m);
  });

  it('gives JSON, searches one side, and stops at --limit', () => {
    const json = runCli(['search', 'phrase ville', '--out', output.out, '--side', 'source', '--json', '--limit', '3']);
    expect(json.status, json.stderr).toBe(0);
    const hits = JSON.parse(json.stdout) as SearchHit[];
    expect(hits).toHaveLength(3);
    for (const hit of hits) expect(hit).toMatchObject({ slug: expect.any(String), segmentId: expect.any(String), state: expect.any(String), source: expect.stringMatching(/phrase.*ville/) });
    // "EN" is only in the English: nothing on the French side.
    expect(runCli(['search', 'EN', '--out', output.out, '--side', 'source']).status).toBe(1);
    expect(runCli(['search', 'EN', '--out', output.out, '--side', 'target']).status).toBe(0);
  });

  it('exits 1 when nothing matches, and refuses what it cannot run', () => {
    const none = runCli(['search', 'zzyzx', '--out', output.out]);
    expect(none.status).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('no segment matches');
    const side = runCli(['search', 'ville', '--out', output.out, '--side', 'left']);
    expect(side.status).not.toBe(0);
    expect(side.stderr).toContain("unknown --side 'left'");
    expect(runCli(['search', 'ville', '--out', output.out, '--limit', '0']).stderr).toContain('--limit');
    const missing = runCli(['search', 'ville', '--out', `${output.out}-nope`]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('no such output folder');
  });

  it('searches the store DIPTYCH_DB names, wherever --out is', () => {
    const env = { ...process.env, DIPTYCH_DB: path.join(output.out, '.diptych', 'store.sqlite') };
    const result = runCli(['search', 'Casques blancs', '--out', path.join(output.dir, 'elsewhere'), '--phrase', '--json'], { env });
    expect(result.status, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as SearchHit[]).map((hit) => hit.slug).sort()).toEqual(['idlib', 'kaboul']);
  });

  it("never prints a hit's control characters to the terminal", () => {
    const result = runCli(['search', 'Escape', '--out', output.out, '--side', 'target']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Escape');
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});
