import i18next, { type TFunction } from 'i18next';

// The interface's own words (page headings, column labels, CLI summaries).
// Article text never goes through here.
const resources = {
  en: {
    translation: {
      sourceColumn: 'French',
      targetColumn: 'English',
      bilingualTitle: '{{title}} — French / English',
      paragraph: 'Paragraph {{n}}',
      generatedBy: 'Translated by {{translator}} · glossary {{glossary}}',
      source: 'Source',
      siteLabel: 'Site',
      bylineLabel: 'Byline',
      publishedLabel: 'Published',
      segments: '{{count}} segments',
      unknownWords: 'Words the translator did not know',
      suggestion: 'suggested',
      fixedAutomatically: 'Fixed automatically',
      findings: 'Findings',
      corpusIndex: 'Articles',
      summaryLine: '{{articles}} articles, {{segments}} segments, {{failed}} failed',
      // Reading page and exchange files (src/render).
      kind_title: 'Title',
      kind_heading: 'Heading',
      kind_paragraph: 'Paragraph',
      kind_quote: 'Quote',
      'kind_list-item': 'List item',
      kind_caption: 'Caption',
      'kind_image-alt': 'Image description',
      'kind_table-cell': 'Table cell',
      kind_code: 'Code',
      kind_footnote: 'Footnote',
      kind_table: 'Table',
      tableCellLabel: 'Table {{table}}, row {{row}}, column {{column}}',
      keptAsWritten: 'Kept as written (not translated)',
      blockLabel: '{{kind}} {{n}}',
      untranslated: '(not translated)',
      noEnglish: '(no English: the translation leaves this sentence out)',
      noFrench: '(no French: the translation adds this sentence)',
      segmentsTranslated: 'Segments translated',
      translatorLabel: 'Translator',
      glossaryLabel: 'Glossary version',
      viewLabel: 'View',
      viewSideBySide: 'Side by side',
      viewInterleaved: 'Interleaved',
      viewOnly: '{{lang}} only',
      glossaryTerm: 'Glossary: {{source}} → {{target}}',
      unsafeLink: 'Link removed (unsafe address): {{href}}',
      findingCount_one: '{{count}} finding',
      findingCount_other: '{{count}} findings',
      noFindings: 'No findings.',
      approvedByPerson: 'Approved by a reviewer',
      skipToText: 'Skip to the text',
      segmentLink: 'Segment {{n}}',
      pageLink: 'Bilingual page',
      markdownLink: 'Markdown',
      jsonLink: 'JSON store',
      articleCount_one: '{{count}} article',
      articleCount_other: '{{count}} articles',
    },
  },
  fr: {
    translation: {
      sourceColumn: 'Français',
      targetColumn: 'Anglais',
      bilingualTitle: '{{title}} — français / anglais',
      paragraph: 'Paragraphe {{n}}',
      generatedBy: 'Traduit par {{translator}} · glossaire {{glossary}}',
      source: 'Source',
      siteLabel: 'Site',
      bylineLabel: 'Signature',
      publishedLabel: 'Publié',
      segments: '{{count}} segments',
      unknownWords: 'Mots inconnus du traducteur',
      suggestion: 'suggestion',
      fixedAutomatically: 'Corrigé automatiquement',
      findings: 'Constats',
      corpusIndex: 'Articles',
      summaryLine: '{{articles}} articles, {{segments}} segments, {{failed}} en échec',
      kind_title: 'Titre',
      kind_heading: 'Intertitre',
      kind_paragraph: 'Paragraphe',
      kind_quote: 'Citation',
      'kind_list-item': 'Élément de liste',
      kind_caption: 'Légende',
      'kind_image-alt': 'Description d’image',
      'kind_table-cell': 'Cellule de tableau',
      kind_code: 'Code',
      kind_footnote: 'Note',
      kind_table: 'Tableau',
      tableCellLabel: 'Tableau {{table}}, ligne {{row}}, colonne {{column}}',
      keptAsWritten: 'Conservé tel quel (non traduit)',
      blockLabel: '{{kind}} {{n}}',
      untranslated: '(non traduit)',
      noEnglish: '(pas d’anglais : la traduction omet cette phrase)',
      noFrench: '(pas de français : la traduction ajoute cette phrase)',
      segmentsTranslated: 'Segments traduits',
      translatorLabel: 'Traducteur',
      glossaryLabel: 'Version du glossaire',
      viewLabel: 'Affichage',
      viewSideBySide: 'Côte à côte',
      viewInterleaved: 'Entrelacé',
      viewOnly: '{{lang}} seul',
      glossaryTerm: 'Glossaire : {{source}} → {{target}}',
      unsafeLink: 'Lien retiré (adresse dangereuse) : {{href}}',
      findingCount_one: '{{count}} constat',
      findingCount_other: '{{count}} constats',
      noFindings: 'Aucun constat.',
      approvedByPerson: 'Approuvé par un relecteur',
      skipToText: 'Aller au texte',
      segmentLink: 'Segment {{n}}',
      pageLink: 'Page bilingue',
      markdownLink: 'Markdown',
      jsonLink: 'Stockage JSON',
      articleCount_one: '{{count}} article',
      articleCount_other: '{{count}} articles',
    },
  },
} as const;

export type UiLang = keyof typeof resources;
export const uiLangs = Object.keys(resources) as UiLang[];

export function isUiLang(value: string): value is UiLang {
  return Object.hasOwn(resources, value);
}

const translators = new Map<UiLang, TFunction>();

/**
 * The translate function for one interface language. One i18next instance per
 * language, made on first use: it is never changed after init, so callers can
 * share it, and a batch of a thousand pages does not build a thousand.
 */
export function uiTranslator(lang: UiLang = 'en'): TFunction {
  let t = translators.get(lang);
  if (!t) {
    const instance = i18next.createInstance();
    // With inline resources and initAsync:false, init completes synchronously.
    void instance.init({
      lng: lang,
      fallbackLng: 'en',
      resources,
      initAsync: false,
      interpolation: { escapeValue: false }, // renderers escape; double escaping would show "&amp;amp;"
    });
    t = remembered(instance.t);
    translators.set(lang, t);
  }
  return t;
}

/**
 * `t` with its answers kept: the pages ask for the same few labels thousands
 * of times ("segment 12", "suggestion"), and i18next works each one out again
 * (about a tenth of a cold batch's own CPU before this). Only a key with
 * options of plain values is kept, and the store is emptied when it fills.
 */
function remembered(t: TFunction): TFunction {
  const call = t as unknown as (...args: unknown[]) => unknown;
  const known = new Map<string, string>();
  const plain = (options: unknown) =>
    options === undefined || (typeof options === 'object' && options !== null && Object.values(options).every((value) => value === null || typeof value !== 'object'));
  const remembering = (...args: unknown[]): unknown => {
    const [key, options] = args;
    if (args.length > 2 || typeof key !== 'string' || !plain(options)) return call(...args);
    const id = options === undefined ? key : `${key}\0${JSON.stringify(options)}`;
    let text = known.get(id);
    if (text === undefined) {
      text = call(...args) as string;
      if (known.size >= 10_000) known.clear();
      known.set(id, text);
    }
    return text;
  };
  return remembering as unknown as TFunction;
}
