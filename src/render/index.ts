// The render stage: reading outputs (HTML page, Markdown, corpus index) and
// CAT exchange files, all from a stored Article. Only reads articles.
export { renderBilingualHtml, type HtmlOptions } from './html.js';
export { renderBilingualMarkdown, type MarkdownLayout, type MarkdownOptions } from './markdown.js';
export { renderCorpusIndex, type CorpusIndexEntry } from './corpus-index.js';
export { parseStoredArticle } from './stored-article.js';
