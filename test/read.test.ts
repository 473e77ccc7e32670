import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import type { Block } from '../src/core/types.js';
import { readArticle } from '../src/read/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'diptych-read-'));
});

async function fileWith(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

const marked = (block: Block, kind: string) =>
  block.marks.filter((mark) => mark.kind === kind).map((mark) => block.text.slice(mark.start, mark.end));

describe('plain text', () => {
  it('reads one paragraph per line and takes a short unpunctuated first line as the title', async () => {
    const article = await readArticle(await fileWith('a.txt', 'Syrie : nouvelle avancée des rebelles\nPremier paragraphe. Deux phrases.\nSecond paragraphe.\n'));
    expect(article.title).toBe('Syrie : nouvelle avancée des rebelles');
    expect(article.blocks.map((b) => [b.kind, b.position?.line])).toEqual([['title', 1], ['paragraph', 2], ['paragraph', 3]]);
  });

  it('joins line-wrapped text when paragraphs are separated by blank lines', async () => {
    const article = await readArticle(await fileWith('b.txt', 'Le ministère a déclaré\nque la réunion avait eu lieu.\n\nUn autre paragraphe\nsur deux lignes.\n'));
    expect(article.blocks.map((b) => b.text)).toEqual(['Le ministère a déclaré que la réunion avait eu lieu.', 'Un autre paragraphe sur deux lignes.']);
    expect(article.blocks[1]!.position?.line).toBe(4);
  });

  it('does not take a first line that is a full sentence as a title', async () => {
    const article = await readArticle(await fileWith('c.txt', 'Une phrase complète.\nUne autre.\n'));
    expect(article.blocks[0]!.kind).toBe('paragraph');
    expect(article.title).toBe('Une phrase complète.');
  });

  it('names an untitled article by its file, never by a sentence cut short', async () => {
    const article = await readArticle(await fileWith('long.txt', 'Un rassemblement de différents groupes terroristes, y compris le Front al-Nosra, s’est tenu à Idlib.\n'));
    expect(article.title).toBe('long.txt');
  });

  it('handles Windows line ends and a byte-order mark', async () => {
    const article = await readArticle(await fileWith('d.txt', '\uFEFFLigne un.\r\nLigne deux.\r\n'));
    expect(article.blocks.map((b) => b.text)).toEqual(['Ligne un.', 'Ligne deux.']);
  });
});

describe('markdown', () => {
  it('keeps block kinds and inline marks with their words', async () => {
    const md = [
      '# Le titre',
      '',
      'Un paragraphe avec un [lien](https://example.org "Exemple") et de l’*emphase* et **du gras** et `du code`.',
      '',
      '## Intertitre',
      '',
      '> Une citation.',
      '',
      '- premier point',
      '- second point',
      '',
      '```',
      'code   gardé  tel quel',
      '```',
    ].join('\n');
    const article = await readArticle(await fileWith('e.md', md));
    expect(article.title).toBe('Le titre');
    expect(article.blocks.map((b) => b.kind)).toEqual(['title', 'paragraph', 'heading', 'quote', 'list-item', 'list-item', 'code']);
    const paragraph = article.blocks[1]!;
    expect(marked(paragraph, 'link')).toEqual(['lien']);
    expect(paragraph.marks.find((m) => m.kind === 'link')).toMatchObject({ href: 'https://example.org', title: 'Exemple' });
    expect(marked(paragraph, 'emphasis')).toEqual(['emphase']);
    expect(marked(paragraph, 'strong')).toEqual(['du gras']);
    expect(marked(paragraph, 'code')).toEqual(['du code']);
    expect(article.blocks[2]!.depth).toBe(2);
    // Code is kept exactly as written, white space included.
    expect(article.blocks[6]!.text).toBe('code   gardé  tel quel');
  });

  it('keeps raw HTML in Markdown as literal text', async () => {
    const article = await readArticle(await fileWith('f.md', 'Texte <script>alert(1)</script> ici.\n'));
    expect(article.blocks[0]!.text).toBe('Texte <script>alert(1)</script> ici.');
  });
});

describe('html', () => {
  it('reads the article text only, skipping scripts and page furniture', async () => {
    const html = `<!doctype html><html><head><title>Titre de page</title><script>var x = 1;</script></head>
      <body><nav><a href="/">Accueil</a></nav>
      <article><h1>Le titre</h1><p>Un <em>premier</em> paragraphe avec <a href="https://example.org">un lien</a>.</p>
      <blockquote><p>Une citation.</p></blockquote><ul><li>Un point</li></ul>
      <script>alert(1)</script></article><footer>Pied de page</footer></body></html>`;
    const article = await readArticle(await fileWith('g.html', html));
    expect(article.title).toBe('Le titre');
    expect(article.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['title', 'Le titre'],
      ['paragraph', 'Un premier paragraphe avec un lien.'],
      ['quote', 'Une citation.'],
      ['list-item', 'Un point'],
    ]);
    expect(marked(article.blocks[1]!, 'emphasis')).toEqual(['premier']);
    expect(marked(article.blocks[1]!, 'link')).toEqual(['un lien']);
  });

  it('turns loose text and <br> inside containers into paragraphs', async () => {
    const article = await readArticle(await fileWith('h.html', '<body><div>Texte libre<br>sur deux lignes.</div></body>'));
    expect(article.blocks.map((b) => b.text)).toEqual(['Texte libre sur deux lignes.']);
  });

  it('keeps no-break spaces that French typography needs', async () => {
    const article = await readArticle(await fileWith('i.html', '<p>Il a dit\u00a0: «\u202Fnon\u202F».</p>'));
    expect(article.blocks[0]!.text).toBe('Il a dit\u00a0: «\u202Fnon\u202F».');
  });
});

describe('bad input', () => {
  const failure = async (file: string) => {
    const error = await readArticle(file).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  };

  it('names a missing file and says what to do', async () => {
    const error = await failure(path.join(dir, 'absent.txt'));
    expect(error.toLine()).toMatch(/absent\.txt: no such file — check the path/);
  });

  it('rejects an empty or blank file', async () => {
    expect((await failure(await fileWith('empty.txt', ''))).message).toMatch(/empty/);
    expect((await failure(await fileWith('blank.txt', ' \n\n'))).message).toMatch(/empty/);
  });

  it('rejects a binary file', async () => {
    const error = await failure(await fileWith('bin.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])));
    expect(error.message).toMatch(/binary/);
  });

  it('rejects Latin-1 text and names the line of the first bad byte', async () => {
    const latin1 = Buffer.from('Première ligne.\nDeuxième ligne.\n', 'latin1');
    const error = await failure(await fileWith('latin1.txt', latin1));
    expect(error.message).toMatch(/UTF-8/);
    expect(error.line).toBe(1);
    const later = Buffer.concat([Buffer.from('Ligne un.\nLigne deux.\n'), Buffer.from('Ligne élevée.\n', 'latin1')]);
    expect((await failure(await fileWith('latin1-later.txt', later))).line).toBe(3);
  });

  it('rejects an unsupported file type', async () => {
    const error = await failure(await fileWith('doc.pdf', '%PDF'));
    expect(error.toLine()).toMatch(/doc\.pdf: unsupported file type '\.pdf' — give a \.txt, \.md or \.html file/);
  });

  it('rejects markup with no article text', async () => {
    expect((await failure(await fileWith('nothing.html', '<html><body><script>x()</script></body></html>'))).message).toMatch(/no article text/);
  });
});
