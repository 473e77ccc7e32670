// Who did what, from the articles themselves: per person, the segments they
// edited (a text of theirs in the history), marked reviewed and approved (the
// segment's `stateBy`), their comments, and the post-editing effort of the
// texts that are theirs now. (The recent changes are the store of record's
// to read: store.activity.) Names are those the review recorded: the
// signed-in account's once there are accounts.

import type { Article, Segment } from '../core/types.js';
import { allSegments } from '../core/segments.js';
import { effortOf, type Effort } from './effort.js';

export interface PersonStats {
  name: string;
  edited: number;
  reviewed: number;
  approved: number;
  comments: number;
  /** Of the segments whose current text is theirs. */
  effort: Effort;
}

/** A person's own text in the history (not an engine's, not a text they chose not to keep). */
const editedBy = (version: NonNullable<Segment['history']>[number]) => (version.origin === 'person' && !version.by.endsWith(' (not kept)') ? version.by : undefined);

export function statsByPerson(articles: Iterable<Article>): PersonStats[] {
  const people = new Map<string, { edited: Set<Segment>; reviewed: number; approved: number; comments: number; mine: Segment[] }>();
  const person = (name: string) => {
    let entry = people.get(name);
    if (!entry) people.set(name, (entry = { edited: new Set(), reviewed: 0, approved: 0, comments: 0, mine: [] }));
    return entry;
  };
  for (const article of articles) {
    for (const segment of allSegments(article)) {
      for (const version of segment.history ?? []) {
        const name = editedBy(version);
        if (name !== undefined) person(name).edited.add(segment);
      }
      for (const comment of segment.comments ?? []) person(comment.author).comments++;
      if (segment.stateBy?.state === 'reviewed') person(segment.stateBy.by).reviewed++;
      if (segment.stateBy?.state === 'final') person(segment.stateBy.by).approved++;
      if (segment.provenance?.edited && segment.provenance.editor !== undefined) person(segment.provenance.editor).mine.push(segment);
    }
  }
  return [...people]
    .map(([name, entry]) => ({ name, edited: entry.edited.size, reviewed: entry.reviewed, approved: entry.approved, comments: entry.comments, effort: effortOf(entry.mine) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
