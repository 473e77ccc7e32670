import type { Element, ElementContent, Root } from 'xast';
import { x } from 'xastscript';
import { uiTranslator, type UiLang } from '../core/i18n.js';
import type { Article, Block, SegmentState } from '../core/types.js';
import { blockLabels, hasTarget } from '../core/article-summary.js';
import { inlineContent, tagIds } from './exchange-inline.js';
import { articleNotes, segmentNotes } from './exchange-notes.js';
import { serializeExchangeXml, storeNameOf, toNmtoken } from './xml.js';

export const XLIFF20_NAMESPACE = 'urn:oasis:names:tc:xliff:document:2.0';

// XLIFF 2.0 has the structure natively: a <unit> per paragraph, a <segment>
// per sentence with its own state, spaces between sentences as <ignorable>.
const stateOut: Record<SegmentState, string> = {
  new: 'initial',
  translated: 'translated',
  reviewed: 'reviewed',
  final: 'final',
};

export function stateFromXliff20(state: string | undefined, hasTarget: boolean): SegmentState {
  if (state === 'final' || state === 'reviewed' || state === 'translated') return state;
  // "initial" (also the default) means unfinished; with a target that is our "translated".
  return hasTarget ? 'translated' : 'new';
}

export function exportXliff20(article: Article, options: { uiLang?: UiLang } = {}): string {
  const t = uiTranslator(options.uiLang ?? 'en');
  const labels = blockLabels(article, t);
  const fileNotes = [...articleNotes(article, t), { category: 'title', text: article.title }];
  const units = article.blocks
    .map((block, index) => unit(article, block, index, labels[index]!, t))
    .filter((element): element is Element => element !== undefined);
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
      x('xliff', { xmlns: XLIFF20_NAMESPACE, version: '2.0', srcLang: article.sourceLang, trgLang: article.targetLang }, [
        x('file', { id: 'f1', original: storeNameOf(article.slug) }, [
          x('notes', fileNotes.map(({ category, text }) => x('note', { category: `diptych:${category}` }, text))),
          ...units,
        ]),
      ]),
    ],
  };
  return serializeExchangeXml(tree);
}

function unit(article: Article, block: Block, index: number, label: string, t: ReturnType<typeof uiTranslator>): Element | undefined {
  // A unit must hold at least one segment; an empty block has nothing to translate.
  if (block.segments.length === 0) return undefined;
  const notes: Element[] = [];
  const seen = new Set<string>();
  const content: ElementContent[] = [];
  block.segments.forEach((segment, s) => {
    // Inline tag ids must be unique in the whole unit, so they carry the sentence number.
    const prefix = `s${s + 1}m`;
    const sourceIds = tagIds(segment.sourceMarks, segment.sourceMarks, prefix);
    const translated = hasTarget(segment);
    const targetMarks = segment.targetMarks ?? [];
    if (s > 0) content.push(x('ignorable', [x('source', ' '), ...(translated ? [x('target', ' ')] : [])]));
    content.push(
      x('segment', { id: toNmtoken(segment.id), state: translated ? stateOut[segment.state] : 'initial' }, [
        x('source', inlineContent('2.0', segment.source, segment.sourceMarks, sourceIds)),
        ...(translated ? [x('target', inlineContent('2.0', segment.target!, targetMarks, tagIds(targetMarks, segment.sourceMarks, prefix)))] : []),
      ]),
    );
    for (const note of segmentNotes(segment, t)) {
      // 2.0 notes belong to the unit; a glossary note is said once, others name their sentence.
      const text = note.category === 'glossary' ? note.text : `[${segment.id}] ${note.text}`;
      if (seen.has(text)) continue;
      seen.add(text);
      notes.push(x('note', { category: `diptych:${note.category}`, ...(note.priority ? { priority: String(note.priority) } : {}) }, text));
    }
  });
  return x('unit', { id: `p${index + 1}`, name: label, type: `diptych:${block.kind}`, 'xml:space': 'preserve' }, [
    ...(notes.length > 0 ? [x('notes', notes)] : []),
    ...content,
  ]);
}
