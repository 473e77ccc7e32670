// The render stage: reading outputs (bilingual HTML page, Markdown, corpus
// index) from an Article. Only renders; CAT exchange files are src/exchange.
export { renderBilingualHtml, renderBilingualHtmlChunks, type HtmlOptions } from './html.js';
export { renderBilingualMarkdown, renderBilingualMarkdownChunks, type MarkdownLayout, type MarkdownOptions } from './markdown.js';
export { renderCorpusIndex, type CorpusIndexEntry } from './corpus-index.js';
