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

/**
 * A form inside a longer form of another entry is never matched there (the
 * longest match wins). That is intended when the longer entry's English
 * contains the shorter one's ("Tahrir al-Cham" inside "Hayat Tahrir al-Cham");
 * otherwise the same name comes out two ways, which is worth a look.
 *
 * Forms are found inside longer ones through an index of keys: each longer
 * form looks up its own runs of words, rather than every form being compared
 * with every other (20,000 entries took 23 s that way, on every translation).
 */
export const checkShadowedForms: EntryRule = (entries) => {
  const forms = entries.flatMap((entry) => entry.sources.map((form) => ({ entry, form, key: formKey(form) })));
  const byKey = new Map<string, number[]>();
  let longestWords = 0;
  forms.forEach(({ key }, index) => {
    const same = byKey.get(key);
    if (same) same.push(index);
    else byKey.set(key, [index]);
    longestWords = Math.max(longestWords, key.split(' ').length);
  });
  // For each shadowed form, the first longer form (in glossary order) that shadows it.
  const shadowedBy = new Map<number, number>();
  forms.forEach((outer, o) => {
    const words = outer.key.split(' ');
    for (let length = 1; length < words.length && length <= longestWords; length++) {
      for (let start = 0; start + length <= words.length; start++) {
        for (const i of byKey.get(words.slice(start, start + length).join(' ')) ?? []) {
          const inner = forms[i]!;
          if (inner.entry === outer.entry || (shadowedBy.get(i) ?? Infinity) < o) continue;
          if (!formKey(englishOf(outer.entry, outer.form)).includes(formKey(englishOf(inner.entry, inner.form)))) shadowedBy.set(i, o);
        }
      }
    }
  });
  const problems: GlossaryProblem[] = [];
  const reported = new Set<string>();
  forms.forEach((inner, i) => {
    const o = shadowedBy.get(i);
    if (o === undefined) return;
    const outer = forms[o]!;
    const message = `"${inner.form}" is shadowed by longer "${outer.form}" (${where(outer.entry)}), whose English "${englishOf(outer.entry, outer.form)}" does not contain "${englishOf(inner.entry, inner.form)}"`;
    const key = `${inner.entry.file}\0${inner.entry.line}\0${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push({ rule: 'glossary-shadowed', severity: 'warning', message, file: inner.entry.file, line: inner.entry.line, hint: 'make the two English forms agree, or confirm the difference in the note' });
  });
  return problems;
};

// An element tag, as a pinned form would carry it from a web page or a CAT tool.
const TAG = /<\/?[A-Za-z][^<>]*>/u;

/**
 * A pinned English form is plain text: it goes into the translation as words.
 * Tags in it were dropped on the way without a word; refused instead, by name.
 */
export const checkMarkupInEnglish: EntryRule = (entries) =>
  entries.flatMap((entry) =>
    [entry.target, ...entry.targetForms]
      .filter((form) => TAG.test(form))
      .map((form) => ({
        rule: 'glossary-markup',
        severity: 'error' as const,
        message: `English "${form}" contains markup (${TAG.exec(form)![0]})`,
        file: entry.file,
        line: entry.line,
        hint: 'write the English as plain text, without tags',
      })),
  );

export const ENTRY_RULES: EntryRule[] = [checkDuplicateForms, checkShadowedForms, checkMarkupInEnglish];

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
