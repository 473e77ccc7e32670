// Exchange files: validated by xmllint against the official schemas in
// test/fixtures/schemas (where each comes from: SOURCES.md there), loaded and edited by translate-toolkit (Debian's
// python3-translate), and imported back into the store.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import type { Article, Segment } from '../src/core/types.js';
import { exportTmx, exportXliff12, exportXliff20, readXliff } from '../src/exchange/index.js';
import { mergeXliff } from '../src/pipeline/index.js';
import { exportCommand } from '../src/cli/commands/export.js';
import { importCommand } from '../src/cli/commands/import.js';
import { loadGlossary } from '../src/glossary/index.js';
import { recheckArticle } from '../src/pipeline/index.js';
import { serializeArticle } from '../src/store/index.js';
import { foundingArticle, hostileArticle, markOf } from './fixtures/render/articles.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const schemas = path.join(repoRoot, 'test', 'fixtures', 'schemas');
const python = '/usr/bin/python3';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'diptych-exchange-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const segmentsOf = (article: Article): Segment[] => article.blocks.flatMap((block) => block.segments);

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** xmllint's verdict: exit status and messages. Offline (--nonet), schemas resolved through the fixtures' catalog. */
function xmllint(args: string[]): { ok: boolean; output: string } {
  const result = spawnSync('xmllint', ['--noout', '--nonet', ...args], {
    encoding: 'utf8',
    env: { ...process.env, XML_CATALOG_FILES: path.join(schemas, 'catalog.xml') },
  });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

const validators = {
  xliff12: (file: string) => xmllint(['--schema', path.join(schemas, 'xliff-core-1.2-strict.xsd'), file]),
  xliff20: (file: string) => xmllint(['--schema', path.join(schemas, 'xliff_core_2.0.xsd'), file]),
  tmx: (file: string) => xmllint(['--dtdvalid', path.join(schemas, 'tmx14.dtd'), file]),
};

/** Run a short Python program with translate-toolkit; it prints JSON. */
function toolkit(program: string, ...args: string[]): unknown {
  const output = execFileSync(python, ['-c', program, ...args], { encoding: 'utf8' });
  return JSON.parse(output);
}

const loadUnits = `
import json, sys
from translate.storage import factory
store = factory.getobject(sys.argv[1])
units = [u for u in store.units if not u.isheader()]
print(json.dumps([{"id": u.getid().split("\x04")[-1], "source": str(u.source), "target": str(u.target or "")} for u in units]))
`;

describe('the validators themselves', () => {
  it('reject the deliberately broken samples, so a pass means something', () => {
    expect(validators.xliff12(path.join(schemas, 'samples/good-1.2.xlf')).ok).toBe(true);
    expect(validators.xliff12(path.join(schemas, 'samples/bad-1.2.xlf')).ok).toBe(false);
    expect(validators.xliff20(path.join(schemas, 'samples/good-2.0.xlf')).ok).toBe(true);
    expect(validators.xliff20(path.join(schemas, 'samples/bad-2.0.xlf')).ok).toBe(false);
    expect(validators.tmx(path.join(schemas, 'samples/good.tmx')).ok).toBe(true);
    expect(validators.tmx(path.join(schemas, 'samples/bad.tmx')).ok).toBe(false);
  });
});

describe.each([
  ['founding', foundingArticle],
  ['hostile', hostileArticle],
])('exports of the %s article', (name, make) => {
  const article = make();
  // One sentence without English: exports must still be valid, TMX must skip it.
  delete segmentsOf(article).at(-1)!.target;
  const segments = segmentsOf(article);
  const translated = segments.filter((segment) => segment.target);

  it('XLIFF 1.2 validates against the OASIS strict schema', () => {
    const result = validators.xliff12(write(`${name}.xlf`, exportXliff12(article)));
    expect(result.output).not.toMatch(/error/i);
    expect(result.ok).toBe(true);
  });

  it('XLIFF 2.0 validates against the OASIS core schema', () => {
    const result = validators.xliff20(write(`${name}.xliff2.xlf`, exportXliff20(article)));
    expect(result.output).not.toMatch(/error/i);
    expect(result.ok).toBe(true);
  });

  it('TMX 1.4b validates against the LISA DTD', () => {
    const result = validators.tmx(write(`${name}.tmx`, exportTmx(article)));
    expect(result.output).not.toMatch(/error/i);
    expect(result.ok).toBe(true);
  });

  it('translate-toolkit loads XLIFF 1.2 with a unit per sentence and the same text', () => {
    const units = toolkit(loadUnits, write(`${name}.tk.xlf`, exportXliff12(article))) as Array<{ id: string; source: string; target: string }>;
    expect(units).toHaveLength(segments.length);
    expect(units.map((unit) => unit.source)).toEqual(segments.map((segment) => segment.source));
    expect(units.map((unit) => unit.target)).toEqual(segments.map((segment) => segment.target ?? ''));
  });

  it('translate-toolkit loads TMX with a unit per translated sentence', () => {
    const units = toolkit(loadUnits, write(`${name}.tk.tmx`, exportTmx(article))) as Array<{ source: string; target: string }>;
    expect(units.map((unit) => [unit.source, unit.target])).toEqual(translated.map((segment) => [segment.source, segment.target]));
  });
});

describe('XLIFF content', () => {
  const article = foundingArticle();

  it('groups sentences by paragraph and carries states and glossary notes (1.2)', () => {
    const xml = exportXliff12(article);
    const groups = xml.match(/<group /g) ?? [];
    expect(groups).toHaveLength(article.blocks.length);
    const flagged = segmentsOf(article).find((segment) => segment.findings.length > 0)!;
    const unit = xml.slice(xml.indexOf(`<trans-unit id="${flagged.id}"`), xml.indexOf('</trans-unit>', xml.indexOf(`<trans-unit id="${flagged.id}"`)));
    expect(unit).toContain('state="translated"');
    expect(unit).toContain('Glossary: état-major russe → Russian General Staff');
    expect(unit).toContain('glossary-term-missing');
    const reviewed = segmentsOf(article)[0]!;
    const reviewedUnit = xml.slice(xml.indexOf(`<trans-unit id="${reviewed.id}"`));
    expect(reviewedUnit).toMatch(/^<trans-unit[^>]*approved="yes"[\s\S]*?state="signed-off"/);
  });

  it('reads back what it wrote: every sentence, state and inline mark (1.2 and 2.0)', () => {
    for (const xml of [exportXliff12(article), exportXliff20(article)]) {
      const document = readXliff(xml, 'x.xlf');
      expect(document.original).toBe(`${article.slug}.json`);
      expect(document.segments.map((segment) => [segment.id, segment.source.text, segment.target?.text, segment.state])).toEqual(
        segmentsOf(article).map((segment) => [segment.id, segment.source, segment.target, segment.state]),
      );
      const { report } = mergeXliff(article, document);
      expect(report).toMatchObject({ targetsUpdated: [], statesChanged: [], refused: [], unchanged: segmentsOf(article).length });
    }
  });

  it('keeps ids that are not XML name tokens through XLIFF 2.0', () => {
    const odd = foundingArticle();
    const segment = segmentsOf(odd)[2]!;
    segment.id = 'b3/s1 é:x.y';
    const document = readXliff(exportXliff20(odd), 'x.xlf');
    expect(document.segments.map((s) => s.id)).toContain('b3/s1 é:x.y');
    expect(validators.xliff20(write('odd.xliff2.xlf', exportXliff20(odd))).ok).toBe(true);
  });
});

describe('import of a file edited in translate-toolkit', () => {
  // What a reviewer does in a CAT tool: rewrite one target, mark it final, sign off another.
  const editXliff12 = `
import sys
from translate.storage import factory
store = factory.getobject(sys.argv[1])
units = {u.xmlelement.get("id"): u for u in store.units if not u.isheader()}
edited = units[sys.argv[2]]
edited.target = sys.argv[3]
ns = "urn:oasis:names:tc:xliff:document:1.2"
edited.xmlelement.find("{%s}target" % ns).set("state", "final")
signed = units[sys.argv[4]]
signed.xmlelement.find("{%s}target" % ns).set("state", "signed-off")
signed.markapproved(True)
store.save()
print("{}")
`;

  it('merges the new target and both states, and records the edit; a re-check verifies its pinned terms', async () => {
    const article = foundingArticle();
    const [first, second] = [segmentsOf(article)[4]!, segmentsOf(article)[10]!];
    second.state = 'translated';
    const file = write('review.xlf', exportXliff12(article));
    const newTarget = 'According to the Russian agency Sputnik, terrorist leaders met in Idlib on Friday.';
    toolkit(editXliff12, file, first.id, newTarget, second.id);
    const { article: merged, report } = mergeXliff(article, readXliff(readFileSync(file, 'utf8'), file), { now: new Date('2024-05-01T10:00:00Z') });
    expect(report.targetsUpdated).toEqual([first.id]);
    expect(report.statesChanged).toEqual([second.id]);
    expect(report.refused).toEqual([]);
    await recheckArticle(merged, await loadGlossary(path.join(repoRoot, 'glossary')));
    const [m1, m2] = [segmentsOf(merged)[4]!, segmentsOf(merged)[10]!];
    expect(m1.terms.length).toBeGreaterThan(0);
    expect(m1.target).toBe(newTarget);
    expect(m1.state).toBe('final');
    expect(m1.provenance).toMatchObject({ edited: true, at: '2024-05-01T10:00:00.000Z', translator: 'hand' });
    expect(m1.terms.map((term) => [term.target, term.satisfied])).toEqual(m1.terms.map((term) => [term.target, newTarget.includes(term.target)]));
    expect(m2.state).toBe('reviewed');
    expect(m2.target).toBe(second.target);
    // The input article is left alone.
    expect(segmentsOf(article)[4]!.target).not.toBe(newTarget);
  });

  it('XLIFF 2.0 edited with lxml imports back too', () => {
    const article = foundingArticle();
    const target = segmentsOf(article)[7]!;
    const file = write('review.xliff2.xlf', exportXliff20(article));
    toolkit(
      `
import sys
from lxml import etree
tree = etree.parse(sys.argv[1])
ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
segment = tree.xpath("//x:segment[@id=$id]", namespaces=ns, id=sys.argv[2])[0]
segment.set("state", "final")
segment.find("x:target", ns).text = sys.argv[3]
tree.write(sys.argv[1], xml_declaration=True, encoding="UTF-8")
print("{}")
`,
      file,
      target.id,
      'Edited in a CAT tool.',
    );
    const { article: merged, report } = mergeXliff(article, readXliff(readFileSync(file, 'utf8'), file));
    expect(report.targetsUpdated).toEqual([target.id]);
    expect(segmentsOf(merged)[7]).toMatchObject({ target: 'Edited in a CAT tool.', state: 'final' });
  });

  it('refuses sentences whose source changed and ids the store does not know, merging the rest', () => {
    const article = foundingArticle();
    const file = write('changed.xlf', exportXliff12(article));
    const edited = segmentsOf(article)[4]!; // no inline marks, so its target is plain text in the file
    let xml = readFileSync(file, 'utf8');
    xml = xml.replace('Un rassemblement de différents groupes', 'Une réunion de différents groupes');
    xml = xml.replace(`<trans-unit id="${segmentsOf(article)[5]!.id}"`, '<trans-unit id="no-such-id"');
    xml = xml.replace(edited.target!, 'A new English sentence.');
    const { article: merged, report } = mergeXliff(article, readXliff(xml, file));
    expect(report.refused.map((refused) => refused.id)).toEqual([segmentsOf(article)[1]!.id, 'no-such-id']);
    expect(report.refused[0]!.reason).toMatch(/source changed/);
    expect(report.refused[0]!.line).toBeGreaterThan(1);
    expect(report.targetsUpdated).toEqual([edited.id]);
    expect(segmentsOf(merged)[1]!.target).toBe(segmentsOf(article)[1]!.target);
  });

  it("refuses a target longer than the review API accepts (20,000 characters), merging the rest", () => {
    const article = foundingArticle();
    const [long, edited] = [segmentsOf(article)[4]!, segmentsOf(article)[6]!];
    const huge = 'word '.repeat(4_001).trim(); // 20,004 characters
    const xml = exportXliff12(article).replace(long.target!, huge).replace(edited.target!, 'Reviewed English.');
    const { article: merged, report } = mergeXliff(article, readXliff(xml, 'huge.xlf'));
    expect(report.refused).toEqual([{ id: long.id, line: expect.any(Number), reason: 'target is 20,004 characters long, over the 20,000 a target may have' }]);
    expect(report.targetsUpdated).toEqual([edited.id]);
    expect(segmentsOf(merged)[4]!.target).toBe(long.target);
  });

  it('rebuilds inline marks from the tags, links keeping their address', () => {
    const article = foundingArticle();
    const ministry = segmentsOf(article)[2]!; // has a link mark on both sides
    const file = write('marks.xlf', exportXliff12(article));
    const xml = readFileSync(file, 'utf8').replace(
      /(<trans-unit id="[^"]*-2"[\s\S]*?<target[^>]*>)([\s\S]*?)(<\/target>)/,
      (_all, open: string, _body: string, close: string) => `${open}Moscow's <g id="1" ctype="link">defence ministry</g> said so.${close}`,
    );
    const { article: merged } = mergeXliff(article, readXliff(xml, file));
    const segment = segmentsOf(merged).find((s) => s.id === ministry.id)!;
    expect(segment.target).toBe("Moscow's defence ministry said so.");
    expect(segment.targetMarks).toEqual([{ ...markOf(segment.target!, 'defence ministry', { kind: 'link' }), href: 'https://mil.ru/' }]);
  });

  it('reports malformed XML with file and line', () => {
    const bad = '<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n';
    let caught: unknown;
    try {
      readXliff(bad, 'broken.xlf');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect(caught).toMatchObject({ file: 'broken.xlf', line: 4 });
    expect(() => readXliff('<tmx version="1.4"/>', 'a.tmx')).toThrow(/not an XLIFF document/);
  });
});

describe('CLI: diptych export / import', () => {
  async function run(command: ReturnType<typeof exportCommand>, args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    const out: string[] = [];
    const err: string[] = [];
    const writeOut = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    const previousExit = process.exitCode;
    process.exitCode = 0;
    process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      await command.exitOverride().parseAsync(args, { from: 'user' });
    } finally {
      process.stdout.write = writeOut;
      process.stderr.write = writeErr;
    }
    const exitCode = Number(process.exitCode ?? 0);
    process.exitCode = previousExit;
    return { stdout: out.join(''), stderr: err.join(''), exitCode };
  }

  it('exports each format beside the store or into --out, and reports a missing store without stopping', async () => {
    const article = foundingArticle();
    const storeDir = path.join(dir, 'cli-out');
    const store = path.join(storeDir, `${article.slug}.json`);
    write('placeholder', '');
    execFileSync('mkdir', ['-p', storeDir]);
    writeFileSync(store, serializeArticle(article));
    const xliff = await run(exportCommand(), [store, path.join(storeDir, 'missing.json')]);
    expect(xliff.exitCode).toBe(1);
    expect(xliff.stderr).toMatch(/missing\.json.*not found/);
    expect(validators.xliff12(path.join(storeDir, `${article.slug}.xlf`)).ok).toBe(true);
    const exchangeDir = path.join(dir, 'cli-exchange');
    for (const [format, extension] of [['xliff2', '.xliff2.xlf'], ['tmx', '.tmx']] as const) {
      const result = await run(exportCommand(), [store, '--format', format, '--out', exchangeDir]);
      expect(result.exitCode).toBe(0);
      expect(existsSync(path.join(exchangeDir, `${article.slug}${extension}`))).toBe(true);
    }
    await expect(run(exportCommand(), [store, '--format', 'docx'])).rejects.toThrow(/docx/);
  });

  it('imports a reviewed file into the store and rewrites its pages', async () => {
    const article = foundingArticle();
    const storeDir = path.join(dir, 'cli-import');
    execFileSync('mkdir', ['-p', storeDir]);
    const store = path.join(storeDir, `${article.slug}.json`);
    writeFileSync(store, serializeArticle(article));
    const segment = segmentsOf(article)[6]!;
    const xlf = write('cli-review.xlf', exportXliff12(article).replace(segment.target!, 'Reviewed English.'));
    const result = await run(importCommand(), [xlf, '--out', storeDir]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/1 targets updated/);
    const stored = JSON.parse(readFileSync(store, 'utf8'));
    expect(stored.article.blocks.flatMap((b: { segments: Segment[] }) => b.segments)[6].target).toBe('Reviewed English.');
    expect(readFileSync(path.join(storeDir, `${article.slug}.html`), 'utf8')).toContain('Reviewed English.');
    expect(readFileSync(path.join(storeDir, `${article.slug}.md`), 'utf8')).toContain('Reviewed English.');

    // The merged English is re-checked like any other: a pinned term the reviewer dropped is a finding.
    const termSegment = segmentsOf(article)[4]!;
    const dropped = write('cli-dropped.xlf', exportXliff12(article).replace(termSegment.target!, 'Terrorist leaders met on Friday.'));
    expect((await run(importCommand(), [dropped, '--out', storeDir])).exitCode).toBe(0);
    const rechecked = JSON.parse(readFileSync(store, 'utf8')).article.blocks.flatMap((b: { segments: Segment[] }) => b.segments)[4] as Segment;
    expect(rechecked.target).toBe('Terrorist leaders met on Friday.');
    expect(rechecked.terms.length).toBeGreaterThan(0);
    expect(rechecked.terms.every((term) => term.satisfied === false)).toBe(true);
    expect(rechecked.findings.map((finding) => finding.rule)).toContain('glossary-term-missing');

    // A file larger than any exported article is refused before it is read (parsing XML takes many times its size).
    const oversized = write('cli-oversized.xlf', '');
    truncateSync(oversized, 33 * 1024 * 1024);
    await expect(run(importCommand(), [oversized, '--out', storeDir])).rejects.toMatchObject({
      name: 'InputError',
      message: 'is 33.0 MB, larger than the 32.0 MB an exported article can be',
      file: oversized,
    });

    const changed = write('cli-changed.xlf', exportXliff12(article).replace('Un rassemblement de', 'Une réunion de'));
    const refused = await run(importCommand(), [changed, '--out', storeDir]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toMatch(/refused .*cli-changed\.xlf:\d+.*source changed/);
  });
});

describe('exchange entry', () => {
  it('exports exactly the public API', async () => {
    expect(Object.keys(await import('../src/exchange/index.js')).sort()).toEqual([
      'OMEGAT_PROJECT_FILE',
      'buildOmegatProject',
      'exportTmx',
      'exportXliff12',
      'exportXliff20',
      'omegatMerge',
      'readOmegatProject',
      'readXliff',
      'xliffMerge',
    ]);
  });
});
