import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/core/diagnostic.js';
import {
  findTerms,
  loadGlossary,
  parseGlossaryText,
  parseTbx,
  readGlossaryFiles,
  writeCsvGlossary,
  writeProjectTsv,
  writeTbx,
  type GlossaryEntry,
} from '../src/glossary/index.js';

const root = path.join(import.meta.dirname, '..');
const fixtures = path.join(import.meta.dirname, 'fixtures', 'glossary');

/** An entry without where it was read from, for comparing across formats. */
const content = ({ file: _file, line: _line, ...rest }: GlossaryEntry) => rest;

describe('TBX-Basic', () => {
  it('exports the project glossary so that it re-imports to the same entries', async () => {
    const glossary = await loadGlossary(path.join(root, 'glossary'));
    const tbx = writeTbx(glossary.entries, glossary.version);
    expect(tbx).toContain('<martif type="TBX-Basic"');
    const back = parseTbx('export.tbx', tbx);
    expect(back.problems).toEqual([]);
    expect(back.entries.map(content)).toEqual(glossary.entries.map(content));
  });

  it('escapes markup in terms and notes', () => {
    const entry: GlossaryEntry = {
      id: 'A & <B>',
      sources: ['A & <B>'],
      target: '"A" & B',
      targetForms: [],
      type: 'other',
      caseSensitive: false,
      keep: false,
      note: '<script>',
      file: 'x',
      line: 1,
    };
    const tbx = writeTbx([entry]);
    expect(tbx).not.toContain('<script>');
    expect(parseTbx('x.tbx', tbx).entries.map(content)).toEqual([content(entry)]);
  });

  it('reads TBX v3 (conceptEntry/langSec/termSec) from other tools', () => {
    const tbx = `<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="fr" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="fr"><termSec><term>Casques blancs</term></termSec></langSec>
      <langSec xml:lang="en-US">
        <termSec><term>White Helmets</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>Syria Civil Defence</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>`;
    const { entries, problems } = parseTbx('v3.tbx', tbx);
    expect(problems).toEqual([]);
    expect(entries).toMatchObject([{ sources: ['Casques blancs'], target: 'White Helmets', targetForms: ['Syria Civil Defence'], line: 5 }]);
  });

  it('reports malformed XML with its line', () => {
    const { problems } = parseTbx('bad.tbx', '<martif>\n<text><body>\n<termEntry></body></text></martif>');
    expect(problems[0]).toMatchObject({ severity: 'error', file: 'bad.tbx', line: 3 });
  });
});

