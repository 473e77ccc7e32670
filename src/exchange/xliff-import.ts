import type { Element } from 'xast';
import { InputError } from '../core/errors.js';
import { MAX_SEGMENT_TEXT } from '../core/limits.js';
import type { Article, InlineMark, Segment, SegmentState } from '../core/types.js';
import { readInline, tagIds, type ReadInline } from './exchange-inline.js';
import { stateFromXliff12 } from './xliff12.js';
import { stateFromXliff20 } from './xliff20.js';
import { parseXmlFile } from '../core/xml.js';
import { fromNmtoken } from './xml.js';

/** One sentence as a CAT tool handed it back. */
export interface ExchangeSegment {
  id: string;
  source: ReadInline;
  target?: ReadInline;
  state: SegmentState;
  line?: number;
}

export interface ExchangeDocument {
  version: '1.2' | '2.0';
  /** The store file name the document was exported from (its <file original>). */
  original?: string;
  sourceLang?: string;
  targetLang?: string;
  segments: ExchangeSegment[];
}

export interface ImportReport {
  version: '1.2' | '2.0';
  /** Segments whose target text changed (their state may have changed too). */
  targetsUpdated: string[];
  /** Segments whose state alone changed. */
  statesChanged: string[];
  unchanged: number;
  /** Units not merged, each with why; the store keeps its own text for them. */
  refused: Array<{ id: string; line?: number; reason: string }>;
}

const hint = 'give an XLIFF 1.2 or 2.0 file exported by `diptych export`';

/** Parse an XLIFF 1.2 or 2.0 document into its sentences; malformed XML is reported with its line. */
export function readXliff(xml: string, file: string): ExchangeDocument {
  const tree = parseXmlFile(xml, file, 'fix the file or export it again from the CAT tool');
  const root = tree.children.find((node): node is Element => node.type === 'element');
  if (!root || root.name !== 'xliff') throw new InputError('not an XLIFF document (no <xliff> root)', { file, hint });
  const versionAttribute = root.attributes.version ?? '';
  const version = versionAttribute.startsWith('1.') ? '1.2' : versionAttribute.startsWith('2.') ? '2.0' : undefined;
  if (!version) throw new InputError(`unsupported XLIFF version '${versionAttribute}'`, { file, hint });
  const fileElement = elements(root, 'file')[0];
  const segments = (
    version === '1.2'
      ? elements(root, 'trans-unit').map((unit) =>
          exchangeSegment(unit, (id) => id, (hasTarget, target) =>
            stateFromXliff12(target?.attributes.state ?? undefined, unit.attributes.approved === 'yes', hasTarget),
          ),
        )
      : elements(root, 'segment').map((segment) =>
          // 2.0 keeps the state on the <segment>, not on its target.
          exchangeSegment(segment, fromNmtoken, (hasTarget) => stateFromXliff20(segment.attributes.state ?? undefined, hasTarget)),
        )
  ).filter((segment): segment is ExchangeSegment => segment !== undefined);
  const original = fileElement?.attributes.original;
  const sourceLang = version === '1.2' ? fileElement?.attributes['source-language'] : root.attributes.srcLang;
  const targetLang = version === '1.2' ? fileElement?.attributes['target-language'] : root.attributes.trgLang;
  return {
    version,
    ...(original ? { original } : {}),
    ...(sourceLang ? { sourceLang } : {}),
    ...(targetLang ? { targetLang } : {}),
    segments,
  };
}

/**
 * A 1.2 <trans-unit> or a 2.0 <segment>: its source, its target when not blank,
 * and our state (`stateOf`, per version); undefined without a source or an id.
 */
function exchangeSegment(
  element: Element,
  idOf: (id: string) => string,
  stateOf: (hasTarget: boolean, target: Element | undefined) => SegmentState,
): ExchangeSegment | undefined {
  const source = child(element, 'source');
  const id = element.attributes.id;
  if (!source || typeof id !== 'string') return undefined;
  const target = child(element, 'target');
  const targetRead = target ? readInline(target) : undefined;
  const hasTarget = targetRead !== undefined && targetRead.text.trim() !== '';
  return {
    id: idOf(id),
    source: readInline(source),
    ...(hasTarget ? { target: targetRead } : {}),
    state: stateOf(hasTarget, target),
    ...lineOf(element),
  };
}

/**
 * How an XLIFF document's sentences merge back into an article: the format's
 * half of the pipeline's mergeReturned, which refuses an id the store does not
 * know, an id given twice and a changed source, and hands the rest to `apply`.
 * Terms and findings are left as they were: re-check the merged article.
 */
