// A published `<slug>.json` edited by hand, taken back into the record. The
// JSON was the record before diptych kept one in a database, and people (and
// their scripts) correct a sentence in it and re-run; that still works: the
// store of record takes such edits in when it is opened (database/take-in.ts).
// Only a segment the file changes at the record's own revision (or ahead of
// it) is taken: where the record has moved on (a review save published a
// moment later), the file is merely behind, and the record wins.

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
    const [mine, theirs] = [own?.revision ?? 0, segment.revision ?? 0];
    if (!own || theirs < mine || own.source !== segment.source || JSON.stringify(own) === JSON.stringify(segment)) continue;
    // At the record's revision: the next one. Ahead of it (a script that counts revisions too): its own.
    edited.set(segment.id, { ...segment, revision: theirs > mine ? theirs : mine + 1 });
  }
  if (edited.size === 0) return { article: record, expected: new Map() };
  return {
    article: { ...record, blocks: record.blocks.map((block) => ({ ...block, segments: block.segments.map((segment) => edited.get(segment.id) ?? segment) })) },
    expected: new Map([...edited.keys()].map((id) => [id, stored.get(id)!.revision ?? 0])),
  };
}
