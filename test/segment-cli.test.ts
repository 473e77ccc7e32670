import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { segmentCommand } from '../src/cli/commands/segment.js';
import { describeError, InputError } from '../src/core/errors.js';

const wrapped = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'segment', 'wrapped.txt');

async function run(args: string[], stdin: string | Buffer = ''): Promise<string> {
  let out = '';
  const command = segmentCommand({
    stdin: Readable.from([typeof stdin === 'string' ? Buffer.from(stdin) : stdin]),
    stdout: { write: (text: string) => (out += text) },
  });
  command.exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return out;
}

const paragraphs = [
  [
    'Un rassemblement de différents groupes terroristes, y compris le Front al-Nosra, s’est tenu le 7 sept. à Idlib.',
    'Selon M. Konachenkov, « la préparation devrait être achevée le 8 septembre ».',
  ],
  ['« Pourquoi maintenant ? » a demandé un journaliste.', 'Le porte-parole n’a pas répondu.'],
];

describe('diptych segment', () => {
  it('prints one sentence per line, a blank line between paragraphs, line wrapping undone', async () => {
    expect(await run([wrapped])).toBe(`${paragraphs[0]!.join('\n')}\n\n${paragraphs[1]!.join('\n')}\n`);
  });

  it('prints [[sentence, …], …] with --json', async () => {
    expect(JSON.parse(await run([wrapped, '--json']))).toEqual(paragraphs);
  });

  it('reads standard input when given - or no file', async () => {
    const text = 'M. Dupont est arrivé. Il pleut.\n\nFin.';
    expect(await run(['-'], text)).toBe('M. Dupont est arrivé.\nIl pleut.\n\nFin.\n');
    expect(JSON.parse(await run(['--json'], text))).toEqual([['M. Dupont est arrivé.', 'Il pleut.'], ['Fin.']]);
  });

  it('treats each line as a paragraph with --lines', async () => {
    const text = 'Syrie : les rebelles avancent\nLes combats continuent. Ils sont violents.\n';
    expect(JSON.parse(await run(['--lines', '--json'], text))).toEqual([
      ['Syrie : les rebelles avancent'],
      ['Les combats continuent.', 'Ils sont violents.'],
    ]);
  });

  it('fails with one line naming a missing file', async () => {
    const missing = path.join(path.dirname(wrapped), 'absent.txt');
    const error = await run([missing]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    const line = describeError(error);
    expect(line).toContain(missing);
    expect(line).toMatch(/no such file/);
    expect(line).not.toContain('\n');
  });

  it('refuses text that is not UTF-8, naming the input', async () => {
    const error = await run(['-'], Buffer.from([0x4c, 0x27, 0xe9, 0x74, 0xe9])).catch((caught: unknown) => caught);
    expect(describeError(error)).toMatch(/^<stdin>: not UTF-8/);
  });
});
