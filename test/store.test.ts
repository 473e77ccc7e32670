import { spawnSync } from 'node:child_process';
import { appendFile, open, readdir, readFile, writeFile, mkdir, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { OutputLockedError } from '../src/core/errors.js';
import {
  CACHE_FILE,
  parseStoredArticle,
  lockOutput,
  normaliseSource,
  openAppendLog,
  removeStaleTemporaries,
  similarity,
  STATE_DIR,
  TranslationCache,
  TranslationMemory,
  type ApprovedSegment,
  type CachedTranslation,
} from '../src/store/index.js';
import { tempDir } from './support/cli.js';
import type { Article } from '../src/core/types.js';
import { foundingArticle } from './fixtures/render/articles.js';

const segments = (article: Article) => article.blocks.flatMap((block) => block.segments);

const isRecord = (value: unknown): value is { n: number } => typeof (value as { n?: unknown })?.n === 'number';

function entry(text: string): CachedTranslation {
  return { text, unknownWords: [], engine: 'fake', model: 'v1', characters: text.length, at: '2026-01-01T00:00:00.000Z' };
}

function approval(article: string, segment: string, source: string, target: string, at = '2026-01-01T00:00:00.000Z'): ApprovedSegment {
  return { origin: { article, segment }, source, sourceMarks: [], target, targetMarks: [], at };
}

describe('append log', () => {
  it('keeps every appended record across reopenings', async () => {
    const file = path.join(await tempDir('log'), 'a.jsonl');
    const first = await openAppendLog(file, isRecord);
    await first.log.append([{ n: 1 }, { n: 2 }]);
    await first.log.append([{ n: 3 }]);
    await first.log.close();
    const again = await openAppendLog(file, isRecord);
    expect(again.records).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(again.skipped).toBe(0);
    await again.log.close();
  });

  it('cuts off a torn last line (a write killed half-way) so the next record starts a clean line', async () => {
    const file = path.join(await tempDir('log'), 'a.jsonl');
    await writeFile(file, '{"n":1}\n{"n":2}\n{"n":3');
    const opened = await openAppendLog(file, isRecord);
    expect(opened.records).toEqual([{ n: 1 }, { n: 2 }]);
    expect(opened.skipped).toBe(1);
    await opened.log.append([{ n: 4 }]);
    await opened.log.close();
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toEqual(['{"n":1}', '{"n":2}', '{"n":4}', '']);
    for (const line of lines.filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('opened read-only (dry runs), changes nothing on disk', async () => {
    const file = path.join(await tempDir('log'), 'a.jsonl');
    await writeFile(file, '{"n":1}\n{"n":2');
    const opened = await openAppendLog(file, isRecord, { readOnly: true });
    await opened.log.append([{ n: 9 }]);
    expect(opened.records).toEqual([{ n: 1 }]);
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2');
    const missing = await openAppendLog(path.join(path.dirname(file), 'none', 'b.jsonl'), isRecord, { readOnly: true });
    expect(missing.records).toEqual([]);
    await expect(readdir(path.join(path.dirname(file), 'none'))).rejects.toThrow();
  });
});

describe('append log synced in the background', () => {
  /** FileHandle's prototype (the class is not exported), to hold its fdatasync back. */
  async function fileHandlePrototype(file: string): Promise<FileHandle> {
    const probe = await open(file, 'a+');
    await probe.close();
    return Object.getPrototypeOf(probe) as FileHandle;
  }

  it('answers an append once written, and makes it durable behind: one fdatasync for the appends made meanwhile', async () => {
    const file = path.join(await tempDir('log'), 'a.jsonl');
    const prototype = await fileHandlePrototype(file);
    const datasync = prototype.datasync;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const syncs = vi.spyOn(prototype, 'datasync').mockImplementation(function (this: FileHandle) {
      return held.then(() => datasync.call(this));
    });
    try {
      const { log } = await openAppendLog(file, isRecord, { sync: 'background' });
      // Resolved while its fdatasync is held back: written (a kill -9 now loses nothing), not yet durable.
      await log.append([{ n: 1 }]);
      expect(await readFile(file, 'utf8')).toBe('{"n":1}\n');
      await log.append([{ n: 2 }]);
      await log.append([{ n: 3 }]);
      let flushed = false;
      const flushing = log.flush!().then(() => (flushed = true));
      await Promise.resolve();
      expect(flushed).toBe(false);
      release();
      await flushing;
      // The first append's fdatasync, then one for the two written while it ran.
      expect(syncs).toHaveBeenCalledTimes(2);
      await log.close();
    } finally {
      syncs.mockRestore();
    }
  });

  it('says a failed background fdatasync at the next flush and append', async () => {
    const file = path.join(await tempDir('log'), 'a.jsonl');
    const prototype = await fileHandlePrototype(file);
    const { log } = await openAppendLog(file, isRecord, { sync: 'background' });
    const syncs = vi.spyOn(prototype, 'datasync').mockRejectedValue(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    try {
      await log.append([{ n: 1 }]);
      await expect(log.flush!()).rejects.toThrow(/EIO/);
      await expect(log.append([{ n: 2 }])).rejects.toThrow(/EIO/);
    } finally {
      syncs.mockRestore();
      await log.close().catch(() => undefined);
    }
  });
});

describe('translation cache', () => {
  it('finds a translation by key after reopening, and writes each key once', async () => {
    const dir = await tempDir('cache');
    const cache = await TranslationCache.open(dir);
    await cache.add([['k1', entry('one')], ['k2', entry('two')]]);
    await cache.add([['k1', entry('one again')]]);
    await cache.close();
    const reopened = await TranslationCache.open(dir);
    expect(reopened.get('k1')?.text).toBe('one');
    expect(reopened.get('k2')?.text).toBe('two');
    expect(reopened.get('k3')).toBeUndefined();
    await reopened.close();
    expect((await readFile(path.join(dir, CACHE_FILE), 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('reads texts back from disk, also when another run sharing the cache appended in between', async () => {
    const dir = await tempDir('cache-shared');
    const first = await TranslationCache.open(dir);
    const second = await TranslationCache.open(dir);
    await first.add([['a', entry('première « é » ligne')]]);
    await second.add([['b', entry('from the other run')]]);
    await first.add([['c', entry('third')]]);
    expect(first.get('a')?.text).toBe('première « é » ligne');
    expect(first.get('c')?.text).toBe('third');
    expect(second.get('b')?.text).toBe('from the other run');
    await first.close();
    await second.close();
    const reopened = await TranslationCache.open(dir);
    expect(['a', 'b', 'c'].map((key) => reopened.get(key)?.text)).toEqual(['première « é » ligne', 'from the other run', 'third']);
    await reopened.close();
  });

  it('finds, when the file changed under a stale position, the record by reading the file afresh', async () => {
    const dir = await tempDir('cache-stale');
    const cache = await TranslationCache.open(dir);
    await cache.add([['k', entry('kept')]]);
    // Rewrite the file with a line in front, as if another writer had got there first.
    const file = path.join(dir, CACHE_FILE);
    const content = await readFile(file, 'utf8');
    await writeFile(file, JSON.stringify({ key: 'other', ...entry('x') }) + '\n' + content);
    expect(cache.get('k')?.text).toBe('kept');
    await cache.close();
  });

  it('keeps what a dry run adds in memory and readable, writing nothing', async () => {
    const dir = await tempDir('cache-dry');
    const writer = await TranslationCache.open(dir);
    await writer.add([['old', entry('on disk')]]);
    await writer.close();
    const before = await readFile(path.join(dir, CACHE_FILE), 'utf8');
    const dry = await TranslationCache.open(dir, { readOnly: true });
    await dry.add([['new', entry('in memory')]]);
    expect([dry.get('old')?.text, dry.get('new')?.text]).toEqual(['on disk', 'in memory']);
    expect(await readFile(path.join(dir, CACHE_FILE), 'utf8')).toBe(before);
  });
});

describe('translation memory', () => {
  it('finds an approved segment by its normalised French', async () => {
    const memory = await TranslationMemory.open(await tempDir('tm'));
    await memory.syncArticle('/out/a.json', [approval('/out/a.json', 's1', 'Le chat  dort.', 'The cat sleeps.')], new Set(['s1']));
    expect(memory.exact('Le chat dort. ')?.target).toBe('The cat sleeps.');
    expect(memory.exact('Le chien dort.')).toBeUndefined();
    await memory.close();
  });

  it('offers a close approved segment at 85% similarity or more, and nothing below', async () => {
    const memory = await TranslationMemory.open(await tempDir('tm'));
    const source = 'Le ministère russe de la Défense a publié un communiqué lundi.';
    await memory.syncArticle('/out/a.json', [approval('/out/a.json', 's1', source, 'The Russian Defence Ministry issued a statement on Monday.')], new Set(['s1']));
    const close = 'Le ministère russe de la Défense a publié un communiqué mardi.';
    const far = 'Le ministère a publié un long communiqué.';
    expect(similarity(close, source)).toBeGreaterThanOrEqual(0.85);
    expect(similarity(far, source)).toBeLessThan(0.85);
    expect(memory.closest(close)?.entry.target).toBe('The Russian Defence Ministry issued a statement on Monday.');
    expect(memory.closest(far)).toBeUndefined();
    await memory.close();
  });

  it('drops a withdrawn approval, keeps one whose segment disappeared, and survives reopening', async () => {
    const dir = await tempDir('tm');
    const memory = await TranslationMemory.open(dir);
    await memory.syncArticle('/out/a.json', [approval('/out/a.json', 's1', 'Un.', 'One.'), approval('/out/a.json', 's2', 'Deux.', 'Two.')], new Set(['s1', 's2']));
    // s1 is still in the article but no longer approved; s2 left the article with an edit of the French.
    const changed = await memory.syncArticle('/out/a.json', [], new Set(['s1', 's3']));
    expect(changed).toEqual([normaliseSource('Un.')]);
    expect(memory.exact('Un.')).toBeUndefined();
    expect(memory.exact('Deux.')?.target).toBe('Two.');
    await memory.close();
    const reopened = await TranslationMemory.open(dir);
    expect(reopened.exact('Un.')).toBeUndefined();
    expect(reopened.exact('Deux.')?.target).toBe('Two.');
    await reopened.close();
  });

  it('gives the newest approval when two articles approved the same French differently', async () => {
    const memory = await TranslationMemory.open(await tempDir('tm'));
    await memory.syncArticle('/out/a.json', [approval('/out/a.json', 's1', 'Bonjour.', 'Hello.', '2026-01-01T00:00:00.000Z')], new Set(['s1']));
    await memory.syncArticle('/out/b.json', [approval('/out/b.json', 's9', 'Bonjour.', 'Good morning.', '2026-02-01T00:00:00.000Z')], new Set(['s9']));
    expect(memory.exact('Bonjour.')?.target).toBe('Good morning.');
    await memory.close();
  });
});

describe('similarity', () => {
  it('is 1 − edit distance / longer length', () => {
    expect(similarity('abcd', 'abcd')).toBe(1);
    // One substitution in four characters.
    expect(similarity('abcd', 'abce')).toBe(0.75);
    // "kitten" → "sitting": three edits, seven characters.
    expect(similarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 10);
  });
});

describe('output lock', () => {
  it('refuses a second run while the first is alive, and takes over the lock of a killed one', async () => {
    const out = await tempDir('lock');
    await mkdir(path.join(out, STATE_DIR), { recursive: true });
    // A live process that is not us: our parent.
    await writeFile(path.join(out, STATE_DIR, 'lock'), `${process.ppid}\n`);
    await expect(lockOutput(out)).rejects.toThrow(OutputLockedError);
    await expect(lockOutput(out)).rejects.toMatchObject({ owner: process.ppid });
    await expect(lockOutput(out)).rejects.toThrow(/another diptych run/);
    // A process that has exited.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    await writeFile(path.join(out, STATE_DIR, 'lock'), `${gone}\n`);
    const release = await lockOutput(out);
    expect((await readFile(path.join(out, STATE_DIR, 'lock'), 'utf8')).trim()).toBe(String(process.pid));
    await release();
    expect(await readdir(path.join(out, STATE_DIR))).toEqual([]);
  });
});

describe('stale temporaries', () => {
  it('removes the half files an interrupted atomic write leaves, and nothing else', async () => {
    const out = await tempDir('temporaries');
    await mkdir(path.join(out, STATE_DIR));
    for (const name of ['a.json', 'a.json.3141592653', 'a.md.27', 'a.html.99', 'notes.txt.123', 'a.html']) await writeFile(path.join(out, name), 'x');
    await writeFile(path.join(out, STATE_DIR, 'manifest.json.4242'), '{');
    await appendFile(path.join(out, STATE_DIR, 'manifest.json'), '{}');
    await removeStaleTemporaries(out);
    expect((await readdir(out)).sort()).toEqual(['.diptych', 'a.html', 'a.json', 'notes.txt.123']);
    expect(await readdir(path.join(out, STATE_DIR))).toEqual(['manifest.json']);
  });
});

describe('parseStoredArticle', () => {
  it('reads the store shape and tolerates extra fields', () => {
    const article = foundingArticle();
    const json = JSON.stringify({ diptych: 1, generatedAt: 'x', article: { ...article, extra: true } });
    const parsed = parseStoredArticle(json, 'out/a.json');
    expect(segments(parsed).map((s) => s.target)).toEqual(segments(article).map((s) => s.target));
  });

  it('names the file when the JSON is not a store', () => {
    // Both: an InputError carrying the file (the CLI prints `file: message — hint`) and saying what is wrong.
    expect(() => parseStoredArticle('{"report":1}', 'out/report.json')).toThrowError(
      expect.objectContaining({ name: 'NotAStoreError', file: 'out/report.json', message: 'is not a diptych store file' }),
    );
    expect(() => parseStoredArticle('{"diptych":1}', 'out/bad.json')).toThrowError(
      expect.objectContaining({ name: 'DamagedStoreError', file: 'out/bad.json', message: "is a damaged diptych store: the file must have required property 'article'" }),
    );
    expect(() => parseStoredArticle('{oops', 'out/broken.json')).toThrowError(
      expect.objectContaining({ name: 'DamagedStoreError', file: 'out/broken.json', message: expect.stringMatching(/^is not valid JSON/) }),
    );
  });
});
