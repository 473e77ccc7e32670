// French sentence segmentation: parse-latin plus French rules (./rules).
export { splitSentences, type SentenceSpan } from './split-sentences.js';
export { splitParagraphs } from './split-paragraphs.js';
export { segmentArticle } from './segment-article.js';
