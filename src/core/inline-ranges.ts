import type { InlineMark, TermHit } from './types.js';

/**
 * A span of a segment's text to wrap in something (a mark, a glossary term).
 * Offsets are UTF-16 indices into the segment's plain text, like InlineMark.
 */
export interface InlineRange<Tag> {
  start: number;
  end: number;
  tag: Tag;
}

/** A tree of text and wrapped ranges, ready for any output format to turn into its own nodes. */
export type InlineNode<Tag> =
  | { type: 'text'; value: string }
  | { type: 'range'; tag: Tag; children: InlineNode<Tag>[] };

export type RangeTag = { kind: 'mark'; mark: InlineMark } | { kind: 'term'; term: TermHit };

/**
 * Nest possibly overlapping ranges into a tree. Marks come from two places
 * (the reader's markup and glossary hits), so they can cross; a range that
 * crosses its parent's end is split in two rather than dropped, so no text
 * ever loses its emphasis or term mark.
 */
export function nestRanges<Tag>(text: string, ranges: readonly InlineRange<Tag>[]): InlineNode<Tag>[] {
  const valid = ranges
    .map((range, order) => ({
      start: Math.max(0, Math.min(range.start, text.length)),
      end: Math.max(0, Math.min(range.end, text.length)),
      tag: range.tag,
      order,
    }))
    .filter((range) => range.end > range.start);
  return nest(text, 0, text.length, valid);
}

interface OrderedRange<Tag> extends InlineRange<Tag> {
  order: number;
}

// Outer ranges first: earlier start, then longer, then the order given.
function byPosition<Tag>(a: OrderedRange<Tag>, b: OrderedRange<Tag>): number {
  return a.start - b.start || b.end - a.end || a.order - b.order;
}

function nest<Tag>(text: string, from: number, to: number, ranges: OrderedRange<Tag>[]): InlineNode<Tag>[] {
  const out: InlineNode<Tag>[] = [];
  let cursor = from;
  let pending = [...ranges].sort(byPosition);
  while (pending.length > 0) {
    const range = pending.shift()!;
    if (range.start > cursor) out.push({ type: 'text', value: text.slice(cursor, range.start) });
    const inner: OrderedRange<Tag>[] = [];
    const rest: OrderedRange<Tag>[] = [];
    for (const other of pending) {
      if (other.start >= range.end) rest.push(other);
      else if (other.end <= range.end) inner.push(other);
      else {
        inner.push({ ...other, end: range.end });
        rest.push({ ...other, start: range.end });
      }
    }
    out.push({ type: 'range', tag: range.tag, children: nest(text, range.start, range.end, inner) });
    cursor = range.end;
    pending = rest.sort(byPosition);
  }
  if (cursor < to) out.push({ type: 'text', value: text.slice(cursor, to) });
  return out;
}

/** Every occurrence of `needle` in `text`, as non-overlapping [start, end) pairs. */
export function findOccurrences(text: string, needle: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  if (needle.length === 0) return found;
  let at = text.indexOf(needle);
  while (at !== -1) {
    found.push([at, at + needle.length]);
    at = text.indexOf(needle, at + needle.length);
  }
  return found;
}

/**
 * The ranges to draw on one side of a segment: its inline marks and, where the
 * glossary term's form occurs in that side's text, the term.
 */
export function segmentRanges(
  text: string,
  marks: readonly InlineMark[] | undefined,
  terms: readonly TermHit[],
  side: 'source' | 'target',
): InlineRange<RangeTag>[] {
  const ranges: InlineRange<RangeTag>[] = (marks ?? []).map((mark) => ({
    start: mark.start,
    end: mark.end,
    tag: { kind: 'mark', mark },
  }));
  const seen = new Set<string>();
  for (const term of terms) {
    const form = side === 'source' ? term.source : term.target;
    if (seen.has(form)) continue; // the same term found twice marks each place once
    seen.add(form);
    for (const [start, end] of findOccurrences(text, form)) ranges.push({ start, end, tag: { kind: 'term', term } });
  }
  return ranges;
}
