import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TranslatorError, TranslatorUnavailableError } from '../src/core/errors.js';
import { ApertiumTranslator } from '../src/translate/engines/apertium.js';
import { hasApertium } from './support/apertium.js';

const options = { sourceLang: 'fr', targetLang: 'en' };
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'diptych-apertium-'));
});

/** An `apertium` that logs each start to a file, then runs the real one (or a stand-in). */
async function loggingApertium(body = 'exec apertium "$@"'): Promise<{ command: string; starts: () => Promise<string[]> }> {
  const log = path.join(dir, `log-${Math.random().toString(36).slice(2)}`);
  const command = path.join(dir, `apertium-${Math.random().toString(36).slice(2)}`);
  await writeFile(log, '');
  await writeFile(command, `#!/bin/sh\necho "$*" >> '${log}'\n${body}\n`);
  await chmod(command, 0o755);
  return { command, starts: async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean) };
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

  it('sends a whole batch through one pipe of the two language pairs, never one process per segment', async () => {
    const { command, starts } = await loggingApertium();
    const translator = new ApertiumTranslator({ command });
    const units = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, text: `Le ministère a publié le communiqué numéro ${i}.` }));
    const result = await translator.translate(units, options);
    expect(result).toHaveLength(40);
    expect(result.every((unit, i) => unit.text.includes(String(i)))).toBe(true);
    const calls = await starts();
    // The two ends of the pipe start together, in either order.
    expect(calls.filter((call) => call !== '-l').map((call) => call.split(' ').slice(0, 3).join(' ')).sort()).toEqual(['-f txt fr-es', '-f txt spa-eng']);
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
    const { command, starts } = await loggingApertium();
    const translator = new ApertiumTranslator({ command });
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
    const formats = (await starts()).filter((call) => call !== '-l').map((call) => call.split(' ')[1]);
    expect(formats.sort()).toEqual(['html', 'html', 'txt', 'txt']);
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
    const { command } = await loggingApertium('[ "$1" = "-l" ] && echo "fr-es" && exit 0\nexec apertium "$@"');
    const translator = new ApertiumTranslator({ command });
    const error = await translator.translate([{ id: 'x', text: 'Bonjour.' }], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslatorUnavailableError);
    expect((error as TranslatorError).toLine()).toMatch(/spa-eng is not installed — .*apt-get install apertium-eng-spa/);
  });
});

describe('ApertiumTranslator without Apertium', () => {
  it('says Apertium is not installed and how to install it', async () => {
    const translator = new ApertiumTranslator({ command: path.join(tmpdir(), 'no-such-apertium') });
    const error = await translator.translate([{ id: 'x', text: 'Bonjour.' }], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslatorUnavailableError);
    expect((error as TranslatorError).toLine()).toMatch(/Apertium is not installed .*apt-get install apertium apertium-fr-es apertium-eng-spa/);
  });

  it('never shifts units when the engine returns a different number of texts', async () => {
    // A stand-in engine whose first language pair merges the first two units of any batch of three
    // or more (blank-line separated in text mode), as a misbehaving engine might; the second passes through.
    const { command } = await loggingApertium(
      '[ "$1" = "-l" ] && echo "fr-es spa-eng" && exit 0\n' +
        '[ -z "$4" ] && exec cat\n' +
        `python3 -c "import sys; p=open(sys.argv[1]).read().rstrip(chr(10)).split(chr(10)*2); p=[p[0]+' '+p[1]]+p[2:] if len(p)>2 else p; print((chr(10)*2).join(p))" "$4"`,
    );
    const translator = new ApertiumTranslator({ command });
    const units = ['un', 'deux', 'trois', 'quatre'].map((text) => ({ id: text, text }));
    const result = await translator.translate(units, options);
    expect(result.map((unit) => [unit.id, unit.text])).toEqual([['un', 'un'], ['deux', 'deux'], ['trois', 'trois'], ['quatre', 'quatre']]);
  });

  it('strips the mark of a very long unknown word and translates the units beside it', async () => {
    // A stand-in whose first language pair marks every run of "é" unknown, as Apertium does.
    const { command } = await loggingApertium('[ "$1" = "-l" ] && echo "fr-es spa-eng" && exit 0\n[ -z "$4" ] && exec cat\nsed "s/é\\+/*&/g" "$4"');
    const translator = new ApertiumTranslator({ command, repairPivot: false });
    const word = 'é'.repeat(150_000);
    const result = await translator.translate([{ id: 'long', text: `Un mot ${word} inconnu.` }, { id: 'short', text: 'Le chat dort.' }], options);
    expect(result.map((unit) => unit.id)).toEqual(['long', 'short']);
    expect(result[0]!.text).toBe(`Un mot ${word} inconnu.`);
    expect(result[0]!.unknownWords).toEqual([word]);
    expect(result[1]!.text).toBe('Le chat dort.');
  });

  it('rejects an unknown pivot with the list of known ones', () => {
    expect(() => new ApertiumTranslator({ pivot: 'de' })).toThrow(/unknown Apertium pivot 'de'/);
  });
});
