// Numbers, times, dates and ordinals of a French or an English sentence, each
// reduced to keys that compare across the two conventions: "1 234,5" and
// "1,234.5" both give n:1234.5, "3,4 milliards" and "3.4 billion" n:3400000000,
// "14 h 30" and "2:30 p.m." t:14:30, "septembre" and "Sept." m:9, "XXIe" and
// "21st" n:21, "deux" and "two" n:2. Written-out numbers and month names are
// "soft": a sentence may rephrase them away ("les deux pays" → "both
// countries"), so they count only when the other side has something unmatched.

import { allMatches } from '../core/matches.js';

export interface Quantity {
  /** The text as written. */
  text: string;
  /** Any of these keys on the other side matches it. */
  keys: string[];
  /** Written in words or a month name: may be rephrased away. */
  soft: boolean;
}

const FR_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const EN_MONTH_ABBREVIATIONS = new Map([
  ['Jan', 1], ['Feb', 2], ['Mar', 3], ['Apr', 4], ['Jun', 6], ['Jul', 7], ['Aug', 8], ['Sep', 9], ['Sept', 9], ['Oct', 10], ['Nov', 11], ['Dec', 12],
]);

const FR_UNITS: Record<string, number> = {
  deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12, treize: 13, quatorze: 14,
  quinze: 15, seize: 16, vingt: 20, vingts: 20, trente: 30, quarante: 40, cinquante: 50, soixante: 60, douzaine: 12,
  deuxième: 2, troisième: 3, quatrième: 4, cinquième: 5, sixième: 6, septième: 7, huitième: 8, neuvième: 9, dixième: 10,
  onzième: 11, douzième: 12, treizième: 13, quatorzième: 14, quinzième: 15, seizième: 16, vingtième: 20, trentième: 30,
  centième: 100, millième: 1000,
};
const EN_UNITS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14,
  fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60,
  seventy: 70, eighty: 80, ninety: 90, dozen: 12, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
  tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30, hundredth: 100, thousandth: 1000,
};
/** Words that multiply what comes before them. */
const FR_SCALES: Record<string, number> = { cent: 100, cents: 100, mille: 1e3, million: 1e6, millions: 1e6, milliard: 1e9, milliards: 1e9 };
const EN_SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, millions: 1e6, billion: 1e9, billions: 1e9, trillion: 1e12, m: 1e6, bn: 1e9, k: 1e3 };
/** "un million", "a thousand": an article counts as one only before a scale word. */
const FR_ONE = new Set(['un', 'une']);
const EN_ONE = new Set(['a', 'an', 'one']);
const FR_ONE_AFTER_TENS = new Set(['un', 'une', 'unième']);

export function numberKey(value: number): string {
  return `n:${Number(value.toPrecision(12))}`;
}

function timeKeys(hour: number, minute: number, meridiem?: string): string[] {
  if (meridiem) {
    const h = (hour % 12) + (/^p/i.test(meridiem) ? 12 : 0);
    return [`t:${h}:${minute}`];
  }
  // Without a.m./p.m., "2:30" may be either; "14:30" only one.
  return hour <= 12 ? [`t:${hour}:${minute}`, `t:${hour + 12}:${minute}`, `t:${hour % 12}:${minute}`] : [`t:${hour}:${minute}`];
}

function romanValue(text: string): number | undefined {
  const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const value = values[text[i]!];
    const next = values[text[i + 1] ?? ''] ?? 0;
    if (value === undefined) return undefined;
    total += value < next ? -value : value;
  }
  return total > 0 ? total : undefined;
}

/** "deux" → "[dD]eux": a capital at the start of a sentence, nothing else case-blind (roman numerals are capitals). */
function anyFirstCase(word: string): string {
  const first = word[0]!;
  return first.toLowerCase() === first.toUpperCase() ? word : `[${first.toLowerCase()}${first.toUpperCase()}]${word.slice(1)}`;
}

// Spaces that group digits: normal, no-break, narrow no-break, thin, figure.
const SPACE = '[ \\u00a0\\u202f\\u2009\\u2007]';

