// Hostile or unlucky input gets a clear answer, never a hang or a stranger's
// error: a FIFO is refused instead of read forever, batch says what it does
// not follow, UTF-16 is read as UTF-16, an XML DOCTYPE is refused with its
// reason, and the review API answers malformed addresses, NUL and bidi
// controls in its own documented terms.
import { execFileSync } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { parseXmlFile } from '../src/core/xml.js';
import { parseTbx } from '../src/glossary/formats/tbx.js';
import { decodeArticle } from '../src/read/index.js';
import type { ReviewSession } from '../src/review/index.js';
import { repoRoot, runCliAsync, runCli, tempDir } from './support/cli.js';
import { frenchArticle, makeOutput, segmentsOf, TOKEN, type Output, openReviewOn } from './support/review.js';

let dir: string;

beforeAll(async () => {
  dir = await tempDir('hostile');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('special files', () => {
  it('refuses a FIFO given to translate instead of waiting for a writer forever', async () => {
    const fifo = path.join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const result = await runCliAsync(['translate', fifo, '--out', path.join(dir, 'out-fifo'), '--glossary', path.join(repoRoot, 'glossary')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${fifo}: is a named pipe (FIFO), not a regular file — save the article to a file and give that file`);
  }, 30_000);

  it('batch says which links and FIFOs it skips', async () => {
    const input = path.join(dir, 'batch-in');
    await mkdir(path.join(input, 'news'), { recursive: true });
    await writeFile(path.join(input, 'news', 'a.txt'), 'Les Casques blancs sont à Idlib.\n');
    await symlink(path.join(input, 'news', 'a.txt'), path.join(input, 'link.txt'));
    await symlink(input, path.join(input, 'news', 'loop'));
    execFileSync('mkfifo', [path.join(input, 'pipe.md')]);
    const result = runCli(['batch', input, '--out', path.join(dir, 'out-batch'), '--dry-run', '--glossary', path.join(repoRoot, 'glossary')]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`diptych: skipped ${path.join(input, 'link.txt')}: symbolic link, not followed`);
    expect(result.stderr).toContain(`diptych: skipped ${path.join(input, 'news', 'loop')}: symbolic link, not followed`);
    expect(result.stderr).toContain(`diptych: skipped ${path.join(input, 'pipe.md')}: named pipe (FIFO), not read`);
  });
});

describe('encodings and XML', () => {
  it('reads UTF-16 with a byte-order mark as UTF-16, little- and big-endian', () => {
    const text = 'Les Casques blancs sont arrivés à Idlib.\r\nDeuxième ligne.';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(decodeArticle(le, 'le.txt')).toBe('Les Casques blancs sont arrivés à Idlib.\nDeuxième ligne.');
    expect(decodeArticle(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'be.txt')).toBe('Les Casques blancs sont arrivés à Idlib.\nDeuxième ligne.');
    // Cut in the middle of a character: said to be UTF-16, with how to convert it.
    const cut = (() => {
      try {
        decodeArticle(le.subarray(0, le.length - 1), 'cut.txt');
      } catch (error) {
        return (error as InputError).toLine();
      }
      return '';
    })();
    expect(cut).toMatch(/^cut\.txt: starts as UTF-16LE \(byte-order mark\) but is not valid UTF-16LE — convert it to UTF-8, e\.g\. `iconv -f UTF-16LE -t UTF-8`/);
  });

  it('says a DOCTYPE with entities is refused, and why, with its line', () => {
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY lol "lol">\n]>\n<xliff><file>&lol;</file></xliff>\n';
    let error: unknown;
    try {
      parseXmlFile(xml, 'edited.xlf', 'fix the file');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    const line = (error as InputError).toLine();
    expect(line).toMatch(/^edited\.xlf:2: has a DOCTYPE whose entities diptych refuses/);
    expect(line).toContain('billion laughs');
    expect(line).toContain('XXE');
    expect(line).not.toContain('Could not parse XML');
    // The same words for a TBX glossary.
    expect(parseTbx('terms.tbx', xml.replaceAll('xliff', 'martif')).problems[0]!.message).toMatch(/DOCTYPE whose entities diptych refuses/);
  });

  it('gives the parser’s own reason for other malformed XML', () => {
    expect(() => parseXmlFile('<xliff><file></xliff>', 'bad.xlf', 'fix it')).toThrow(/not well-formed XML \((?!Could not parse)/);
  });
});

describe('the review API', () => {
  let output: Output;
  let session: ReviewSession;
  let base: string;
  beforeAll(async () => {
    output = await makeOutput({ idlib: frenchArticle('Idlib sous les bombes', 3) });
    session = await openReviewOn(output.out);
    base = `http://127.0.0.1:${session.server.port}`;
  });
  afterAll(async () => {
    await session?.close();
    if (output) await rm(output.dir, { recursive: true, force: true });
  });
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const firstSegment = async () => segmentsOf((await call('GET', '/api/articles/idlib')).body.article)[0]!;

  it('answers an address that does not URL-decode with {error, message}', async () => {
    const { status, body } = await call('GET', '/api/articles/%E0%A4%A');
    expect(status).toBe(400);
    expect(Object.keys(body).sort()).toEqual(['error', 'message']);
    expect(body.error).toBe('bad-url');
  });

  it('answers a reviewer name that does not URL-decode with {error, message}', async () => {
    const segment = await firstSegment();
    const { status, body } = await call('PATCH', `/api/articles/idlib/segments/${segment.id}`, { revision: segment.revision ?? 0, comment: 'ok' }, { 'x-diptych-user': '%E0%A4%A' });
    expect(status).toBe(400);
    expect(Object.keys(body).sort()).toEqual(['error', 'message']);
  });

  it('refuses NUL in a target', async () => {
    const segment = await firstSegment();
    const { status, body } = await call('PATCH', `/api/articles/idlib/segments/${segment.id}`, { revision: segment.revision ?? 0, target: 'The White\u0000Helmets.' });
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'bad-target', message: '"target" holds a NUL character (U+0000): remove it' });
  });

  it('flags a right-to-left override in a target as a finding', async () => {
    const segment = await firstSegment();
    const { status, body } = await call('PATCH', `/api/articles/idlib/segments/${segment.id}`, { revision: segment.revision ?? 0, target: 'The White Helmets \u202Eexe.txt arrived.' });
    expect(status).toBe(200);
    expect(body.segment.findings).toContainEqual(expect.objectContaining({ rule: 'bidi-control', severity: 'error', message: expect.stringContaining('U+202E') }));
  });
});
