import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { TranslatorError, TranslatorUnavailableError } from '../src/core/errors.js';
import { ApertiumTranslator } from '../src/translate/engines/apertium.js';
import { hasApertium } from './support/apertium.js';

const options = { sourceLang: 'fr', targetLang: 'en' };
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'diptych-apertium-'));
});

/**
 * A data folder for the translator whose language pairs run `bodies[mode]` (a
 * bash script reading NUL-ended chunks) in place of Apertium's own; by default
 * the real pair, with what it is sent kept in <mode>.in. Each start is logged.
 */
async function standInData(bodies: Record<string, string> = {}): Promise<{ dataDir: string; starts: () => Promise<string[]>; sent: (mode: string) => Promise<string[]> }> {
  const dataDir = await mkdtemp(path.join(dir, 'data-'));
  await mkdir(path.join(dataDir, 'modes'));
  const log = path.join(dataDir, 'starts');
  await writeFile(log, '');
  for (const mode of ['fr-es', 'spa-eng']) {
    const script = path.join(dataDir, `${mode}.sh`);
    const real = `tee -a '${path.join(dataDir, `${mode}.in`)}' | bash <(apertium-wblank-mode -z /usr/share/apertium/modes/${mode}.mode) "$2" ""`;
    await writeFile(script, `#!/bin/bash\necho ${mode} >> '${log}'\n${bodies[mode] ?? real}\n`);
    await chmod(script, 0o755);
    // Apertium adds -z to each command of a mode: the script gets "-z -g".
    await writeFile(path.join(dataDir, 'modes', `${mode}.mode`), `${script} $1\n`);
  }
  return {
    dataDir,
    starts: async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean),
    // Each chunk the pair was sent ends with the translator's marker block.
    sent: async (mode) => (await readFile(path.join(dataDir, `${mode}.in`), 'utf8')).split('[diptych-chunk-end]\0').slice(0, -1),
  };
}

