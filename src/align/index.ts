// The align stage: which French sentences an existing human English translation
// renders with which English sentences. The French is compared through the
// configured translator's English of it (given by the caller: this stage
// translates nothing), so any engine diptych has can serve. See search.ts for
// the cost of a link and band.ts for how the search stays linear.

import { bandAround, findAnchors } from './band.js';
import { bagF1, profileOf, type Profile } from './profile.js';
import { DEFAULT_WEIGHTS, searchPath, type ScoredLink, type Side, type Weights } from './search.js';

export { formatLinks, parseLinks, type LinkLine } from './links-file.js';
export { languageShares, type LanguageShares } from './language.js';

/** One side of a text to align, one entry per sentence. */
export interface AlignSide {
  sentences: readonly string[];
  /** Whether each sentence opens a paragraph; omit when the text has none to go by (one sentence per line). */
  opens?: readonly boolean[];
}

export interface AlignInput {
  french: AlignSide;
  /** The translator's English of each French sentence, in the same order. */
  machine: readonly string[];
  english: AlignSide;
}

/** A link of the alignment: French and English sentence indices (0-based), one side empty for an unmatched sentence. */
export interface AlignedLink {
  fr: number[];
  en: number[];
  /** 0–1: how sure the aligner is that these sentences render each other. For 1-0 and 0-1, how sure that nothing renders it. */
  confidence: number;
}

export interface Alignment {
  links: AlignedLink[];
  /** Share of the links with both sides whose evidence looks like a translation: low for an English text that renders something else. */
  translationLikelihood: number;
}

export interface AlignOptions {
  /** The cost weights, for an evaluation that varies them; the defaults were set on the development set. */
  weights?: Partial<Weights>;
}

/** Below this confidence a link is worth a reviewer's look. */
export const LOW_CONFIDENCE = 0.5;

/** Align French with its human English. Empty sides give the other side's sentences as unmatched links. */
export function alignSentences(input: AlignInput, options: AlignOptions = {}): Alignment {
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const { french, english, machine } = input;
  const n = french.sentences.length;
  const m = english.sentences.length;
  if (machine.length !== n) throw new RangeError(`align: ${machine.length} machine translations for ${n} French sentences`);
  const frProfiles = machine.map(profileOf);
  const enProfiles = english.sentences.map(profileOf);
  const frSide: Side = sideOf(frProfiles, french, backgroundOf(frProfiles, enProfiles));
  const enSide: Side = sideOf(enProfiles, english, backgroundOf(enProfiles, frProfiles));
  const anchors = findAnchors(machine, english.sentences);
  const band = bandAround(anchors, n, m, { margin: 12, maxGrowth: 30 });
  const path = searchPath(frSide, enSide, band, weights);
  const links = path.map((link) => ({ fr: link.fr, en: link.en, confidence: confidenceOf(link) }));
  const paired = path.filter((link) => link.fr.length > 0 && link.en.length > 0);
  const convincing = paired.filter((link) => link.evidence >= EVIDENCE_OF_TRANSLATION).length;
  return { links, translationLikelihood: paired.length === 0 ? 0 : convincing / paired.length };
}

/** Evidence (similarity less background) above which a pair very likely renders one another. */
const EVIDENCE_OF_TRANSLATION = 0.15;

/**
 * Two ways a link can be doubtful: its sentences share little (an English text
 * that renders something else), or another way of drawing the links around it
 * costs nearly as much (a toss-up between a 2-1 and a 1-1 beside a 1-0). On the
 * development books, the links the second measure puts below 0.5 were wrong
 * about ten times as often as the others. The confidence is the lower of the two:
 * evidence through a logistic curve (0.5 at EVIDENCE_OF_TRANSLATION), margin
 * through 1 − e^(−margin / 0.1). An unmatched sentence has only the margin, and
 * at most 0.45: a reviewer should look at every one.
 */
function confidenceOf(link: ScoredLink): number {
  const byMargin = 1 - Math.exp(-Math.max(0, link.margin) / 0.1);
  if (link.fr.length === 0 || link.en.length === 0) return round(Math.min(0.45, byMargin));
  const byEvidence = 1 / (1 + Math.exp(-(link.evidence - EVIDENCE_OF_TRANSLATION) * 25));
  return round(Math.min(byEvidence, byMargin));
}

const round = (value: number) => Math.round(value * 1000) / 1000;

function sideOf(profiles: Profile[], side: AlignSide, background: Float64Array): Side {
  return {
    profiles,
    lengths: side.sentences.map((sentence) => sentence.length),
    background,
    ...(side.opens ? { opens: [...side.opens] } : {}),
  };
}

/**
 * What each sentence shares with sentences of the other side it does not
 * render, on average over a few far away: long sentences and common words
 * share much with anything, and that is no evidence.
 */
function backgroundOf(own: Profile[], other: Profile[], samples = 8): Float64Array {
  const background = new Float64Array(own.length);
  if (other.length === 0) return background;
  own.forEach((profile, i) => {
    const centre = Math.floor(((i + 0.5) * other.length) / own.length);
    let total = 0;
    for (let k = 1; k <= samples; k++) {
      const j = (centre + Math.floor((k * other.length) / (samples + 1))) % other.length;
      const o = other[j]!;
      total += DEFAULT_WEIGHTS.chars * bagF1(profile.chars, o.chars) + (1 - DEFAULT_WEIGHTS.chars) * bagF1(profile.words, o.words);
    }
    background[i] = total / samples;
  });
  return background;
}
