import type { Segment } from '../core/types.js';

/** Text compared for sameness: Unicode-normalised, white space collapsed, case and apostrophe style aside. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(/[’']/gu, "'").replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** A target a person wrote or approved (never fixed automatically). */
export function isPersonText(segment: Segment): boolean {
  return segment.target !== undefined && (segment.provenance?.edited === true || segment.state === 'reviewed' || segment.state === 'final');
}
