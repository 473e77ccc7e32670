// Review fixes an alignment (`diptych align` output): a reviewer moves a
// sentence to the link before or after, merges a link with the next, or
// splits one. Links hold sentence indices into the article's `alignment`, so
// each change is a change of indices; the French and English of the links
// touched are rebuilt from the sentences, and each touched segment records
// the change in its history like any edit.

import { allSegments } from '../core/segments.js';
import { carryMarks } from '../core/text-edits.js';
import type { AlignedDocuments, Article, InlineMark, Segment } from '../core/types.js';
import { ReviewRequestError } from './request-error.js';

export const RELINK_OPERATIONS = ['french-to-previous', 'french-to-next', 'english-to-previous', 'english-to-next', 'merge-with-next', 'split'] as const;
export type RelinkOperation = (typeof RELINK_OPERATIONS)[number];

export interface RelinkRequest {
  revision: number;
  operation: RelinkOperation;
  /** For "split": how many of the link's French and English sentences the first part keeps. */
  french?: number;
  english?: number;
}

/** The article after the change (a new object) and the segment asked about, as it is now. */
export function relink(article: Article, id: string, request: RelinkRequest, user: string, at: string): { article: Article; segment: Segment } {
  const alignment = article.alignment;
  if (!alignment) throw new ReviewRequestError(400, 'not-aligned', `article "${article.slug}" is not an alignment: only \`diptych align\` output has links to change`);
  const order = article.blocks.flatMap((block, b) => block.segments.map((segment, k) => ({ segment, block: b, index: k })));
  const at_ = order.findIndex((entry) => entry.segment.id === id);
  const here = order[at_]!;
  const link = here.segment.link;
  if (!link) throw new ReviewRequestError(400, 'not-aligned', `segment "${id}" has no link`);
  const neighbour = (step: -1 | 1) => {
    const entry = order[at_ + step];
    if (!entry?.segment.link) throw new ReviewRequestError(400, 'no-neighbour', `segment "${id}" has no link ${step < 0 ? 'before' : 'after'} it`);
    return entry;
  };
  // New links by segment id; a link left with no sentence goes.
  const changed = new Map<string, { fr: number[]; en: number[] }>();
  const added: Array<{ after: string; id: string; fr: number[]; en: number[] }> = [];
  const take = (side: 'fr' | 'en', from: 'first' | 'last', step: -1 | 1) => {
    if (link[side].length === 0) throw new ReviewRequestError(400, 'empty-side', `segment "${id}" has no ${side === 'fr' ? 'French' : 'English'} sentence to move`);
    const other = neighbour(step).segment;
    const moved = from === 'first' ? link[side][0]! : link[side][link[side].length - 1]!;
    changed.set(id, { ...pick(link), [side]: link[side].filter((i) => i !== moved) });
    changed.set(other.id, { ...pick(other.link!), [side]: [...other.link![side], moved].sort((a, b) => a - b) });
  };
  switch (request.operation) {
    case 'french-to-previous':
      take('fr', 'first', -1);
      break;
    case 'french-to-next':
      take('fr', 'last', 1);
      break;
    case 'english-to-previous':
      take('en', 'first', -1);
      break;
    case 'english-to-next':
      take('en', 'last', 1);
      break;
    case 'merge-with-next': {
      const next = neighbour(1).segment;
      changed.set(id, { fr: [...link.fr, ...next.link!.fr], en: [...link.en, ...next.link!.en] });
      changed.set(next.id, { fr: [], en: [] });
      break;
    }
    case 'split': {
      const f = request.french ?? 0;
      const e = request.english ?? 0;
      if (!(Number.isInteger(f) && Number.isInteger(e) && f >= 0 && e >= 0 && f <= link.fr.length && e <= link.en.length) || f + e === 0 || f + e === link.fr.length + link.en.length) {
        throw new ReviewRequestError(400, 'bad-split', `split "${id}" by giving how many French (0–${link.fr.length}) and English (0–${link.en.length}) sentences the first part keeps, leaving some for the second`);
      }
      changed.set(id, { fr: link.fr.slice(0, f), en: link.en.slice(0, e) });
      const ids = new Set(order.map((entry) => entry.segment.id));
      let newId = `${id}-${link.fr[f] !== undefined ? `f${link.fr[f]}` : `e${link.en[e]}`}`;
      while (ids.has(newId)) newId += 'x';
      added.push({ after: id, id: newId, fr: link.fr.slice(f), en: link.en.slice(e) });
      break;
    }
  }
  const marks = sentenceMarks(order.map((entry) => entry.segment), alignment);
  const rebuilt = (segment: Segment, next: { fr: number[]; en: number[] }, newId?: string): Segment =>
    rebuiltSegment(segment, next, newId, { alignment, marks, user, at, operation: request.operation });
  const blocks = article.blocks.map((block) => {
    if (!block.segments.some((segment) => changed.has(segment.id))) return block;
    const segments: Segment[] = [];
    for (const segment of block.segments) {
      const next = changed.get(segment.id);
      if (!next) {
        segments.push(segment);
        continue;
      }
      if (next.fr.length + next.en.length > 0) segments.push(rebuilt(segment, next));
      for (const extra of added.filter((item) => item.after === segment.id)) segments.push(rebuilt(segment, extra, extra.id));
    }
    return { ...block, segments };
  });
  const result = { ...article, blocks };
  const segment = allSegments(result).find((candidate) => candidate.id === id) ?? order[at_ - 1]?.segment ?? order[at_ + 1]!.segment;
  return { article: result, segment };
}

