// French sentence segmentation: a unified processor whose parser is parse-latin
// with French rules (./retext-french.ts, ./rules).
export { splitSentences, type SentenceSpan } from './split-sentences.js';
export { splitParagraphs } from './split-paragraphs.js';
export { segmentArticle } from './segment-article.js';
