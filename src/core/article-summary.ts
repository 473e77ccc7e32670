import type { TFunction } from 'i18next';
import { allSegments } from './segments.js';
import type { Article, Block, BlockKind, Segment } from './types.js';

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

/** What a list of articles (the corpus index) shows of one: kept per article in the run manifest. */
export interface ArticleListing {
  title: string;
  sourceLang: string;
  targetLang: string;
  targetTitle?: string;
  segments: number;
  translated: number;
  findings: number;
}

export function listingOf(article: Article): ArticleListing {
  const { segments, translated, findings, targetTitle } = summarizeArticle(article);
  return { title: article.title, sourceLang: article.sourceLang, targetLang: article.targetLang, ...(targetTitle ? { targetTitle } : {}), segments, translated, findings };
}

/** "Paragraph 3", "Heading 1": each kind numbered on its own, as a reader counts them; table cells by their place. */
export function blockLabels(article: Article, t: TFunction): string[] {
  const counts = new Map<BlockKind, number>();
  // One lookup per kind, not per block: i18next's t() is the cost of a long article's labels.
  const kinds = new Map<BlockKind, string>();
  const kindLabel = (kind: BlockKind): string => kinds.get(kind) ?? kinds.set(kind, t(`kind_${kind}`)).get(kind)!;
  return article.blocks.map((block) => {
    if (block.kind === 'table-cell' && block.cell) {
      return t('tableCellLabel', { table: block.cell.table, row: block.cell.row + 1, column: block.cell.column + 1 });
    }
    const n = (counts.get(block.kind) ?? 0) + 1;
    counts.set(block.kind, n);
    return t('blockLabel', { kind: kindLabel(block.kind), n });
  });
}

/**
 * The article's blocks in reading order, a table's cells gathered into one
 * item: renderers show a table as a table, the store keeps one block per cell.
 */
export type BlockGroup =
  | { kind: 'block'; block: Block; index: number }
  | { kind: 'table'; table: number; cells: Array<{ block: Block; index: number }> };

export function groupBlocks(article: Article): BlockGroup[] {
  const groups: BlockGroup[] = [];
  article.blocks.forEach((block, index) => {
    const last = groups[groups.length - 1];
    if (block.kind === 'table-cell' && block.cell) {
      if (last?.kind === 'table' && last.table === block.cell.table) last.cells.push({ block, index });
      else groups.push({ kind: 'table', table: block.cell.table, cells: [{ block, index }] });
    } else {
      groups.push({ kind: 'block', block, index });
    }
  });
  return groups;
}

/** A table's cells as rows of cells, by their row and column. */
export function tableRows<T extends { block: Block }>(cells: T[]): T[][] {
  const rows: T[][] = [];
  for (const cell of cells) {
    const row = cell.block.cell!.row;
    (rows[row] ??= []).push(cell);
  }
  return rows.filter((row) => row !== undefined).map((row) => row.sort((a, b) => a.block.cell!.column - b.block.cell!.column));
}