interface Change {
  alignment: NonNullable<Article['alignment']>;
  marks: ReturnType<typeof sentenceMarks>;
  user: string;
  at: string;
  operation: RelinkRequest['operation'];
}

/** A segment with the sentences of its new link, reviewed by the person who changed it (a new one when newId is given). */
function rebuiltSegment(segment: Segment, next: { fr: number[]; en: number[] }, newId: string | undefined, change: Change): Segment {
  const { alignment, marks, user, at } = change;
  const { text: source, marks: sourceMarks } = joinSentences(next.fr, alignment.french, marks.fr);
  const { text: target, marks: targetMarks } = joinSentences(next.en, alignment.english, marks.en);
  const revision = newId ? 1 : (segment.revision ?? 0) + 1;
  const history = newId ? [] : [...(segment.history ?? [])];
  if (history.length === 0 && !newId && segment.target !== undefined) {
    history.push({ target: segment.target, origin: 'import', by: segment.provenance?.model ?? 'human', at: segment.provenance?.at ?? at, state: segment.state, revision: segment.revision ?? 0 });
  }
  history.push({ target, origin: 'person', by: `${user} (${describe(change.operation)})`, at, state: 'reviewed', revision });
  return {
    ...segment,
    id: newId ?? segment.id,
    source,
    // Each sentence brings its links and emphasis along to the link it moves to.
    sourceMarks,
    target,
    targetMarks,
    state: 'reviewed',
    revision,
    history,
    // A person decided this link: the aligner's doubts no longer apply.
    findings: segment.findings.filter((finding) => finding.source !== 'align'),
    link: { fr: next.fr, en: next.en, confidence: 1 },
    provenance: { translator: 'human', ...(alignment.englishDocument ? { model: alignment.englishDocument } : {}), glossaryVersion: segment.provenance?.glossaryVersion ?? 'none', edited: true, editor: user, at },
  };
}

/**
 * The inline marks of each sentence, by sentence index, cut from the segments
 * that hold them now. A segment's text is its sentences joined by a space; an
 * English a reviewer edited is first mapped back onto its sentences word by
 * word (as review edits carry marks), so its marks land on the words they were on.
 */
function sentenceMarks(segments: readonly Segment[], alignment: AlignedDocuments): { fr: Map<number, InlineMark[]>; en: Map<number, InlineMark[]> } {
  const fr = new Map<number, InlineMark[]>();
  const en = new Map<number, InlineMark[]>();
  for (const segment of segments) {
    if (!segment.link) continue;
    cutMarks(segment.link.fr, alignment.french, segment.source, segment.sourceMarks, fr);
    if (segment.target !== undefined) cutMarks(segment.link.en, alignment.english, segment.target, segment.targetMarks ?? [], en);
  }
  return { fr, en };
}

function cutMarks(indices: readonly number[], sentences: readonly string[], text: string, marks: readonly InlineMark[], into: Map<number, InlineMark[]>): void {
  if (indices.length === 0 || marks.length === 0) return;
  const joined = indices.map((i) => sentences[i]!).join(' ');
  const onJoined = text === joined ? [...marks] : carryMarks(marks, text, joined);
  let offset = 0;
  for (const i of indices) {
    const start = offset;
    const end = offset + sentences[i]!.length;
    const own = onJoined
      .filter((mark) => mark.start < end && mark.end > start)
      .map((mark) => ({ ...mark, start: Math.max(mark.start, start) - start, end: Math.min(mark.end, end) - start }));
    if (own.length > 0) into.set(i, own);
    offset = end + 1;
  }
}

/** Sentences joined by a space, each one's marks moved to its place. */
function joinSentences(indices: readonly number[], sentences: readonly string[], marks: ReadonlyMap<number, InlineMark[]>): { text: string; marks: InlineMark[] } {
  let text = '';
  const out: InlineMark[] = [];
  for (const i of indices) {
    if (text !== '') text += ' ';
    const offset = text.length;
    text += sentences[i]!;
    for (const mark of marks.get(i) ?? []) out.push({ ...mark, start: mark.start + offset, end: mark.end + offset });
  }
  return { text, marks: out };
}

function pick(link: { fr: number[]; en: number[] }): { fr: number[]; en: number[] } {
  return { fr: [...link.fr], en: [...link.en] };
}

function describe(operation: RelinkOperation): string {
  return operation.replace(/-/g, ' ');
}
