import type { ElementContent } from 'hast';
import type { TFunction } from 'i18next';
import type { InlineMark, TermHit } from '../core/types.js';
import { nestRanges, segmentRanges, type InlineNode, type RangeTag } from '../core/inline-ranges.js';
import { element } from './hast-element.js';
import { safeHref } from './safe-href.js';

/**
 * One side of a segment as hast: its text with inline marks and glossary
 * terms. Text only ever becomes hast text nodes, so the serializer escapes it;
 * nothing here builds HTML strings.
 */
export function segmentToHast(
  text: string,
  marks: readonly InlineMark[] | undefined,
  terms: readonly TermHit[],
  side: 'source' | 'target',
  t: TFunction,
): ElementContent[] {
  return nestRanges(text, segmentRanges(text, marks, terms, side)).map((node) => toHast(node, side, t));
}

function toHast(node: InlineNode<RangeTag>, side: 'source' | 'target', t: TFunction): ElementContent {
  if (node.type === 'text') return { type: 'text', value: node.value };
  const children = node.children.map((child) => toHast(child, side, t));
  const tag = node.tag;
  if (tag.kind === 'term') {
    // On the French side a term whose pinned form the English lacks is flagged, so a reviewer sees which one.
    const missing = side === 'source' && tag.term.satisfied === false;
    return element(
      'span',
      {
        className: missing ? ['term', 'term-missing'] : ['term'],
        title: t('glossaryTerm', { source: tag.term.source, target: tag.term.target }),
        dataTerm: tag.term.entry,
        dataPinned: tag.term.target,
      },
      children,
    );
  }
  const mark = tag.mark;
  switch (mark.kind) {
    case 'emphasis':
      return element('em', {}, children);
    case 'strong':
      return element('strong', {}, children);
    case 'code':
      return element('code', {}, children);
    case 'link': {
      const href = safeHref(mark.href);
      if (href === undefined) {
        // Keep the words, drop the address: an unsafe link reads as text and cannot be followed.
        return element('span', { className: ['inert-link'], title: t('unsafeLink', { href: mark.href ?? '' }) }, children);
      }
      return element('a', { href, rel: ['noopener', 'noreferrer', 'nofollow'], ...(mark.title ? { title: mark.title } : {}) }, children);
    }
  }
}
