import type { TFunction } from 'i18next';
import type { Article, Segment } from '../core/types.js';
import { summarizeArticle } from '../core/article-summary.js';

/** A note attached to a segment in an exchange file: who says it, how urgent (1 = most), what. */
export interface SegmentNote {
  from: string;
  category: string;
  priority?: number;
  text: string;
}

/** What an exchange file says about the article as a whole: where it came from, which translators and glossary made it. */
export function articleNotes(article: Article, t: TFunction): Array<{ category: string; text: string }> {
  const summary = summarizeArticle(article);
  return [
    { category: 'source', text: `${t('source')}: ${article.sourcePath}` },
    { category: 'translator', text: `${t('translatorLabel')}: ${summary.translators.join(', ') || '—'}` },
    { category: 'glossary-version', text: `${t('glossaryLabel')}: ${summary.glossaryVersions.join(', ') || '—'}` },
  ];
}

const priorityOf = { error: 1, warning: 3, info: 5 } as const;

/**
 * What a reviewer in a CAT tool should see beside a sentence: the pinned
 * glossary forms it must use, the findings raised on it and the words the
 * translator did not know.
 */
export function segmentNotes(segment: Segment, t: TFunction): SegmentNote[] {
  const notes: SegmentNote[] = [];
  const seen = new Set<string>();
  for (const term of segment.terms) {
    const text = t('glossaryTerm', { source: term.source, target: term.target });
    if (seen.has(text)) continue;
    seen.add(text);
    notes.push({ from: 'glossary', category: 'glossary', text });
  }
  for (const finding of segment.findings) {
    notes.push({
      from: finding.source,
      category: finding.rule,
      priority: priorityOf[finding.severity],
      text: `${finding.severity} ${finding.rule}: ${finding.message}`,
    });
  }
  if (segment.unknownWords.length > 0) {
    notes.push({ from: 'translate', category: 'unknown-words', text: `${t('unknownWords')}: ${segment.unknownWords.join(', ')}` });
  }
  return notes;
}
