// The one place review re-checks and renders what a person saved, through
// the pipeline's and the render stage's own functions (recheckSegment, the
// store JSON and the bilingual pages), so a reviewed segment is judged and
// written exactly as a translated one. The record is saved through the store
// of record by review-store.ts; these files follow it (page-renderer.ts).

import type { Article } from '../core/types.js';
import { renderBilingualHtmlChunks, renderBilingualMarkdownChunks } from '../render/index.js';
import { serializeArticleChunks } from '../store/index.js';

export { prepareRecheck, recheckSegment } from '../pipeline/index.js';

/** Each published file's text. Strings, not chunks: they cross from the render worker to the thread that publishes them. */
export interface RenderedFiles {
  json: string;
  md: string;
  html: string;
}

export function renderPublished(article: Article, uiLang: 'en' | 'fr' = 'en'): RenderedFiles {
  const options = { uiLang };
  return {
    json: [...serializeArticleChunks(article)].join(''),
    md: [...renderBilingualMarkdownChunks(article, options)].join(''),
    html: [...renderBilingualHtmlChunks(article, options)].join(''),
  };
}
