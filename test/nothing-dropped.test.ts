// Nothing of an article disappears without a word: tables are translated cell
// by cell and drawn as tables on both sides, captions, alt text and list items
// are translated, code is kept as written, and what the reader leaves out (a
// video, a form) is in the run's report with its line.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString as hastText } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import type { Article } from '../src/core/types.js';
import { runTranslation, type RunReport } from '../src/batch/index.js';
import { exportTmx, exportXliff12, exportXliff20 } from '../src/exchange/index.js';
import type { TranslateOptions, TranslatedUnit, TranslationUnit, Translator } from '../src/translate/index.js';
import { hasApertium } from './support/apertium.js';
import { runCli, tempDir } from './support/cli.js';

/** Translates by prefixing "EN "; records what it is sent. */
class RecordingTranslator implements Translator {
  readonly id = 'fake';
  readonly model = 'v1';
  readonly capabilities = { nativeGlossary: false, context: false, maxItems: 1000, maxBytes: 1 << 20 };
  readonly identity = { engine: this.id, model: this.model, settings: {} };
  readonly sent: string[] = [];
  placeholder(n: number): string {
    return `Zqx${n}`;
  }
  async translate(units: TranslationUnit[], options: TranslateOptions): Promise<TranslatedUnit[]> {
    this.sent.push(...units.map((unit) => unit.text));
    const answer = units.map((unit) => ({ id: unit.id, text: `EN ${unit.text}`, unknownWords: [] }));
    await options.onBatch?.(answer);
    return answer;
  }
}

const MARKDOWN = `# Les prix à Lyon

Le marché ouvre à huit heures.

| Produit | Prix en 2023 | Prix en 2024 |
| --- | --- | --- |
| Tomates | 2 euros le kilo | 3 euros le kilo |
| Pommes | *1 euro* le kilo | |

![Un étal de tomates au marché de Lyon.](tomates.jpg)

- Les tomates ont augmenté.
- Les pommes sont stables.

\`\`\`
prix = poids * tarif
\`\`\`

<iframe src="https://video.example/embed/1"></iframe>

La mairie promet un nouveau marché couvert.
`;

const HTML = `<!doctype html>
<html lang="fr"><head><title>Le marché de Lyon</title></head>
<body>
<nav><a href="/">Accueil</a></nav>
<article>
<h1>Le marché de Lyon</h1>
<p>Le marché ouvre à huit heures et ferme à midi, du mardi au dimanche, sur les quais du Rhône.</p>
<figure>
<img src="marche.jpg" alt="Des clients devant un étal de légumes.">
<figcaption>Le marché du quai Saint-Antoine, un samedi matin.</figcaption>
</figure>
<p>Les commerçants sont plus de cent cinquante à s’installer chaque semaine le long du fleuve.</p>
<video src="reportage.mp4" title="Reportage au marché"></video>
<table>
<tr><th>Jour</th><th>Commerçants</th></tr>
<tr><td>Mardi</td><td>Quatre-vingts</td></tr>
<tr><td>Samedi</td><td>Cent cinquante</td></tr>
</table>
<pre>  horaires : 6 h – 13 h</pre>
<p>La mairie promet un nouveau marché couvert pour les mois d’hiver, quand les quais sont battus par le vent.</p>
<form action="/abonnement"><p>Votre adresse</p><input name="email"></form>
<p>Les travaux doivent commencer au printemps prochain, selon l’adjoint chargé du commerce.</p>
</article>
</body></html>
`;

async function translate(name: string, content: string): Promise<{ report: RunReport; article: Article; out: string; translator: RecordingTranslator }> {
  const dir = await tempDir('dropped');
  const input = path.join(dir, 'in');
  await mkdir(input);
  const file = path.join(input, name);
  await writeFile(file, content);
  const out = path.join(dir, 'out');
  const translator = new RecordingTranslator();
  const report = await runTranslation([{ file }], { outDir: out, translator, glossary: { entries: [], version: 'none', files: [] } });
  const slug = path.basename(name, path.extname(name));
  const article = (JSON.parse(await readFile(path.join(out, `${slug}.json`), 'utf8')) as { article: Article }).article;
  return { report, article, out, translator };
}

const cellsOf = (article: Article) => article.blocks.filter((block) => block.kind === 'table-cell');

