// How the check rules compare texts for sameness (one normal form for every rule that compares).

/** Text compared for sameness: Unicode-normalised, white space collapsed, case and apostrophe style aside. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(/[’']/gu, "'").replace(/\s+/gu, ' ').trim().toLowerCase();
}

