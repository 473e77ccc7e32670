// The OmegaT project round trip, driven by the real OmegaT (Debian package
// `omegat`, installed by `npm run setup`) in its console modes: what OmegaT
// sees in an exported project, what its translated documents and project
// memory give back to `diptych import`.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, Segment } from '../src/core/types.js';
import { buildOmegatProject } from '../src/exchange/index.js';
import { mergeOmegat } from '../src/pipeline/index.js';
import { normaliseFrench, type ReturnedSegment } from '../src/exchange/omegat/import-project.js';
import { readPo, writePo } from '../src/exchange/omegat/po.js';
import { readMemoryTmx } from '../src/exchange/omegat/tmx.js';
import { loadGlossary } from '../src/glossary/index.js';
import { parseStoredArticle, serializeArticle } from '../src/store/index.js';
import { repoRoot, runCli, tempDir } from './support/cli.js';
import { readGlossaryWithOmegat, runOmegat } from './support/omegat.js';

let dir: string;
let out: string;
let home: string;
let stores: string[];

const founding = 'idlib-casques-blancs-2018-09-08.fr';
const load = (file: string): Article => parseStoredArticle(readFileSync(file, 'utf8'), file);
const segmentsOf = (article: Article): Segment[] => article.blocks.flatMap((block) => block.segments);
const exportProject = (name: string, files: string[]) => {
  const project = path.join(dir, name);
  const result = runCli(['export', ...files, '--format', 'omegat', '--out', project, '--glossary', path.join(repoRoot, 'glossary')]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return project;
};

beforeAll(async () => {
  dir = await tempDir('omegat');
  out = path.join(dir, 'out');
  home = path.join(dir, 'home');
  // corpus/ through the offline translator, as `npm run setup` does.
  const batch = runCli(['batch', path.join(repoRoot, 'corpus'), '--out', out, '--quiet']);
  expect(batch.status, batch.stderr).toBe(0);
  stores = readdirSync(out).filter((name) => name.endsWith('.json')).sort().map((name) => path.join(out, name));
  expect(stores.length).toBeGreaterThan(1);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('diptych export --format omegat, opened by OmegaT', () => {
  it('shows every store segment exactly once, with its French (console-createpseudotranslatetmx)', () => {
    const project = exportProject('pseudo', stores);
    const tmx = path.join(dir, 'pseudo.tmx');
    runOmegat(project, 'console-createpseudotranslatetmx', home, [`--pseudotranslatetmx=${tmx}`, '--pseudotranslatetype=equal']);
    const units = readMemoryTmx(readFileSync(tmx, 'utf8'), tmx, { source: 'fr', target: 'en' }).defaults;
    const segments = stores.flatMap((store) => segmentsOf(load(store)));
    const french = segments.map((segment) => normaliseFrench(segment.source));
    // OmegaT writes one unit per distinct French sentence it would ask to translate.
    expect(units.map((unit) => unit.source).sort()).toEqual([...new Set(french)].sort());
    for (const unit of units) expect(unit.target).toBe(unit.source);
    // …and counts every segment, repeats included, in its project statistics.
    const stats = readFileSync(path.join(project, 'omegat/project_stats.txt'), 'utf8');
    expect(Number(/^Total:\s+(\d+)/m.exec(stats)?.[1])).toBe(segments.length);
    // Each segment's id travels in its own PO entry.
    const ids = readdirSync(path.join(project, 'source')).flatMap((name) =>
      readPo(readFileSync(path.join(project, 'source', name), 'utf8'), name).map((entry) => entry.context),
    );
    expect(ids.sort()).toEqual(segments.map((segment) => segment.id).sort());
  });

  it('console-translate writes target/ documents whose import puts every machine English back in place', () => {
    const project = exportProject('translate', stores);
    const before = new Map(stores.map((store) => [store, readFileSync(store, 'utf8')]));
    runOmegat(project, 'console-translate', home);
    const segments = new Map(stores.flatMap((store) => segmentsOf(load(store))).map((segment) => [segment.id, segment]));
    let written = 0;
    for (const name of readdirSync(path.join(project, 'target'))) {
      for (const entry of readPo(readFileSync(path.join(project, 'target', name), 'utf8'), name)) {
        expect(entry.target, entry.context).toBe(segments.get(entry.context)!.target);
        written++;
      }
    }
    expect(written).toBe(segments.size);
    const result = runCli(['import', project, '--out', out, '--glossary', path.join(repoRoot, 'glossary')]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${segments.size}/${segments.size} segments sent came back with English, 0 refused`);
    // Nothing changed in OmegaT, so nothing changes in the stores.
    for (const [store, text] of before) expect(readFileSync(store, 'utf8')).toBe(text);
  });

  it('reads the pinned glossary through OmegaT’s own glossary reader: every French form with its English', async () => {
    const project = exportProject('glossary', stores.slice(0, 1));
    const read = readGlossaryWithOmegat(path.join(project, 'glossary/pinned.txt'), home);
    const glossary = await loadGlossary(path.join(repoRoot, 'glossary'));
    const expected = glossary.entries.flatMap((entry) => entry.sources.map((source) => [source, entry.keep || entry.target === '' ? source : entry.target]));
    expect(read).toEqual(expected);
    expect(read).toContainEqual(['Casques blancs', 'White Helmets']);
  });
});

describe('diptych import <omegat-project>', () => {
  it('brings back approved English as settled, project-memory changes as edits with who and when, and refuses changed French with file and line', () => {
    // One article with one approved sentence, in a folder of its own.
    const editDir = path.join(dir, 'edit');
    mkdirSync(editDir, { recursive: true });
    const store = path.join(editDir, `${founding}.json`);
    copyFileSync(path.join(out, `${founding}.json`), store);
    const article = load(store);
    const [approved, changed, confirmed, moved, untouched] = segmentsOf(article).filter((segment) => segment.terms.length > 0);
    approved!.target = 'A gathering of terrorist groups, the al-Nusra Front among them, with the White Helmets, was held in Idlib on 7 September.';
    approved!.state = 'reviewed';
    approved!.provenance = { ...approved!.provenance!, edited: true, editor: 'dana', at: '2026-11-20T09:00:00.000Z' };
    writeFileSync(store, serializeArticle(article));

    const project = exportProject('edit-project', [store]);
    // The approved English is the project's own memory; machine English is in tm/auto.
    const memory = readFileSync(path.join(project, 'omegat/project_save.tmx'), 'utf8');
    expect(memory).toContain(approved!.target);
    expect(readFileSync(path.join(project, 'tm/auto/diptych.tmx'), 'utf8')).not.toContain(approved!.target);
    runOmegat(project, 'console-translate', home);
    const targetFile = path.join(project, 'target', `${founding}.po`);
    const translated = new Map(readPo(readFileSync(targetFile, 'utf8'), targetFile).map((entry) => [entry.context, entry.target]));
    expect(translated.get(approved!.id)).toBe(approved!.target);

    // The translator's work as OmegaT saves it (TMX 1.1, its user id and time on each change).
    const tu = (source: string, target: string, who: string, when: string) =>
      `<tu><tuv lang="fr"><seg>${escapeXml(source)}</seg></tuv><tuv lang="en" changeid="${who}" changedate="${when}" creationid="${who}" creationdate="${when}"><seg>${escapeXml(target)}</seg></tuv></tu>`;
    const changedEnglish = 'The Defence Ministry in Moscow said the meeting’s participants were planning a staged chemical attack.';
    writeFileSync(
      path.join(project, 'omegat/project_save.tmx'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n<tmx version="1.1"><header creationtool="OmegaT" creationtoolversion="3.6.0_10" segtype="paragraph" o-tmf="OmegaT TMX" adminlang="EN-US" srclang="fr" datatype="plaintext"></header><body>\n` +
        tu(approved!.source, approved!.target!, 'dana', '20261120T090000Z') +
        tu(changed!.source, changedEnglish, 'alice', '20261130T100000Z') +
        tu(confirmed!.source, confirmed!.target!, 'bob', '20261130T110000Z') +
        '\n</body></tmx>\n',
    );
    // Someone changed a French sentence in the source document.
    const sourceFile = path.join(project, 'source', `${founding}.po`);
    const sourceEntries = readPo(readFileSync(sourceFile, 'utf8'), sourceFile);
    writeFileSync(sourceFile, writePo(sourceEntries.map((entry) => (entry.context === moved!.id ? { ...entry, source: `${entry.source} (modifié)` } : entry))));
    runOmegat(project, 'console-translate', home);
    const refusedLine = readPo(readFileSync(targetFile, 'utf8'), targetFile).find((entry) => entry.context === moved!.id)!.line;

    const result = runCli(['import', project, '--out', editDir, '--glossary', path.join(repoRoot, 'glossary')]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`refused ${moved!.id} (${targetFile}:${refusedLine}): French changed`);
    expect(result.stdout).toMatch(/: \d+ as sent, 1 confirmed, 1 edited, 0 without English, 1 refused/);

    const merged = new Map(segmentsOf(load(store)).map((segment) => [segment.id, segment]));
    const edit = merged.get(changed!.id)!;
    expect(edit.target).toBe(changedEnglish);
    expect(edit.state).toBe('reviewed');
    expect(edit.provenance).toMatchObject({ translator: 'apertium', edited: true, editor: 'alice', at: '2026-11-30T10:00:00.000Z' });
    // The review's history keeps the machine text and says the new one came from OmegaT.
    expect(edit.machineTarget).toBe(changed!.target);
    expect(edit.history?.map(({ origin, by, target }) => ({ origin, by, target }))).toEqual([
      { origin: 'machine', by: 'apertium', target: changed!.target },
      { origin: 'import', by: 'alice', target: changedEnglish },
    ]);
    // Re-checked: "Defence Ministry in Moscow" is not the pinned "Russian Defence Ministry" or a form it accepts.
    expect(edit.terms.some((term) => term.satisfied === false)).toBe(true);
    expect(edit.findings.map((finding) => finding.rule)).toContain('glossary-term-missing');
    // Confirmed unchanged: reviewed, still the machine's words.
    expect(merged.get(confirmed!.id)).toMatchObject({ target: confirmed!.target, state: 'reviewed', provenance: { edited: false } });
    // Approved and given back as sent; refused and untouched ones keep their English.
    expect(merged.get(approved!.id)).toMatchObject({ target: approved!.target, state: 'reviewed', provenance: { editor: 'dana' } });
    expect(merged.get(moved!.id)).toMatchObject({ target: moved!.target, state: 'translated' });
    expect(merged.get(untouched!.id)).toMatchObject({ target: untouched!.target, state: 'translated' });
    // Re-published: the page shows the translator's English.
    expect(readFileSync(path.join(editDir, `${founding}.html`), 'utf8')).toContain('planning a staged chemical attack');
  });

  it('names the file and what to do for a folder that is not a diptych OmegaT project', async () => {
    const empty = await tempDir('omegat-empty');
    writeFileSync(path.join(empty, 'omegat.project'), '<omegat><project version="1.0"><source_lang>fr</source_lang><target_lang>en</target_lang></project></omegat>');
    const result = runCli(['import', empty]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/diptych-export\.json: export record cannot be read — give the folder `diptych export --format omegat` wrote/);
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('export and import without OmegaT', () => {
  it('never overwrites a project folder, whose memory may hold a translator’s work', () => {
    const project = exportProject('twice', stores.slice(0, 1));
    const memory = path.join(project, 'omegat/project_save.tmx');
    writeFileSync(memory, 'the translator’s work');
    const again = runCli(['export', stores[0]!, '--format', 'omegat', '--out', project]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`${project}: already holds an OmegaT project — import it first`);
    expect(readFileSync(memory, 'utf8')).toBe('the translator’s work');
    expect(runCli(['export', stores[0]!, '--format', 'omegat']).stderr).toContain('--format omegat needs --out <dir>');
  });

  it('gives OmegaT one English per repeated French sentence (the approved one) and gives each segment its own back when nothing changed', () => {
    const first = load(stores[0]!);
    const second = structuredClone(first);
    second.slug = 'copy';
    const shared = segmentsOf(first)[1]!;
    const copy = segmentsOf(second).find((segment) => segment.id === shared.id)!;
    copy.target = 'An approved English for the same French.';
    copy.state = 'final';
    const project = buildOmegatProject(
      [
        { article: first, file: path.join(dir, 'a.json') },
        { article: second, file: path.join(dir, 'b.json') },
      ],
      { projectDir: dir },
    );
    expect(project.conflicts).toEqual([shared.source]);
    expect(project.files.get('omegat/project_save.tmx')).toContain(copy.target);
    expect(project.files.get('tm/auto/diptych.tmx')).not.toContain(`<seg>${shared.target}</seg>`);
    // OmegaT gives the approved English back for both places (unchanged): each store keeps its own.
    const manifest = JSON.parse(project.files.get('diptych-export.json')!) as { sent: Array<{ source: string; target: string; changer: string; settled: boolean }> };
    const sent = new Map(manifest.sent.map((entry) => [normaliseFrench(entry.source), entry]));
    const returned = (article: Article): ReturnedSegment[] =>
      segmentsOf(article).map((segment) => ({ id: segment.id, source: segment.source, target: sent.get(normaliseFrench(segment.source))!.target, file: 'x.po' }));
    const a = mergeOmegat(first, returned(first), sent);
    expect(a.report.unchanged.length).toBe(segmentsOf(first).length);
    expect(segmentsOf(a.article).find((segment) => segment.id === shared.id)!.target).toBe(shared.target);
    const b = mergeOmegat(second, returned(second), sent);
    expect(b.report.edited).toEqual([]);
    expect(segmentsOf(b.article).find((segment) => segment.id === shared.id)!.target).toBe(copy.target);
  });
});

describe('an English edited in OmegaT, whose PO carries no inline markup', () => {
  it('keeps the links and emphasis of the English on the words they were on', () => {
    const article = load(stores[0]!);
    const segment = segmentsOf(article).find((candidate) => (candidate.target ?? '').split(' ').length >= 6)!;
    const target = segment.target!;
    const second = target.split(' ')[1]!;
    const start = target.indexOf(second);
    segment.targetMarks = [{ kind: 'link', start, end: start + second.length, href: 'https://example.org/' }];
    const project = buildOmegatProject([{ article, file: path.join(dir, 'marks.json') }], { projectDir: dir });
    const manifest = JSON.parse(project.files.get('diptych-export.json')!) as { sent: Array<{ source: string; target: string; changer: string; settled: boolean }> };
    const sent = new Map(manifest.sent.map((entry) => [normaliseFrench(entry.source), entry]));
    // The translator rewrote the sentence's last word (far from the link) and added one at its start.
    const words = target.split(' ');
    const edited = ['Indeed,', ...words.slice(0, -1), 'elsewhere.'].join(' ');
    const merged = mergeOmegat(article, [{ id: segment.id, source: segment.source, target: edited, file: 'x.po' }], sent);
    const after = segmentsOf(merged.article).find((candidate) => candidate.id === segment.id)!;
    expect(after.target).toBe(edited);
    expect(after.targetMarks!.map((mark) => [mark.kind, edited.slice(mark.start, mark.end), mark.href])).toEqual([['link', second, 'https://example.org/']]);
  });
});

describe('PO as the project writes and reads it', () => {
  it('keeps quotes, backslashes and tabs, and reads OmegaT’s continuation lines', () => {
    const entries = [{ context: 'sa-0-0', source: 'Il a dit « non » \\ "vraiment"\tici.', target: '' }];
    expect(readPo(writePo(entries), 'x.po')).toEqual([{ ...entries[0], line: 1 }]);
    const omegat = 'msgid ""\nmsgstr "Language: en\\n"\n\n#. note\nmsgctxt "sb-0-1"\nmsgid "Deux "\n"lignes."\nmsgstr ""\n"Two lines."\n';
    expect(readPo(omegat, 'y.po')).toEqual([{ context: 'sb-0-1', source: 'Deux lignes.', target: 'Two lines.', line: 5 }]);
  });
});

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