describe('a Markdown article with a table', () => {
  it('translates every cell on its own and keeps each pair in its cell', async () => {
    const { article, translator } = await translate('lyon.md', MARKDOWN);
    expect(translator.sent).toEqual(expect.arrayContaining(['Produit', 'Tomates', '3 euros le kilo']));
    const cells = cellsOf(article);
    expect(cells.map((cell) => [cell.cell!.row, cell.cell!.column, cell.text])).toEqual([
      [0, 0, 'Produit'], [0, 1, 'Prix en 2023'], [0, 2, 'Prix en 2024'],
      [1, 0, 'Tomates'], [1, 1, '2 euros le kilo'], [1, 2, '3 euros le kilo'],
      [2, 0, 'Pommes'], [2, 1, '1 euro le kilo'], [2, 2, ''],
    ]);
    for (const cell of cells.filter((cell) => cell.text !== '')) {
      expect(cell.segments.map((segment) => segment.target)).toEqual([`EN ${cell.text}`]);
    }
    // Inline markup survives inside a cell.
    expect(cells[7]!.segments[0]!.sourceMarks).toMatchObject([{ kind: 'emphasis' }]);
  });

  it('translates alt text and list items, keeps code as written and lists the raw HTML it skipped', async () => {
    const { article, report, translator } = await translate('lyon.md', MARKDOWN);
    const kinds = article.blocks.filter((block) => block.kind !== 'table-cell').map((block) => [block.kind, block.text]);
    expect(kinds).toEqual([
      ['title', 'Les prix à Lyon'],
      ['paragraph', 'Le marché ouvre à huit heures.'],
      ['image-alt', 'Un étal de tomates au marché de Lyon.'],
      ['list-item', 'Les tomates ont augmenté.'],
      ['list-item', 'Les pommes sont stables.'],
      ['code', 'prix = poids * tarif'],
      ['paragraph', 'La mairie promet un nouveau marché couvert.'],
    ]);
    expect(translator.sent).toContain('Un étal de tomates au marché de Lyon.');
    expect(translator.sent).toContain('Les pommes sont stables.');
    expect(translator.sent.some((text) => text.includes('tarif'))).toBe(false);
    expect(report.written[0]!.skipped).toEqual([{ kind: 'iframe', line: 19, detail: '<iframe src="https://video.example/embed/1"></iframe>' }]);
  });

  it('draws the table as a table in French and in English, in the page and in the Markdown', async () => {
    const { out } = await translate('lyon.md', MARKDOWN);
    const page = fromHtml(await readFile(path.join(out, 'lyon.html'), 'utf8')) as HastRoot;
    const sides = selectAll('.block-table .table-side', page);
    expect(sides).toHaveLength(2);
    const [french, english] = sides.map((side) => selectAll('tr', side).map((row) => selectAll('th, td', row).map((cell) => hastText(cell))));
    expect(french).toEqual([
      ['Produit', 'Prix en 2023', 'Prix en 2024'],
      ['Tomates', '2 euros le kilo', '3 euros le kilo'],
      ['Pommes', '1 euro le kilo', ''],
    ]);
    expect(english).toEqual(french!.map((row) => row.map((cell) => (cell ? `EN ${cell}` : ''))));
    // Each French cell's sentence has its English counterpart under the same id, in the same cell.
    for (const seg of selectAll('.src-side .seg', page)) {
      const id = String(seg.properties['dataSegId']);
      expect(select(`.tgt-side .seg[data-seg-id="${id}"]`, page)).toBeDefined();
    }
    expect(selectAll('.block-code pre', page).map((pre) => hastText(pre))).toEqual(['prix = poids * tarif', 'prix = poids * tarif']);

    const markdown = await readFile(path.join(out, 'lyon.md'), 'utf8');
    expect(markdown).toContain('| Produit | Prix en 2023 | Prix en 2024 |');
    expect(markdown).toContain('| Tomates | 2 euros le kilo | 3 euros le kilo |');
    expect(markdown).toContain('| EN Produit | EN Prix en 2023 | EN Prix en 2024 |');
    expect(markdown).toContain('| EN Pommes | EN _1 euro_ le kilo | |');
    expect(markdown).toContain('```\nprix = poids * tarif\n```');
  });

  it('exports each cell as its own unit to XLIFF and TMX', async () => {
    const { article } = await translate('lyon.md', MARKDOWN);
    const xliff = exportXliff12(article);
    expect(xliff.match(/<group [^>]*restype="x-table-cell"/g)).toHaveLength(8);
    expect(xliff).toContain('resname="Table 1, row 2, column 3"');
    expect(xliff).toContain('<source xml:lang="fr">3 euros le kilo</source>');
    expect(exportXliff20(article)).toContain('3 euros le kilo');
    expect(exportTmx(article)).toContain('<seg>EN 3 euros le kilo</seg>');
    // Code has no sentences, so no unit (an empty group would not validate).
    expect(xliff).not.toContain('tarif');
  });
});