describe.skipIf(!hasApertium)('ApertiumTranslator with the Debian packages', () => {
  it('translates French to English through the Spanish pivot, one unit per segment, in order', async () => {
    const translator = new ApertiumTranslator();
    const result = await translator.translate(
      [
        { id: 'a', text: 'Le chat dort.' },
        { id: 'b', text: 'Syrie : nouvelle avancée des rebelles' },
        { id: 'c', text: 'Il a dit « non ».' },
      ],
      options,
    );
    expect(result.map((unit) => unit.id)).toEqual(['a', 'b', 'c']);
    expect(result[0]!.text).toMatch(/cat/i);
    expect(result[2]!.text).toMatch(/no/);
    expect(translator.model).toBe('fr-es-en');
  });

  it('runs each language pair once for a whole run: every batch and repair goes through the same processes', async () => {
    const { dataDir, starts, sent } = await standInData();
    const translator = new ApertiumTranslator({ dataDir });
    const units = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, text: `Le ministère a publié le communiqué numéro ${i}.` }));
    const result = await translator.translate(units, options);
    expect(result).toHaveLength(40);
    expect(result.every((unit, i) => unit.text.includes(String(i)))).toBe(true);
    // A second call, with a repair, later in the same run: no new process.
    const [later] = await translator.translate([{ id: 'r', text: 'Le sud-est de la France a connu des orages, a-t-il déclaré.' }], options);
    expect(later!.fixes?.map((fix) => fix.rule).sort()).toEqual(['pivot-compound', 'pivot-fallback']);
    expect((await starts()).sort()).toEqual(['fr-es', 'spa-eng']);
    // Two main passes and one repair chunk per pair, one NUL-ended chunk each.
    expect([(await sent('fr-es')).length, (await sent('spa-eng')).length]).toEqual([3, 3]);
    await translator.close();
  });

  it("starts the second step's pipeline when the first step is sent a chunk, not once it answers", async () => {
    // The first step waits at a gate (a named pipe) until the test has seen the second step start.
    const gate = path.join(dir, `gate-${Math.random().toString(36).slice(2)}`);
    execFileSync('mkfifo', [gate]);
    const { dataDir, starts } = await standInData({
      'fr-es': `cat '${gate}' > /dev/null\nbash <(apertium-wblank-mode -z /usr/share/apertium/modes/fr-es.mode) "$2" ""`,
    });
    const translator = new ApertiumTranslator({ dataDir });
    const result = translator.translate([{ id: 'a', text: 'Le chat dort.' }], options);
    try {
      await vi.waitFor(async () => expect((await starts()).sort()).toEqual(['fr-es', 'spa-eng']));
    } finally {
      // Opened whatever happened (it waits for the first step's reader), so no process is left waiting.
      if ((await starts()).includes('fr-es')) await writeFile(gate, 'go');
    }
    expect((await result)[0]!.text).toMatch(/cat/i);
    await translator.close();
  });

  it('removes unknown-word marks from the text and records the words on the unit', async () => {
    const translator = new ApertiumTranslator();
    const [unit] = await translator.translate([{ id: 'x', text: 'Igor Konachenkov a parlé à Idlib.' }], options);
    expect(unit!.text).not.toMatch(/[*#@]/);
    expect(unit!.text).toContain('Konachenkov');
    expect(unit!.unknownWords).toEqual(expect.arrayContaining(['Konachenkov', 'Idlib']));
  });

  it('keeps an asterisk the source itself had', async () => {
    const translator = new ApertiumTranslator();
    const [unit] = await translator.translate([{ id: 'x', text: 'La note *Zorglub est en bas.' }], options);
    expect(unit!.text).toContain('*Zorglub');
    expect(unit!.text).not.toContain('**Zorglub');
  });

  it('sends units with inline elements through the HTML mode and the rest as plain text, in order', async () => {
    const { dataDir, starts } = await standInData();
    const translator = new ApertiumTranslator({ dataDir });
    const result = await translator.translate(
      [
        { id: 'a', text: 'Le chat dort &amp; rêve &lt;ici&gt;.' },
        { id: 'b', text: 'Le chat <em id="m0">noir</em> dort &amp; rêve.' },
        { id: 'c', text: 'Le chien dort.' },
      ],
      options,
    );
    expect(result.map((unit) => unit.id)).toEqual(['a', 'b', 'c']);
    // Text that went as plain text comes back as a fragment, escaped again.
    expect(result[0]!.text).toMatch(/^The cat sleeps &amp; \S+ &lt;\S+&gt;\.$/);
    expect(result[1]!.text).toMatch(/<em id="m0">black<\/em> cat sleeps &amp;/);
    // One pipeline per pair and format: txt and html.
    expect((await starts()).sort()).toEqual(['fr-es', 'fr-es', 'spa-eng', 'spa-eng']);
    await translator.close();
  });

  it('repairs the leftovers of plain and marked-up units in one call per language pair, sending only the words a fallback can pick', async () => {
    const { dataDir, sent } = await standInData();
    const translator = new ApertiumTranslator({ dataDir });
    const result = await translator.translate(
      [
        { id: 'a', text: '« Il reste beaucoup à faire », a-t-il déclaré.' },
        { id: 'b', text: 'Le <em id="m0">sud-est</em> de la France a connu des orages, a-t-il déclaré.' },
        { id: 'c', text: 'Le sud-est de la France a connu des orages.' },
      ],
      options,
    );
    expect(result.map((unit) => unit.fixes?.map((fix) => fix.rule))).toEqual([['pivot-compound'], ['pivot-fallback', 'pivot-compound'], ['pivot-fallback']]);
    // Each pair had the plain group (txt), the marked-up group (html), then one repair chunk.
    const [frenchWords, phrases] = [(await sent('fr-es')).at(-1)!, (await sent('spa-eng')).at(-1)!];
    expect([(await sent('fr-es')).length, (await sent('spa-eng')).length]).toEqual([3, 3]);
    // The repair's input: French words alone; "France", "orages" and the like are already in the English.
    expect(frenchWords).toContain('sud-est');
    expect(frenchWords).not.toContain('France');
    expect(phrases).toMatch(/^ha declarado/);
    await translator.close();
  });

  it('gathers the repairs of concurrent translate() calls into one chunk per language pair', async () => {
    const { dataDir, starts, sent } = await standInData();
    const translator = new ApertiumTranslator({ dataDir });
    const [first, second] = await Promise.all([
      translator.translate([{ id: 'a', text: 'Le sud-est de la France a connu des orages, a-t-il déclaré.' }], options),
      translator.translate([{ id: 'b', text: 'Le sud-est du pays a connu des pluies, a-t-il déclaré.' }], options),
    ]);
    // Each call needs both repairs: a glued compound (second step) and a fallback (first step).
    for (const unit of [first![0]!, second![0]!]) expect(unit.fixes?.map((fix) => fix.rule).sort()).toEqual(['pivot-compound', 'pivot-fallback']);
    // Two main passes, then one repair chunk per pair for both, through one process per pair.
    expect([(await sent('fr-es')).length, (await sent('spa-eng')).length]).toEqual([3, 3]);
    expect((await starts()).sort()).toEqual(['fr-es', 'spa-eng']);
    await translator.close();
  });

  it('translates a segment holding a NUL byte and an empty segment without losing its place', async () => {
    const translator = new ApertiumTranslator();
    const result = await translator.translate(
      [
        { id: 'a', text: 'Le chat\0 dort.' },
        { id: 'b', text: '' },
        { id: 'c', text: 'Le chien dort.' },
      ],
      options,
    );
    expect(result.map((unit) => unit.id)).toEqual(['a', 'b', 'c']);
    expect(result[0]!.text).toBe('The cat sleeps.');
    expect(result[2]!.text).toBe('The dog sleeps.');
    // The pipeline is still in step: the next call gets its own answer.
    const [next] = await translator.translate([{ id: 'd', text: 'Le cheval dort.' }], options);
    expect(next!.text).toBe('The horse sleeps.');
    await translator.close();
  });

  it('keeps each call its own answers when several articles are translated at once', async () => {
    const translator = new ApertiumTranslator();
    const articles = Array.from({ length: 6 }, (_, a) => Array.from({ length: 3 }, (_, s) => ({ id: `${a}.${s}`, text: `Le communiqué ${a * 10 + s} a été publié.` })));
    const results = await Promise.all(articles.map((units) => translator.translate(units, options)));
    results.forEach((units, a) => {
      expect(units.map((unit) => unit.id)).toEqual(articles[a]!.map((unit) => unit.id));
      units.forEach((unit, s) => expect(unit.text).toContain(String(a * 10 + s)));
    });
    await translator.close();
  });

  it('passes its placeholder tokens through untouched', async () => {
    const translator = new ApertiumTranslator();
    const text = `Les chefs de ${translator.placeholder(1)} et des ${translator.placeholder(2)} se sont rencontrés.`;
    const [unit] = await translator.translate([{ id: 'x', text }], options);
    expect(unit!.text).toContain(translator.placeholder(1));
    expect(unit!.text).toContain(translator.placeholder(2));
    expect(unit!.unknownWords).not.toContain(translator.placeholder(1));
  });

  it('reports a pivot whose language data is not installed, naming the Debian package', async () => {
    const { dataDir } = await standInData();
    await rm(path.join(dataDir, 'modes', 'spa-eng.mode'));
    const translator = new ApertiumTranslator({ dataDir });
    const error = await translator.translate([{ id: 'x', text: 'Bonjour.' }], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslatorUnavailableError);
    expect((error as TranslatorError).toLine()).toMatch(/spa-eng is not installed — .*apt-get install apertium-eng-spa/);
  });

});

