// One odd store must not take a whole output folder down: stores are checked
// against their schema when read, the damaged one is named (file and place),
// and the others are still listed by the review API, `stats` and `qa`. A
// `*.json` link to a store outside the folder is not one of its articles.
// Once the store of record holds the articles, a damaged published file is
// named (its hand edits cannot be taken in) and the record still counts.
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DamagedStoreError } from '../src/core/errors.js';
import type { ReviewSession } from '../src/review/index.js';
import { parseStoredArticle } from '../src/store/index.js';
import { runCli } from './support/cli.js';
import { frenchArticle, makeOutput, TOKEN, type Output, openReviewOn } from './support/review.js';

let output: Output;
let elsewhere: string;

beforeAll(async () => {
  output = await makeOutput({ good: frenchArticle('Un bon article', 3), odd: frenchArticle('Un article abîmé', 3), victim: frenchArticle('Ailleurs', 2) });
  // A segment without `terms`, as a hand edit or another tool might leave it.
  const oddFile = path.join(output.out, 'odd.json');
  const odd = JSON.parse(await readFile(oddFile, 'utf8'));
  delete odd.article.blocks[1].segments[0].terms;
  await writeFile(oddFile, JSON.stringify(odd, null, 2));
  // A store that lives elsewhere, reached through a link in the folder.
  elsewhere = path.join(output.dir, 'elsewhere');
  await mkdir(elsewhere);
  await writeFile(path.join(elsewhere, 'secret.json'), await readFile(path.join(output.out, 'victim.json'), 'utf8'));
  await rm(path.join(output.out, 'victim.json'));
  await symlink(path.join(elsewhere, 'secret.json'), path.join(output.out, 'linked.json'));
});

afterAll(async () => {
  if (output) await rm(output.dir, { recursive: true, force: true });
});

describe('reading a store', () => {
  it('refuses a damaged store with the file and the place in it', async () => {
    const file = path.join(output.out, 'odd.json');
    let error: unknown;
    try {
      parseStoredArticle(await readFile(file, 'utf8'), file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DamagedStoreError);
    expect((error as DamagedStoreError).toLine()).toMatch(/odd\.json: is a damaged diptych store: \/article\/blocks\/1\/segments\/0 must have required property 'terms'/);
  });
});

describe('the review API', () => {
  let session: ReviewSession;
  let base: string;
  beforeAll(async () => {
    session = await openReviewOn(output.out);
    base = `http://127.0.0.1:${session.server.port}`;
  });
  afterAll(async () => session?.close());
  const get = async (url: string) => {
    const response = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('lists the articles of the record and names the damaged published file', async () => {
    const { status, body } = await get('/api/articles');
    expect(status).toBe(200);
    expect(body.articles.map((article: { slug: string }) => article.slug)).toEqual(['good', 'odd', 'victim']);
    expect(body.broken).toHaveLength(1);
    expect(body.broken[0].file).toBe('odd.json');
    expect(body.broken[0].message).toContain("must have required property 'terms'");
  });

  it('does not serve a store through a link leading out of the folder', async () => {
    const { status, body } = await get('/api/articles/linked');
    expect(status).toBe(404);
    expect(body.error).toBe('not-found');
  });
});

describe('stats and qa', () => {
  it('stats counts the good stores and names the damaged one', () => {
    const result = runCli(['stats', output.out, '--json']);
    expect(result.stderr).toContain(`${path.join(output.out, 'odd.json')}: is a damaged diptych store`);
    expect(result.status).toBe(2);
    const report = JSON.parse(result.stdout);
    // The records are whole in the store of record: a damaged or deleted published file is only output.
    expect(report.articles.map((article: { slug: string }) => article.slug)).toEqual(['good', 'odd', 'victim']);
  });

  it('qa checks the good stores and names the damaged one', () => {
    const result = runCli(['qa', output.out, '--json']);
    expect(result.stderr).toContain(`${path.join(output.out, 'odd.json')}: is a damaged diptych store`);
    expect(result.status).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.stores.map((store: { file: string }) => path.basename(store.file))).toEqual(['good.json', 'odd.json', 'victim.json']);
  });
});