/** A run of number words ("vingt-trois", "cent mille", "three hundred and five"), as one value. */
function wordsValue(words: string[], units: Record<string, number>, scales: Record<string, number>, ones: Set<string>): number | undefined {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const [i, word] of words.entries()) {
    const unit = units[word];
    const scale = scales[word];
    if (unit !== undefined) {
      // "quatre-vingts": a unit before vingt multiplies it.
      if ((word === 'vingt' || word === 'vingts') && current > 0 && current < 10) current *= 20;
      else current += unit;
      seen = true;
    } else if (scale !== undefined) {
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
      seen = true;
    } else if (ones.has(word) && (i > 0 || scales[words[i + 1] ?? ''] !== undefined)) {
      current += 1;
    } else return undefined;
  }
  return seen ? total + current : undefined;
}

interface Side {
  months: Map<string, number>;
  monthPattern: string;
  units: Record<string, number>;
  scales: Record<string, number>;
  ones: Set<string>;
  connector: string;
  /** A number written with digits, in this side's conventions (and the other's, leniently). */
  digits(text: string): number[];
}

/** French: "1 234,5", "1.234" (also a grouping), "3,4". */
function frenchDigits(text: string): number[] {
  const compact = text.replace(/[ \u00a0\u202f\u2009\u2007]/gu, '');
  // "802.11", "2.0": a point before other than three digits is a decimal (or a version) even in French.
  if (/^\d+\.\d+$/.test(compact) && !/^\d{1,3}\.\d{3}$/.test(compact)) return [Number(compact)];
  const [whole, decimals] = compact.split(',') as [string, string?];
  const value = Number(whole.replace(/\./g, '') + (decimals ? `.${decimals}` : ''));
  const values = [value];
  // "1.234" is a grouping in French but may stand for the decimal too.
  if (/^\d+\.\d+$/.test(whole) && !decimals) values.push(Number(whole));
  return values.filter(Number.isFinite);
}

/** English: "1,234.5", "3.4"; French formats read leniently ("3,4" → 3.4, "1 234" → 1234), so only french-number-format reports them. */
function englishDigits(text: string): number[] {
  const compact = text.replace(/[ \u00a0\u202f\u2009\u2007]/gu, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(compact)) return [Number(compact.replace(/,/g, ''))];
  if (/^\d+,\d+$/.test(compact)) return [Number(compact.replace(',', '.'))];
  return [Number(compact.replace(/,/g, ''))].filter(Number.isFinite);
}

const FRENCH: Side = {
  months: new Map(FR_MONTHS.map((name, i) => [name, i + 1])),
  monthPattern: FR_MONTHS.join('|'),
  units: FR_UNITS,
  scales: FR_SCALES,
  ones: FR_ONE,
  connector: 'et',
  digits: frenchDigits,
};
const ENGLISH: Side = {
  months: new Map([...EN_MONTHS.map((name, i) => [name.toLowerCase(), i + 1] as const), ...[...EN_MONTH_ABBREVIATIONS].map(([name, n]) => [name.toLowerCase(), n] as const)]),
  monthPattern: [...EN_MONTHS, ...EN_MONTH_ABBREVIATIONS.keys()].join('|'),
  units: EN_UNITS,
  scales: EN_SCALES,
  ones: EN_ONE,
  connector: 'and',
  digits: englishDigits,
};