/**
 * A stand-in pair's program: Python answering each NUL-ended chunk it reads, at once, with the chunk
 * as `rewrite` leaves it (lines of Python that change `chunk`; `first` is true for the first chunk only).
 */
async function chunkRewriter(name: string, rewrite: string[]): Promise<string> {
  const script = path.join(dir, name);
  await writeFile(
    script,
    [
      'import sys',
      'first, pending = True, b""',
      'while data := sys.stdin.buffer.read1(65536):',
      '    pending += data',
      '    while b"\\0" in pending:',
      '        chunk, pending = pending.split(b"\\0", 1)',
      ...rewrite.map((line) => `        ${line}`),
      '        first = False',
      '        sys.stdout.buffer.write(chunk + b"\\0")',
      '        sys.stdout.buffer.flush()',
    ].join('\n'),
  );
  return script;
}

describe.skipIf(!hasApertium)('ApertiumTranslator with stand-in language pairs', () => {
  it('never shifts units when the engine returns a different number of texts', async () => {
    // A stand-in engine whose first language pair merges the first two units of any chunk of three
    // or more (blank-line superblanks in Apertium's stream), as a misbehaving engine might; the second passes through.
    const merge = await chunkRewriter('merge.py', [
      'parts = chunk.split(b"[\\n\\n]")',
      'if len(parts) > 2: parts = [parts[0] + b" " + parts[1]] + parts[2:]',
      'chunk = b"[\\n\\n]".join(parts)',
    ]);
    const { dataDir } = await standInData({ 'fr-es': `exec python3 '${merge}'`, 'spa-eng': 'exec cat' });
    const translator = new ApertiumTranslator({ dataDir });
    const units = ['un', 'deux', 'trois', 'quatre'].map((text) => ({ id: text, text }));
    const result = await translator.translate(units, options);
    expect(result.map((unit) => [unit.id, unit.text])).toEqual([['un', 'un'], ['deux', 'deux'], ['trois', 'trois'], ['quatre', 'quatre']]);
    await translator.close();
  });

  it('strips the mark of a very long unknown word and translates the units beside it', async () => {
    // A stand-in whose first language pair marks every run of "é" unknown, as Apertium does.
    const { dataDir } = await standInData({ 'fr-es': `exec sed -z -u 's/é\\+/*&/g'`, 'spa-eng': 'exec cat' });
    const translator = new ApertiumTranslator({ dataDir, repairPivot: false });
    const word = 'é'.repeat(150_000);
    const result = await translator.translate([{ id: 'long', text: `Un mot ${word} inconnu.` }, { id: 'short', text: 'Le chat dort.' }], options);
    expect(result.map((unit) => unit.id)).toEqual(['long', 'short']);
    expect(result[0]!.text).toBe(`Un mot ${word} inconnu.`);
    expect(result[0]!.unknownWords).toEqual([word]);
    expect(result[1]!.text).toBe('Le chat dort.');
  });

  it('restarts a pipeline that stops mid-run and sends it again what it had not answered', async () => {
    // A first language pair that dies on its first chunk the first time it runs, then works.
    const once = path.join(dir, `died-${Math.random().toString(36).slice(2)}`);
    const { dataDir, starts } = await standInData({ 'fr-es': `[ -e '${once}' ] || { touch '${once}'; exit 3; }\nexec cat`, 'spa-eng': 'exec cat' });
    const translator = new ApertiumTranslator({ dataDir, repairPivot: false });
    const result = await translator.translate([{ id: 'a', text: 'un' }, { id: 'b', text: 'deux' }], options);
    expect(result.map((unit) => unit.text)).toEqual(['un', 'deux']);
    expect((await starts()).sort()).toEqual(['fr-es', 'fr-es', 'spa-eng']);
    await translator.close();
  });

  it('takes no half chunk for an answer: a pipeline out of step is restarted and asked again', async () => {
    // A first language pair that, the first time it runs, splits its first chunk in two (a NUL inside
    // it, as a stage that lost its place might); then it works.
    const split = await chunkRewriter('split.py', ['if first: chunk = chunk.replace(b"deux", b"de\\0ux")']);
    const once = path.join(dir, `split-${Math.random().toString(36).slice(2)}`);
    const { dataDir, starts } = await standInData({ 'fr-es': `[ -e '${once}' ] || { touch '${once}'; exec python3 '${split}'; }\nexec cat`, 'spa-eng': 'exec cat' });
    const translator = new ApertiumTranslator({ dataDir, repairPivot: false });
    const result = await translator.translate([{ id: 'a', text: 'un' }, { id: 'b', text: 'deux' }], options);
    expect(result.map((unit) => unit.text)).toEqual(['un', 'deux']);
    expect((await starts()).sort()).toEqual(['fr-es', 'fr-es', 'spa-eng']);
    await translator.close();
  });

  it('fails with an error naming the engine and the pair when a pipeline keeps stopping', async () => {
    const { dataDir } = await standInData({ 'fr-es': 'echo "fr-es.automorf.bin: cannot open" >&2\nexit 3', 'spa-eng': 'exec cat' });
    const translator = new ApertiumTranslator({ dataDir, repairPivot: false });
    const error = await translator.translate([{ id: 'a', text: 'un' }], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslatorError);
    expect((error as TranslatorError).message).toMatch(/^Apertium \(fr-es, txt\) stopped .*: fr-es\.automorf\.bin: cannot open$/);
    await translator.close();
  });
});

describe('ApertiumTranslator without Apertium', () => {
  it('says Apertium is not installed and how to install it', async () => {
    const translator = new ApertiumTranslator({ dataDir: path.join(tmpdir(), 'no-such-apertium') });
    const error = await translator.translate([{ id: 'x', text: 'Bonjour.' }], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslatorUnavailableError);
    expect((error as TranslatorError).toLine()).toMatch(/Apertium is not installed .*apt-get install apertium apertium-fr-es apertium-eng-spa/);
  });

  it('rejects an unknown pivot with the list of known ones', () => {
    expect(() => new ApertiumTranslator({ pivot: 'de' })).toThrow(/unknown Apertium pivot 'de'/);
  });
});
