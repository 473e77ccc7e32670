// The render stage: reading outputs (HTML page, Markdown, corpus index) and
// CAT exchange files, all from a stored Article. Only reads articles.
export { renderBilingualHtml, type HtmlOptions } from './html.js';
export { renderBilingualMarkdown, type MarkdownLayout, type MarkdownOptions } from './markdown.js';
export { renderCorpusIndex, type CorpusIndexEntry } from './corpus-index.js';
export { parseStoredArticle } from './stored-article.js';
export { exportXliff12 } from './xliff12.js';
export { exportXliff20 } from './xliff20.js';
export { exportTmx } from './tmx.js';
export { readXliff, mergeXliff, type ExchangeDocument, type ImportReport } from './xliff-import.js';
