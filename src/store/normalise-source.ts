/**
 * French text as the cache and the translation memory compare it: Unicode NFC,
 * runs of white space as one space, no space at the ends. Two segments that
 * differ only there are the same sentence and get the same translation.
 */
export function normaliseSource(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}
