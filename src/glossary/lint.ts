// Checks across entries (the per-row checks live in each format's parser).
// Each rule is one function returning problems, collected in an ordered list.

import type { MorphologicalAnalyser } from '../core/morphology.js';
import { lemmaIndex, lemmaMatches } from './lemmas.js';
import { formKey } from './pattern.js';
import type { GlossaryProblem } from './problems.js';
import type { GlossaryEntry } from './types.js';

type EntryRule = (entries: GlossaryEntry[]) => GlossaryProblem[];

const where = (e: GlossaryEntry) => `${e.file}:${e.line}`;

function englishOf(entry: GlossaryEntry, french: string): string {
  return entry.keep || entry.target === '' ? french : entry.target;
}

/** The same French form twice: a duplicate when both give the same English, a conflict otherwise. */
export const checkDuplicateForms: EntryRule = (entries) => {
  const problems: GlossaryProblem[] = [];
  const seen = new Map<string, { entry: GlossaryEntry; form: string }>();
  for (const entry of entries) {
    const own = new Set<string>();
    for (const form of entry.sources) {
      const ownKey = formKey(form, entry.caseSensitive);
      const key = formKey(form);
      if (own.has(ownKey)) {
        problems.push({ rule: 'glossary-duplicate', severity: 'warning', message: `French form "${form}" listed twice in the same entry`, file: entry.file, line: entry.line, hint: 'remove one' });
        continue;
      }
      own.add(ownKey);
      const earlier = seen.get(key);
      // Two case-sensitive forms that differ in case are different terms.
      const distinctByCase = earlier && earlier.entry.caseSensitive && entry.caseSensitive && formKey(earlier.form, true) !== formKey(form, true);
      if (!earlier || distinctByCase) {
        seen.set(key, { entry, form });
        continue;
      }
      const a = englishOf(earlier.entry, earlier.form);
      const b = englishOf(entry, form);
      if (a === b) {
        problems.push({ rule: 'glossary-duplicate', severity: 'error', message: `duplicate: "${form}" is already an entry at ${where(earlier.entry)}`, file: entry.file, line: entry.line, hint: 'delete one of the two rows' });
      } else {
        problems.push({
          rule: 'glossary-conflict',
          severity: 'error',
          message: `"${form}" → "${b}" conflicts with "${earlier.form}" → "${a}" at ${where(earlier.entry)}`,
          file: entry.file,
          line: entry.line,
          hint: 'keep one English form; list the other in english_forms if it is acceptable too',
        });
      }
    }
  }
  return problems;
};

function containsWords(longer: string, shorter: string): boolean {
  return ` ${longer} `.includes(` ${shorter} `);
}

/**
 * A form inside a longer form of another entry is never matched there (the
 * longest match wins). That is intended when the longer entry's English
 * contains the shorter one's ("Tahrir al-Cham" inside "Hayat Tahrir al-Cham");
 * otherwise the same name comes out two ways, which is worth a look.
 */
export const checkShadowedForms: EntryRule = (entries) => {
  const problems: GlossaryProblem[] = [];
  const forms = entries.flatMap((entry) => entry.sources.map((form) => ({ entry, form, key: formKey(form) })));
  for (const inner of forms) {
    const outer = forms.find(
      (o) => o.entry !== inner.entry && o.key.length > inner.key.length && containsWords(o.key, inner.key) &&
        !formKey(englishOf(o.entry, o.form)).includes(formKey(englishOf(inner.entry, inner.form))),
    );
    if (!outer) continue;
    problems.push({
      rule: 'glossary-shadowed',
      severity: 'warning',
      message: `"${inner.form}" is shadowed by longer "${outer.form}" (${where(outer.entry)}), whose English "${englishOf(outer.entry, outer.form)}" does not contain "${englishOf(inner.entry, inner.form)}"`,
      file: inner.entry.file,
      line: inner.entry.line,
      hint: 'make the two English forms agree, or confirm the difference in the note',
    });
  }
  return problems.filter((p, i) => problems.findIndex((q) => q.line === p.line && q.file === p.file && q.message === p.message) === i);
};

export const ENTRY_RULES: EntryRule[] = [checkDuplicateForms, checkShadowedForms];

export function lintEntries(entries: GlossaryEntry[], rules: EntryRule[] = ENTRY_RULES): GlossaryProblem[] {
  return rules.flatMap((rule) => rule(entries));
}

/**
 * A French variant that another form of the same entry already finds by lemma
 * ("Taliban" beside "Talibans", "Casque blanc" beside "Casques blancs") is a
 * line to maintain for nothing: a warning, with the form that finds it. Needs
 * the analyser, so it runs apart from the rules above (`glossary lint`).
 */
export async function checkRedundantVariants(entries: GlossaryEntry[], analyser: MorphologicalAnalyser): Promise<GlossaryProblem[]> {
  const index = await lemmaIndex({ entries }, analyser);
  const withVariants = entries.filter((entry) => entry.sources.length > 1 && !entry.keep);
  if (!index || withVariants.length === 0) return [];
  const variants = withVariants.flatMap((entry) => entry.sources.slice(1).map((variant) => ({ entry, variant: variant.normalize('NFC').trim() })));
  const analysed = await analyser.analyse(variants.map((v) => v.variant));
  const problems: GlossaryProblem[] = [];
  variants.forEach(({ entry, variant }, i) => {
    const words = analysed[i];
    if (!words) return;
    const finder = lemmaMatches(index, variant, words).find(
      (found) => found.entry === entry && found.form !== variant && found.start === 0 && found.end === variant.length && entry.sources.indexOf(found.form) < entry.sources.indexOf(variant),
    );
    if (!finder) return;
    problems.push({
      rule: 'glossary-redundant-variant',
      severity: 'warning',
      message: `French variant "${variant}" is found by lemma from "${finder.form}"`,
      file: entry.file,
      line: entry.line,
      hint: `remove "${variant}" from the french column`,
    });
  });
  return problems;
}