describe('CSV source,target,tgt_lng', () => {
  it('imports a file in that exact format, keeping English rows and rows without a language', async () => {
    const glossary = await loadGlossary(path.join(fixtures, 'babeldoc.csv'));
    expect(glossary.entries.map((e) => [e.id, e.target, e.line])).toEqual([
      ['Casques blancs', 'White Helmets', 2],
      ['Hayat Tahrir al-Cham, HTC', 'Hayat Tahrir al-Sham', 3],
      ['Idlib', 'Idlib', 5],
      ['ministère russe de la Défense', 'Russian Defence Ministry', 6],
    ]);
    expect(findTerms(glossary, 'les Casques blancs à Idlib').map((m) => m.entry.target)).toEqual(['White Helmets', 'Idlib']);
  });

  it('refuses a line break inside a field, on the line the field starts, so no export can write a broken row', () => {
    const { entries, problems } = parseGlossaryText('breaks.csv', 'source,target,tgt_lng\nchat,cat,en\n"chien\nloup",dog,en\nrat,rat,en\n');
    expect(problems.map((problem) => formatDiagnostic(problem))).toEqual(['breaks.csv:3: line break inside a field — write the term on one line']);
    expect(entries.map((e) => [e.id, e.line])).toEqual([['chat', 2], ['rat', 5]]);
  });

  it('writes a TSV the linter accepts whatever the entries hold (a note with a line break from another format)', () => {
    const { entries } = parseGlossaryText('breaks.csv', 'source,target\nchat,cat\n');
    const tsv = writeProjectTsv([{ ...entries[0]!, note: 'first line\nsecond\tline' }]);
    const back = parseGlossaryText('export.tsv', tsv);
    expect(back.problems).toEqual([]);
    expect(back.entries.map((e) => [e.id, e.target, e.note])).toEqual([['chat', 'cat', 'first line second line']]);
  });

  it('reports extra columns: an error on a row longer than the header, a warning for header columns it ignores', () => {
    const headed = parseGlossaryText('extra.csv', 'source,target,tgt_lng,note\nchat,cat,en,félin\nchien,dog,en,canin,de trop\n');
    expect(headed.problems.map((problem) => formatDiagnostic(problem))).toEqual([
      'extra.csv:1: warning: column "note" ignored — only source, target and tgt_lng are read; remove the others',
      'extra.csv:3: 5 columns where the header names 4 — put a field that holds a comma in double quotes, or remove the extra columns',
    ]);
    const deepl = parseGlossaryText('deepl.csv', 'chat,cat,fr,en\nchien,dog,fr,en,de trop\n');
    expect(deepl.problems.map((problem) => formatDiagnostic(problem))).toEqual(['deepl.csv:2: 5 columns where the format has 4 — put a field that holds a comma in double quotes, or remove the extra columns']);
  });

  it('reports a quote never closed on the line it was opened', () => {
    const { problems } = parseGlossaryText('quote.csv', 'source,target\nchat,cat\n"chien,dog\nloup,wolf\n');
    expect(problems.map((problem) => formatDiagnostic(problem))).toEqual([
      'quote.csv:3: malformed CSV: a quote opened on this line is never closed — check quoting: a field with a comma or quote must be in double quotes',
    ]);
  });

  it('refuses a pinned English with tags instead of dropping them', async () => {
    const { problems } = parseGlossaryText('tags.csv', 'source,target\nrat,<b>rat</b>\n');
    expect(problems).toEqual([]); // the row itself is well-formed; the check is across formats
    const dir = await mkdtemp(path.join(tmpdir(), 'diptych-glossary-tags-'));
    await writeFile(path.join(dir, 'tags.csv'), 'source,target\nrat,<b>rat</b>\n');
    const read = await readGlossaryFiles(dir);
    expect(read.problems.map((problem) => formatDiagnostic(problem))).toEqual([`${path.join(dir, 'tags.csv')}:2: English "<b>rat</b>" contains markup (<b>) — write the English as plain text, without tags`]);
    await expect(loadGlossary(dir)).rejects.toThrow(/contains markup/);
  });

  it('exports one row per French form and re-imports the pairs', async () => {
    const glossary = await loadGlossary(path.join(root, 'glossary'));
    const csv = writeCsvGlossary(glossary.entries);
    expect(csv.split('\n')[0]).toBe('source,target,tgt_lng');
    const back = parseGlossaryText('export.csv', csv);
    expect(back.problems).toEqual([]);
    const pairs = new Set(back.entries.map((e) => `${e.id} → ${e.target}`));
    for (const entry of glossary.entries) {
      for (const source of entry.sources) expect(pairs).toContain(`${source} → ${entry.keep ? source : entry.target}`);
    }
  });
});

describe('DeepL-style and headed TSV', () => {
  it('reads source<TAB>target without a header', async () => {
    const glossary = await loadGlossary(path.join(fixtures, 'deepl.tsv'));
    expect(glossary.entries.map((e) => [e.id, e.target])).toEqual([
      ['Casques blancs', 'White Helmets'],
      ['Osa', 'Osa'],
    ]);
  });

  it('reads a TSV whose header names the columns (the WMT21 glossary)', () => {
    const { entries } = parseGlossaryText('wmt.tsv', 'fr_term\ten_term\tn_dev\tn_test\nARN\tRNA\t14\t26\n');
    expect(entries.map((e) => [e.id, e.target, e.line])).toEqual([['ARN', 'RNA', 2]]);
  });
});

describe('project TSV', () => {
  it('writes what it reads', async () => {
    const file = path.join(root, 'glossary', 'founding.tsv');
    const first = parseGlossaryText(file, await readFile(file, 'utf8'));
    const again = parseGlossaryText(file, writeProjectTsv(first.entries));
    expect(again.problems).toEqual([]);
    expect(again.entries.map((e) => ({ ...content(e) }))).toEqual(first.entries.map(content));
  });
});

