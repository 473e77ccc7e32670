import type { TFunction } from 'i18next';
import type { Article, BlockKind, Segment } from './types.js';

/** What the reading outputs say about an article as a whole. */
export interface ArticleSummary {
  /** "engine (model)" of every translator that produced a target, in first-seen order. */
  translators: string[];
  glossaryVersions: string[];
  segments: number;
  translated: number;
  findings: number;
  /** The English title, from the title block's targets when there is one. */
  targetTitle?: string;
}

/** A segment has a translation to show or exchange: an empty target counts as none. */
export function hasTarget(segment: Segment): boolean {
  return segment.target !== undefined && segment.target !== '';
}

export function allSegments(article: Article): Segment[] {
  return article.blocks.flatMap((block) => block.segments);
}

export function summarizeArticle(article: Article): ArticleSummary {
  const translators = new Set<string>();
  const glossaryVersions = new Set<string>();
  // The article-level fields describe the last run; segments carried over from
  // an earlier run keep their own provenance, so both are listed.
  if (article.translator) translators.add(article.translator);
  if (article.glossaryVersion) glossaryVersions.add(article.glossaryVersion);
  const segments = allSegments(article);
  for (const segment of segments) {
    const provenance = segment.provenance;
    if (!provenance || segment.target === undefined) continue;
    if (!article.translator) {
      translators.add(provenance.model ? `${provenance.translator} (${provenance.model})` : provenance.translator);
    }
    if (!article.glossaryVersion && provenance.glossaryVersion) glossaryVersions.add(provenance.glossaryVersion);
  }
  const titleBlock = article.blocks.find((block) => block.kind === 'title');
  const targetTitle = titleBlock?.segments
    .map((segment) => segment.target ?? '')
    .join(' ')
    .trim();
  return {
    translators: [...translators],
    glossaryVersions: [...glossaryVersions],
    segments: segments.length,
    translated: segments.filter(hasTarget).length,
    findings: segments.reduce((sum, segment) => sum + segment.findings.length, 0),
    ...(targetTitle ? { targetTitle } : {}),
  };
}

/** "Paragraph 3", "Heading 1": each kind numbered on its own, as a reader counts them. */
export function blockLabels(article: Article, t: TFunction): string[] {
  const counts = new Map<BlockKind, number>();
  return article.blocks.map((block) => {
    const n = (counts.get(block.kind) ?? 0) + 1;
    counts.set(block.kind, n);
    return t('blockLabel', { kind: t(`kind_${block.kind}`), n });
  });
}
