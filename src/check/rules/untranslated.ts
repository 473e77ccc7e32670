import { findingOf, type CheckRule } from '../rule.js';

/** An empty English side (error), or the French copied over unchanged (warning). */
export const untranslated: CheckRule = {
  id: 'untranslated',
  severity: 'error',
  description: 'the English side is empty, or the French text unchanged',
  segment(segment) {
    if (segment.source.trim() === '') return [];
    if (segment.target.trim() === '') return [findingOf(this, segment, 'the English side is empty')];
    const words = segment.source.trim().split(/\s+/u).length;
    if (words >= 4 && segment.target.trim() === segment.source.trim()) {
      return [findingOf(this, segment, 'the English side is the French text unchanged', { severity: 'warning' })];
    }
    return [];
  },
};