describe('lint', () => {
  it('reports each defect as file:line: message', async () => {
    const file = path.join(fixtures, 'defects.tsv');
    const { problems } = await readGlossaryFiles(file);
    const lines = problems.map((problem) => formatDiagnostic(problem));
    const expectAt = (line: number, pattern: RegExp) =>
      expect(lines.filter((l) => l.startsWith(`${file}:${line}: `)), `line ${line}`).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
    expectAt(4, /expected 2 to 6 tab-separated columns/);
    expectAt(5, /duplicate: "Damas" is already an entry at .*defects\.tsv:3/);
    expectAt(7, /"idlib" → "Idleb" conflicts with "Idlib" → "Idlib"/);
    expectAt(8, /warning: stray whitespace in column french/);
    expectAt(9, /empty English form/);
    expectAt(10, /control character U\+0007/);
    expectAt(11, /warning: "Tahrir al-Cham" is shadowed by longer "Hayat Tahrir al-Cham"/);
    expectAt(13, /unknown type "rocket"/);
    expect(problems.filter((p) => p.severity === 'error').length).toBeGreaterThanOrEqual(6);
  });

  it('finds nothing to report in the project glossary', async () => {
    const { problems, entries } = await readGlossaryFiles(path.join(root, 'glossary'));
    expect(problems.map((problem) => formatDiagnostic(problem))).toEqual([]);
    expect(entries.length).toBeGreaterThan(40);
  });

  it('refuses a keep entry whose English differs from the French', () => {
    const { problems } = parseGlossaryText('k.tsv', 'french\tenglish\tenglish_forms\ttype\toptions\tnote\nOsa\tBear\t\tweapon\tkeep\t\n');
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/keep takes the English from the French/)]);
  });
});

describe('the project glossary', () => {
  it('pins every name of the founding article the issue lists, in wire-service English', async () => {
    const glossary = await loadGlossary(path.join(root, 'glossary'));
    const article = await readFile(path.join(root, 'corpus', 'idlib-casques-blancs-2018-09-08.fr.txt'), 'utf8');
    const expected: Array<[string, string]> = [
      ['Front al-Nosra', 'al-Nusra Front'],
      ['Tahrir al-Cham', 'Tahrir al-Sham'],
      ['Casques blancs', 'White Helmets'],
      ['Igor Konachenkov', 'Igor Konashenkov'],
      ['Alexandre Kinchtchak', 'Alexander Kinshchak'],
      ['Sergueï Roudskoï', 'Sergei Rudskoy'],
      ['S-125', 'S-125'],
      ['Osa', 'Osa'],
      ['Kvadrat', 'Kvadrat'],
      ['ministère russe de la Défense', 'Russian Defence Ministry'],
      ['état-major russe', 'Russian General Staff'],
      ['Sputnik', 'Sputnik'],
      ['Idlib', 'Idlib'],
      ['Damas', 'Damascus'],
      ['Moscou', 'Moscow'],
      ['Moyen-Orient', 'the Middle East'],
      ['direction générale des opérations', 'Main Operations Directorate'],
      ['Hayat Tahrir al-Cham', 'Hayat Tahrir al-Sham'],
      ['Konachenkov', 'Konashenkov'],
    ];
    for (const [french, english] of expected) {
      const matches = findTerms(glossary, french);
      expect(matches.map((m) => [m.text, m.entry.keep ? m.text : m.entry.target])).toEqual([[french, english]]);
    }
    // Every one of them that the article contains is inside some pinned match there.
    const matches = findTerms(glossary, article);
    for (const [french] of expected) {
      let at = article.indexOf(french);
      while (at >= 0) {
        const here = at;
        expect(matches.some((m) => m.start <= here && m.end >= here + french.length), `${french} at ${here}`).toBe(true);
        at = article.indexOf(french, at + 1);
      }
    }
  });
});

describe('a project TSV without its header', () => {
  it('is read as source<TAB>target with a warning saying how to fix it', () => {
    const { entries, problems } = parseGlossaryText('noheader.tsv', 'Damas\tDamascus\t\tplace\tbare\t\n');
    expect(entries.map((e) => [e.id, e.target, e.type])).toEqual([['Damas', 'Damascus', 'other']]);
    expect(problems).toMatchObject([{ severity: 'warning', line: 1, hint: expect.stringMatching(/header line/) }]);
  });
});
