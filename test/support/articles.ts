// Articles and segments for tests that write stores by hand: a one-paragraph
// article holding given segments, and a translated segment with nothing else on it.

import type { Article, Segment } from '../../src/core/types.js';

export function paragraphArticle(slug: string, segments: Segment[], extra: Partial<Article> = {}): Article {
  return {
    slug,
    sourcePath: `${slug}.txt`,
    format: 'txt',
    sourceLang: 'fr',
    targetLang: 'en',
    title: slug,
    blocks: [{ kind: 'paragraph', text: segments.map((s) => s.source).join(' '), marks: [], segments }],
    ...extra,
  };
}

/** A translated segment with no terms, marks, findings or provenance; `extra` sets what a test needs (id, provenance, terms…). */
export function translatedSegment(source: string, target: string, extra: Partial<Segment> = {}): Segment {
  return { id: 's1', source, target, sourceMarks: [], state: 'translated', terms: [], unknownWords: [], findings: [], ...extra };
}
