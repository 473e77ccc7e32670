// Numbers, dates, times and ordinals must say the same on both sides once each
// side is read in its own conventions (quantities.ts): "1 234,5" = "1,234.5",
// "14 h 30" = "2:30 p.m.", "7 septembre" = "September 7", "XXIe" = "21st".

import { compareQuantities, extractQuantities } from '../quantities.js';
import { findingOf, type CheckRule } from '../rule.js';

const list = (texts: string[]) => texts.map((text) => `"${text}"`).join(', ');

export const numberMismatch: CheckRule = {
  id: 'number-mismatch',
  severity: 'error',
  description: 'a number, date, time or ordinal of the French is missing or different in the English (locale conventions converted)',
  segment(segment) {
    const { missing, added } = compareQuantities(extractQuantities(segment.source, 'fr'), extractQuantities(segment.target, 'en'));
    if (missing.length === 0 && added.length === 0) return [];
    const parts = [
      ...(missing.length > 0 ? [`the French has ${list(missing.map((q) => q.text))}, not found in the English`] : []),
      ...(added.length > 0 ? [`the English has ${list(added.map((q) => q.text))}, not in the French`] : []),
    ];
    return [findingOf(this, segment, parts.join('; '))];
  },
};