export function xliffMerge(article: Article, document: ExchangeDocument, options: { now?: Date } = {}) {
  const at = (options.now ?? new Date()).toISOString();
  const report: ImportReport = { version: document.version, targetsUpdated: [], statesChanged: [], unchanged: 0, refused: [] };
  return {
    report,
    units: document.segments,
    sourceOf: (incoming: ExchangeSegment) => incoming.source.text,
    sameSource: (stored: string, returned: string) => normalize(stored) === normalize(returned),
    sourceChanged: (stored: string, returned: string) => `source changed: store has “${stored}”, file has “${returned}”`,
    refuse: (incoming: ExchangeSegment, reason: string) => void report.refused.push({ id: incoming.id, ...(incoming.line !== undefined ? { line: incoming.line } : {}), reason }),
    apply: (segment: Segment, incoming: ExchangeSegment) => applyXliffSegment(segment, incoming, { article, document, report, at }),
  };
}

function applyXliffSegment(segment: Segment, incoming: ExchangeSegment, merge: { article: Article; document: ExchangeDocument; report: ImportReport; at: string }): void {
  const { article, document, report, at } = merge;
  if (!incoming.target) {
    // No target in the file: nothing to merge (an emptied target is not taken as a deletion).
    report.unchanged++;
    return;
  }
  if (incoming.target.text.length > MAX_SEGMENT_TEXT) {
    // The review API's limit: an English sentence is far shorter; checks on such text cost memory out of all proportion.
    report.refused.push({ id: incoming.id, ...(incoming.line !== undefined ? { line: incoming.line } : {}), reason: `target is ${incoming.target.text.length.toLocaleString('en')} characters long, over the ${MAX_SEGMENT_TEXT.toLocaleString('en')} a target may have` });
    return;
  }
  const targetMarks = marksFromTags(incoming.target, segment, document.version);
  const textChanged = incoming.target.text !== (segment.target ?? '');
  const marksChanged = !sameMarks(targetMarks, segment.targetMarks ?? []);
  if (textChanged || marksChanged) {
    segment.target = incoming.target.text;
    segment.targetMarks = targetMarks;
    segment.provenance = {
      translator: segment.provenance?.translator ?? 'human',
      ...(segment.provenance?.model ? { model: segment.provenance.model } : {}),
      glossaryVersion: segment.provenance?.glossaryVersion ?? article.glossaryVersion ?? '',
      edited: true,
      at,
    };
    segment.state = incoming.state;
    // Pinned terms and findings still describe the replaced text: the caller
    // re-checks the merged article (the pipeline's recheckArticle).
    report.targetsUpdated.push(segment.id);
  } else if (incoming.state !== segment.state) {
    segment.state = incoming.state;
    report.statesChanged.push(segment.id);
  } else {
    report.unchanged++;
  }
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Marks from the target's tags; a link takes its address from the mark its tag id names. */
function marksFromTags(target: ReadInline, segment: Segment, version: '1.2' | '2.0'): InlineMark[] {
  if (target.marks.length === 0) return [];
  // 2.0 tag ids carry the sentence's place in its unit ("s2m1"); all tags of one sentence share it.
  const prefix = version === '2.0' ? target.marks[0]!.tagId.replace(/\d+$/, '') : '';
  const known = new Map<string, InlineMark>();
  tagIds(segment.sourceMarks, segment.sourceMarks, prefix).forEach((id, i) => known.set(id, segment.sourceMarks[i]!));
  // The store's own target marks win over the source's (an English link may point elsewhere).
  const oldTarget = segment.targetMarks ?? [];
  tagIds(oldTarget, segment.sourceMarks, prefix).forEach((id, i) => known.set(id, oldTarget[i]!));
  return target.marks.map(({ tagId, kind, start, end }) => {
    const twin = known.get(tagId);
    const mark: InlineMark = { kind, start, end };
    if (kind === 'link' && twin?.kind === 'link') {
      if (twin.href !== undefined) mark.href = twin.href;
      if (twin.title !== undefined) mark.title = twin.title;
    }
    return mark;
  });
}

function sameMarks(a: readonly InlineMark[], b: readonly InlineMark[]): boolean {
  const key = (mark: InlineMark) => [mark.kind, mark.start, mark.end, mark.href ?? '', mark.title ?? ''].join('\u0000');
  return a.length === b.length && a.every((mark, i) => key(mark) === key(b[i]!));
}

function elements(root: Element, name: string): Element[] {
  const found: Element[] = [];
  const walk = (node: Element) => {
    for (const childNode of node.children) {
      if (childNode.type !== 'element') continue;
      if (childNode.name === name) found.push(childNode);
      else walk(childNode);
    }
  };
  walk(root);
  return found;
}

function child(element: Element, name: string): Element | undefined {
  return element.children.find((node): node is Element => node.type === 'element' && node.name === name);
}

function lineOf(element: Element): { line?: number } {
  const line = element.position?.start.line;
  return line === undefined ? {} : { line };
}
