// Translation units for translator tests: the founding article cut into
// sentences with Intl.Segmenter (the project's segmenter is another stage; a
// translator test only needs realistic sentences with their paragraphs).

import { readFileSync } from 'node:fs';
import type { GlossaryPair, TranslationUnit } from '../../src/translate/translator.js';

const ARTICLE = new URL('../../corpus/idlib-casques-blancs-2018-09-08.fr.txt', import.meta.url);

export function foundingArticleUnits(): TranslationUnit[] {
  const paragraphs = readFileSync(ARTICLE, 'utf8').split('\n').map((p) => p.trim()).filter(Boolean);
  const segmenter = new Intl.Segmenter('fr', { granularity: 'sentence' });
  return paragraphs.flatMap((paragraph, p) =>
    [...segmenter.segment(paragraph)]
      .map((s) => s.segment.trim())
      .filter(Boolean)
      // Unit texts are HTML fragments; the paragraph context stays plain text.
      .map((text, s) => ({ id: `p${p + 1}s${s + 1}`, text: text.replace(/&/g, '&amp;').replace(/</g, '&lt;'), context: paragraph })),
  );
}

export const FOUNDING_GLOSSARY: GlossaryPair[] = [
  { source: 'Front al-Nosra', target: 'al-Nusra Front' },
  { source: 'Tahrir al-Cham', target: 'Tahrir al-Sham' },
  { source: 'Casques blancs', target: 'White Helmets' },
  { source: 'ministère russe de la Défense', target: 'Russian Defence Ministry' },
  { source: 'Igor Konachenkov', target: 'Igor Konashenkov' },
];

/** `n` short synthetic units, for counting requests. */
export function syntheticUnits(n: number, prefix = 'u'): TranslationUnit[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, text: `Phrase numéro ${i + 1} de l’article.` }));
}

/**
 * No real waiting in tests: delays are recorded, not slept. The per-request
 * timeout is the product's own minute: a request to a fake on this machine
 * never needs it, but one that a loaded machine slows past a shorter limit
 * would be abandoned, retried and counted twice.
 */
export function instantPolicy(extra: Record<string, unknown> = {}) {
  const delays: number[] = [];
  return {
    delays,
    policy: { baseDelayMs: 1, maxDelayMs: 10, timeoutMs: 60_000, sleep: async (ms: number) => void delays.push(ms), ...extra },
  };
}
