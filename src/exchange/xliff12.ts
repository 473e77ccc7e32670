import type { Element, Root } from 'xast';
import { x } from 'xastscript';
import { uiTranslator, type UiLang } from '../core/i18n.js';
import type { Article, Segment, SegmentState } from '../core/types.js';
import { blockLabels, hasTarget } from '../core/article-summary.js';
import { inlineContent, tagIds } from './exchange-inline.js';
import { articleNotes, segmentNotes } from './exchange-notes.js';
import { serializeExchangeXml, storeNameOf } from './xml.js';

export const XLIFF12_NAMESPACE = 'urn:oasis:names:tc:xliff:document:1.2';

// XLIFF 1.2 keeps one state per <trans-unit>, so to carry a state per sentence
// each sentence is a trans-unit and each paragraph the <group> around them —
// the layout translate-toolkit, OmegaT and Okapi all read.
const stateOut: Record<SegmentState, string> = {
  new: 'needs-translation',
  translated: 'translated',
  reviewed: 'signed-off',
  final: 'final',
};

/** Our state for an XLIFF 1.2 target state (and approved flag). */
export function stateFromXliff12(state: string | undefined, approved: boolean, hasTarget: boolean): SegmentState {
  switch (state) {
    case 'final':
      return 'final';
    case 'signed-off':
      return 'reviewed';
    case 'new':
    case 'needs-translation':
      return hasTarget && approved ? 'reviewed' : 'new';
    case undefined:
      if (!hasTarget) return 'new';
      return approved ? 'reviewed' : 'translated';
    default:
      // translated, needs-review-*, needs-adaptation, needs-l10n, x-…: a target nobody signed off.
      return approved ? 'reviewed' : 'translated';
  }
}

export function exportXliff12(article: Article, options: { uiLang?: UiLang } = {}): string {
  const t = uiTranslator(options.uiLang ?? 'en');
  const labels = blockLabels(article, t);
  // A block without sentences (code kept as written, an empty table cell) has nothing to exchange.
  const groups = article.blocks.flatMap((block, index) =>
    block.segments.length === 0
      ? []
      : [x('group', { id: `p${index + 1}`, restype: `x-${block.kind}`, resname: labels[index] }, block.segments.map((segment) => transUnit(article, segment, t)))],
  );
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
      x('xliff', { version: '1.2', xmlns: XLIFF12_NAMESPACE }, [
        x(
          'file',
          {
            original: storeNameOf(article.slug),
            'source-language': article.sourceLang,
            'target-language': article.targetLang,
            datatype: 'plaintext',
            'product-name': article.title,
          },
          [
            x('header', [
              x('tool', { 'tool-id': 'diptych', 'tool-name': 'diptych' }),
              ...articleNotes(article, t).map((note) => x('note', { from: 'diptych' }, note.text)),
            ]),
            x('body', groups),
          ],
        ),
      ]),
    ],
  };
  return serializeExchangeXml(tree);
}

function transUnit(article: Article, segment: Segment, t: ReturnType<typeof uiTranslator>): Element {
  const sourceIds = tagIds(segment.sourceMarks, segment.sourceMarks, '');
  const translated = hasTarget(segment);
  const approved = segment.state === 'reviewed' || segment.state === 'final';
  const children: Element[] = [
    x('source', { 'xml:lang': article.sourceLang }, inlineContent('1.2', segment.source, segment.sourceMarks, sourceIds)),
  ];
  if (translated) {
    const targetMarks = segment.targetMarks ?? [];
    const machine = segment.state === 'translated' && segment.provenance && !segment.provenance.edited;
    children.push(
      x(
        'target',
        {
          'xml:lang': article.targetLang,
          state: stateOut[segment.state],
          ...(machine ? { 'state-qualifier': 'leveraged-mt' } : {}),
        },
        inlineContent('1.2', segment.target!, targetMarks, tagIds(targetMarks, segment.sourceMarks, '')),
      ),
    );
  }
  for (const note of segmentNotes(segment, t)) {
    children.push(x('note', { from: note.from, ...(note.priority ? { priority: String(note.priority) } : {}) }, note.text));
  }
  return x(
    'trans-unit',
    { id: segment.id, 'xml:space': 'preserve', ...(approved && translated ? { approved: 'yes' } : {}) },
    children,
  );
}