function patternFor(lang: 'fr' | 'en'): RegExp {
  const side = lang === 'fr' ? FRENCH : ENGLISH;
  const number =
    lang === 'fr'
      ? `\\d{1,3}(?:${SPACE}\\d{3})+(?!\\d)(?:,\\d+)?|\\d{1,3}(?:\\.\\d{3})+(?!\\d)|\\d+\\.\\d+|\\d+(?:,\\d+)?`
      : `\\d{1,3}(?:,\\d{3})+(?!\\d)(?:\\.\\d+)?|\\d{1,3}(?:${SPACE}\\d{3})+(?!\\d|[,.]\\d)|\\d+(?:[.,]\\d+)?`;
  const scale = lang === 'fr' ? 'millions?|milliards?|mille' : 'millions?|billions?|trillion|thousand|hundred|bn|m|k';
  const ordinal = lang === 'fr' ? 'e|er|re|ère|ème|eme|ᵉ|ᵉʳ' : 'st|nd|rd|th';
  const time =
    lang === 'fr'
      ? `(?<fh>\\d{1,2})(?:${SPACE}?h${SPACE}?(?<fm>\\d{2})?(?![\\p{L}\\d])|:(?<fm2>\\d{2})(?!\\d))`
      : `(?<eh>\\d{1,2})(?::(?<em>\\d{2})(?:${SPACE}?(?<emer>[ap])\\.?m\\.?(?![\\p{L}]))?|(?:[.:](?<em2>\\d{2}))?${SPACE}?(?<emer2>[ap])\\.?m\\.?(?![\\p{L}]))`;
  const wordNames = [...Object.keys(side.units), ...Object.keys(side.scales).filter((w) => w.length > 2), ...side.ones].sort((a, b) => b.length - a.length);
  const word = `(?:${wordNames.map(anyFirstCase).join('|')})`;
  const words = `(?<words>${lang === 'fr' ? `(?<!pour${SPACE})` : ''}${word}(?:(?:-|${SPACE}|${SPACE}${side.connector}${SPACE}|-${side.connector}-)${word})*)`;
  return new RegExp(
    [
      `(?<![\\d\\p{L}])(?:${time})`,
      // A range whose end drops the century: "2012–14".
      `(?<![\\d\\p{L}])(?<ry>(?:1[5-9]|20)\\d\\d)[-–](?<rs>\\d\\d)(?![\\d])`,
      `(?<![\\d,.])(?<num>${number})(?:(?<ord>${ordinal})(?![\\p{L}])|${SPACE}?(?<scale>${scale})(?![\\p{L}]))?`,
      `(?<![\\p{L}])(?<roman>[IVXLC]{2,}|[IVX])(?:${lang === 'fr' ? 'e|er|ème|ᵉ' : 'st|nd|rd|th'})(?![\\p{L}])`,
      `(?<![\\p{L}])(?<month>${lang === 'fr' ? FR_MONTHS.map(anyFirstCase).join('|') : side.monthPattern})(?:\\.|(?![\\p{L}]))`,
      `(?<![\\p{L}-])${words}(?![\\p{L}])`,
    ].join('|'),
    'gu',
  );
}

const PATTERNS = { fr: patternFor('fr'), en: patternFor('en') };
// Compiled once, not for each run of number words.
const WORD_GAP = new RegExp(`(?:-|${SPACE})+`, 'u');
const CONNECTOR = new RegExp(`${SPACE}(?:et|and)${SPACE}`, 'giu');