describe('an HTML article', () => {
  it('translates captions, alt text and cells, keeps preformatted text and reports the video and the form with their lines', async () => {
    const { article, report, translator } = await translate('marche.html', HTML);
    expect(article.blocks.map((block) => [block.kind, block.text])).toEqual([
      ['title', 'Le marché de Lyon'],
      ['paragraph', 'Le marché ouvre à huit heures et ferme à midi, du mardi au dimanche, sur les quais du Rhône.'],
      ['image-alt', 'Des clients devant un étal de légumes.'],
      ['caption', 'Le marché du quai Saint-Antoine, un samedi matin.'],
      ['paragraph', 'Les commerçants sont plus de cent cinquante à s’installer chaque semaine le long du fleuve.'],
      ['table-cell', 'Jour'], ['table-cell', 'Commerçants'],
      ['table-cell', 'Mardi'], ['table-cell', 'Quatre-vingts'],
      ['table-cell', 'Samedi'], ['table-cell', 'Cent cinquante'],
      ['code', '  horaires : 6 h – 13 h'],
      ['paragraph', 'La mairie promet un nouveau marché couvert pour les mois d’hiver, quand les quais sont battus par le vent.'],
      ['paragraph', 'Les travaux doivent commencer au printemps prochain, selon l’adjoint chargé du commerce.'],
    ]);
    expect(translator.sent).toEqual(expect.arrayContaining(['Des clients devant un étal de légumes.', 'Le marché du quai Saint-Antoine, un samedi matin.', 'Quatre-vingts']));
    expect(translator.sent.some((text) => text.includes('horaires'))).toBe(false);
    expect(article.skipped).toEqual([
      { kind: 'video', line: 13, detail: 'Reportage au marché' },
      { kind: 'form', line: 21, detail: '/abonnement' },
    ]);
    expect(report.written[0]!.skipped).toEqual(article.skipped);
  });

  it.skipIf(!hasApertium)('says on the command line what it left out, with file and line', async () => {
    const dir = await tempDir('dropped-cli');
    const file = path.join(dir, 'marche.html');
    await writeFile(file, HTML);
    const result = runCli(['translate', file, '--out', path.join(dir, 'out')]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${file}:13: video (Reportage au marché) left out`);
    expect(result.stdout).toContain(`${file}:21: form (/abonnement) left out`);
  });
});

const REFERENCES = `# Une enquête

Selon le [journal Le Monde][lm], la ville a changé[^1]. Voir [le site officiel].

> Cité par [l’agence][afp].

[lm]: https://www.lemonde.fr/ "Le Monde"
[le site officiel]: https://www.lyon.fr/
[afp]: https://www.afp.com/

[^1]: Selon une source proche du dossier.
`;

describe('a Markdown article with reference-style links and a footnote', () => {
  it('keeps reference links as links and translates the footnote as a block its reference links to', async () => {
    const { article, out, translator } = await translate('enquete.md', REFERENCES);
    const [paragraph] = article.blocks.filter((block) => block.kind === 'paragraph');
    const links = (block: typeof paragraph) => block!.marks.filter((mark) => mark.kind === 'link').map((mark) => [block!.text.slice(mark.start, mark.end), mark.href]);
    const footnoteIndex = article.blocks.findIndex((block) => block.kind === 'footnote');
    expect(footnoteIndex).toBeGreaterThan(0);
    expect(article.blocks[footnoteIndex]!.text).toBe('Selon une source proche du dossier.');
    expect(links(paragraph)).toEqual([
      ['journal Le Monde', 'https://www.lemonde.fr/'],
      ['[1]', `#block-${footnoteIndex + 1}`],
      ['le site officiel', 'https://www.lyon.fr/'],
    ]);
    expect(links(article.blocks.find((block) => block.kind === 'quote'))).toEqual([['l’agence', 'https://www.afp.com/']]);
    expect(translator.sent).toContain('Selon une source proche du dossier.');
    // The page: the reference leads to the footnote's block, which holds both languages.
    const page = fromHtml(await readFile(path.join(out, 'enquete.html'), 'utf8')) as HastRoot;
    const target = select(`#block-${footnoteIndex + 1}`, page);
    expect(hastText(target!)).toContain('EN Selon une source proche du dossier.');
    expect(selectAll(`a[href="#block-${footnoteIndex + 1}"]`, page).length).toBeGreaterThan(0);
    expect(selectAll('a[href="https://www.lemonde.fr/"]', page).length).toBeGreaterThan(0);
  });
});
