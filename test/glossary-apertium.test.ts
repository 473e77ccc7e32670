// Protection and restoration through the real offline translator: every
// pinned term of the founding article and the further corpus articles comes
// out in its English form, with no token left and no spacing damage.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findTerms, loadGlossary, protectTerms, verifyTerms, type Glossary } from '../src/glossary/index.js';
import { ApertiumTranslator } from '../src/translate/engines/apertium.js';
import { hasApertium } from './support/apertium.js';

const root = path.join(import.meta.dirname, '..');
const articles = [
  'idlib-casques-blancs-2018-09-08',
  ...['44290', '44355', '44510', '44530', '45644', '44485'].map((id) => `wikinews-${id}`),
].map((name) => path.join(root, 'corpus', `${name}.fr.txt`));

let glossary: Glossary;
beforeAll(async () => {
  glossary = await loadGlossary(path.join(root, 'glossary'));
});

async function translateLines(lines: string[]) {
  const translator = new ApertiumTranslator();
  const units = lines.map((line, i) => {
    const matches = findTerms(glossary, line);
    return { id: String(i), line, matches, protectedText: protectTerms(line, matches, (n) => translator.placeholder(n)) };
  });
  const out = await translator.translate(
    units.map((u) => ({ id: u.id, text: u.protectedText.text })),
    { sourceLang: 'fr', targetLang: 'en' },
  );
  return units.map((u, i) => {
    const english = u.protectedText.restore(out[i]!.text);
    return { ...u, english, hits: verifyTerms(english, u.matches) };
  });
}

describe.skipIf(!hasApertium)('glossary through Apertium (skipped: apertium with fr-es and spa-eng is not on PATH)', () => {
  it('pins every term of the founding article and the corpus articles', async () => {
    const lines = (await Promise.all(articles.map((file) => readFile(file, 'utf8')))).flatMap((text) => text.split('\n').filter((l) => l.trim()));
    const results = await translateLines(lines);
    const hits = results.flatMap((r) => r.hits);
    expect(hits.length).toBeGreaterThan(80);
    expect(hits.filter((h) => !h.satisfied)).toEqual([]);
    for (const r of results) {
      expect(r.english).not.toMatch(/zqx\d/i);
      // No doubled spaces or a space before a comma/period around a restored term.
      for (const hit of r.hits) {
        const at = r.english.indexOf(hit.target);
        if (at < 0) continue;
        const around = r.english.slice(Math.max(0, at - 2), at + hit.target.length + 2);
        expect(around).not.toMatch(/\s{2}|\s[,.]/);
      }
    }
    const founding = results.slice(0, 11).map((r) => r.english).join('\n');
    expect(founding).toContain('Osa');
    expect(founding).not.toMatch(/\bBear\b|In front of the-Nosra|white Helmets|Front to the/);
    expect(founding).toContain('Sergei Rudskoy');
    expect(founding).toContain('White Helmets');
  });

  it('restores names after elision with both apostrophes and at the start of a sentence', async () => {
    const [a, b] = await translateLines([
      "Les systèmes de l'Osa et d’Idlib.",
      "Front al-Nosra a dit qu'al-Nosra reste à Idlib.",
    ]);
    expect(a!.english).toMatch(/\bOsa\b.*\bIdlib\b/);
    expect(b!.english).toMatch(/^Al-Nusra Front .*\bal-Nusra\b.*Idlib/);
    expect([...a!.hits, ...b!.hits].every((h) => h.satisfied)).toBe(true);
  });
});
