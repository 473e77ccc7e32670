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
      segments: '{{count}} segments',
      unknownWords: 'Words the translator did not know',
      findings: 'Findings',
      corpusIndex: 'Articles',
      summaryLine: '{{articles}} articles, {{segments}} segments, {{failed}} failed',
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
      segments: '{{count}} segments',
      unknownWords: 'Mots inconnus du traducteur',
      findings: 'Constats',
      corpusIndex: 'Articles',
      summaryLine: '{{articles}} articles, {{segments}} segments, {{failed}} en échec',
    },
  },
} as const;

export type UiLang = keyof typeof resources;
export const uiLangs = Object.keys(resources) as UiLang[];

export function isUiLang(value: string): value is UiLang {
  return Object.hasOwn(resources, value);
}

/** A translate function for one interface language; a separate instance so callers never share state. */
export function uiTranslator(lang: UiLang = 'en'): TFunction {
  const instance = i18next.createInstance();
  // With inline resources and initAsync:false, init completes synchronously.
  void instance.init({
    lng: lang,
    fallbackLng: 'en',
    resources,
    initAsync: false,
    interpolation: { escapeValue: false }, // renderers escape; double escaping would show "&amp;amp;"
  });
  return instance.t;
}
