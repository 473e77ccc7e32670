import type { Element, Root } from 'xast';
import { x } from 'xastscript';
import type { Article, Segment } from '../core/types.js';
import { hasTarget } from '../core/article-summary.js';
import { serializeExchangeXml } from './xml.js';

export const TMX_PUBLIC_ID = '-//LISA OSCAR:1998//DTD for Translation Memory eXchange//EN';

/**
 * TMX 1.4b translation memory of the aligned sentences that have a target:
 * a <tu> per sentence, plain text (TMX is for matching, marks stay in the
 * store), with the article, state and translator as <prop>s.
 */
export function exportTmx(article: Article, options: { toolVersion?: string } = {}): string {
  const units = article.blocks.flatMap((block) =>
    block.segments.filter(hasTarget).map((segment) => tu(article, segment)),
  );
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
      { type: 'doctype', name: 'tmx', public: TMX_PUBLIC_ID, system: 'tmx14.dtd' },
      x('tmx', { version: '1.4' }, [
        x('header', {
          creationtool: 'diptych',
          creationtoolversion: options.toolVersion ?? '0.1.0',
          datatype: 'plaintext',
          segtype: 'sentence',
          adminlang: 'en',
          srclang: article.sourceLang,
          'o-tmf': 'diptych',
        }),
        x('body', units),
      ]),
    ],
  };
  return serializeExchangeXml(tree);
}

function tu(article: Article, segment: Segment): Element {
  const props: Array<[string, string]> = [
    ['x-article', article.slug],
    ['x-state', segment.state],
  ];
  if (segment.provenance) {
    props.push(['x-translator', segment.provenance.model ? `${segment.provenance.translator} (${segment.provenance.model})` : segment.provenance.translator]);
  }
  const changed = segment.provenance?.at ? tmxDate(segment.provenance.at) : undefined;
  return x('tu', { tuid: segment.id, ...(changed ? { changedate: changed } : {}) }, [
    ...props.map(([type, value]) => x('prop', { type }, value)),
    x('tuv', { 'xml:lang': article.sourceLang }, [x('seg', segment.source)]),
    x('tuv', { 'xml:lang': article.targetLang }, [x('seg', segment.target!)]),
  ]);
}

/** TMX dates are ISO 8601 basic UTC: YYYYMMDDThhmmssZ. */
function tmxDate(iso: string): string | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}
