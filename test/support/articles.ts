// A one-paragraph article holding the given segments, for tests that write stores by hand.

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