/** Every quantity of `text`, read with the conventions of `lang`. */
export function extractQuantities(text: string, lang: 'fr' | 'en'): Quantity[] {
  const side = lang === 'fr' ? FRENCH : ENGLISH;
  const found: Quantity[] = [];
  for (const m of allMatches(text, PATTERNS[lang])) {
    const g = m.groups!;
    const hour = g['fh'] ?? g['eh'];
    if (hour !== undefined) {
      const minute = Number(g['fm'] ?? g['fm2'] ?? g['em'] ?? g['em2'] ?? 0);
      const meridiem = g['emer'] ?? g['emer2'];
      // "24 h" may be a duration ("24 hours"); "14 h" may read "2 p.m.".
      const keys = timeKeys(Number(hour), minute, meridiem);
      // On the hour, the English may give the hour alone ("at 10", "15.00") or a 24-hour "1200".
      if (minute === 0) keys.push(numberKey(Number(hour)), numberKey(Number(hour) * 100));
      if (lang === 'en' && Number(hour) <= 24 && minute <= 59) found.push({ text: m[0], keys, soft: false });
      else if (lang === 'fr' && Number(hour) <= 24 && minute <= 59) found.push({ text: m[0], keys, soft: false });
    } else if (g['ry'] !== undefined) {
      const start = g['ry'];
      found.push({ text: start, keys: [numberKey(Number(start))], soft: false });
      found.push({ text: g['rs']!, keys: [numberKey(Number(start.slice(0, 2) + g['rs']!)), numberKey(Number(g['rs']))], soft: false });
    } else if (g['num'] !== undefined) {
      const scaleWord = g['scale']?.toLowerCase();
      const scale = scaleWord ? side.scales[scaleWord] ?? 1 : 1;
      // English "m" and "k" scale only money ("€12m", "$5k"), not "100m" (metres); "bn" always.
      const money = /[$€£]$/u.test(text.slice(Math.max(0, m.index! - 1), m.index));
      const glued = scaleWord === 'm' || scaleWord === 'k' ? money && !/\s$/u.test(m[0].slice(0, m[0].length - scaleWord.length)) : true;
      const values = side.digits(g['num']).map((value) => value * (glued ? scale : 1));
      found.push({ text: m[0], keys: values.map(numberKey), soft: false });
    } else if (g['roman'] !== undefined) {
      const value = romanValue(g['roman']);
      if (value !== undefined) found.push({ text: m[0], keys: [numberKey(value)], soft: false });
    } else if (g['month'] !== undefined) {
      const month = side.months.get(g['month'].toLowerCase());
      // "May" starting an English sentence is as likely the verb; a month name there is left alone.
      if (month !== undefined && !(lang === 'en' && g['month'] === 'May' && m.index === 0)) found.push({ text: m[0], keys: [`m:${month}`], soft: true });
    } else if (g['words'] !== undefined) {
      for (const run of splitAtConnectors(g['words'], lang)) {
        const words = run.toLowerCase().split(WORD_GAP).filter((w) => w !== side.connector);
        const value = wordsValue(words, side.units, side.scales, lang === 'fr' ? FR_ONE_AFTER_TENS : side.ones);
        if (value !== undefined && value > 1) found.push({ text: run, keys: [numberKey(value)], soft: true });
      }
    }
  }
  return found;
}

/**
 * "cinquième et sixième" is two numbers, "vingt et un" one: a connector joins
 * only "et un/onze" in French and what follows hundred/thousand in English.
 */
function splitAtConnectors(words: string, lang: 'fr' | 'en'): string[] {
  const runs: string[] = [];
  let start = 0;
  for (const m of allMatches(words, CONNECTOR)) {
    const before = words.slice(start, m.index).trim().toLowerCase();
    const after = words.slice(m.index! + m[0].length).toLowerCase();
    const joins = lang === 'fr' ? /^(?:un|une|unième|onze|onzième)\b/u.test(after) : /(?:hundred|thousand|million|billion)$/u.test(before);
    if (!joins) {
      runs.push(words.slice(start, m.index));
      start = m.index! + m[0].length;
    }
  }
  runs.push(words.slice(start));
  return runs.filter((run) => run.trim() !== '');
}

export interface QuantityComparison {
  /** French quantities with no counterpart in the English. */
  missing: Quantity[];
  /** English quantities with no counterpart in the French. */
  added: Quantity[];
}

/** Pair quantities that share a key (most constrained first); what is left unpaired, filtered as the soft rule says. */
export function compareQuantities(french: Quantity[], english: Quantity[]): QuantityComparison {
  const free = new Set(english.map((_, i) => i));
  const missing: Quantity[] = [];
  const order = french.map((q, i) => [q, i] as const).sort(([a], [b]) => a.keys.length - b.keys.length);
  for (const [quantity] of order) {
    const match = [...free].find((i) => english[i]!.keys.some((key) => quantity.keys.includes(key)));
    if (match === undefined) missing.push(quantity);
    else free.delete(match);
  }
  const added = [...free].map((i) => english[i]!);
  const keep = (list: Quantity[], other: Quantity[]) => list.filter((q) => !q.soft || other.length > 0);
  return { missing: keep(missing, added), added: keep(added, missing) };
}
