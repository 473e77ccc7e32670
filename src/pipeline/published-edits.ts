// A published `<slug>.json` edited by hand, taken back into the record. The
// JSON was the record before diptych kept one in a database, and people (and
// their scripts) correct a sentence in it and re-run; that still works. Only a
// segment the file changes at the record's own revision is taken: where the
// record has moved on (a review save published a moment later), the file is
// merely behind, and the record wins.

import { allSegments } from '../core/segments.js';
import type { Article, Segment } from '../core/types.js';

export interface PublishedEdits {
  /** The record with the file's edits, each a new revision; the record itself when there are none. */
  article: Article;
  /** The revision each taken segment had in the record (the save's revision check). */
  expected: Map<string, number>;
}

export function publishedEdits(record: Article, published: Article): PublishedEdits {
  const edited = new Map<string, Segment>();
  const stored = new Map(allSegments(record).map((segment) => [segment.id, segment]));
  for (const segment of allSegments(published)) {
    const own = stored.get(segment.id);
    if (!own || (own.revision ?? 0) !== (segment.revision ?? 0) || own.source !== segment.source) continue;
    if (JSON.stringify(own) !== JSON.stringify(segment)) edited.set(segment.id, { ...segment, revision: (own.revision ?? 0) + 1 });
  }
  if (edited.size === 0) return { article: record, expected: new Map() };
  return {
    article: { ...record, blocks: record.blocks.map((block) => ({ ...block, segments: block.segments.map((segment) => edited.get(segment.id) ?? segment) })) },
    expected: new Map([...edited.keys()].map((id) => [id, stored.get(id)!.revision ?? 0])),
  };
}
