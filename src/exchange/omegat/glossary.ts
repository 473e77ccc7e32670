// The pinned glossary as an OmegaT glossary: tab-separated
// source<TAB>target<TAB>comment, UTF-8 (OmegaT reads *.txt in glossary/ as
// UTF-8). One line per French form, so OmegaT's Glossary pane finds every
// variant the pipeline pins.

/** What the OmegaT glossary needs of a pinned entry (the glossary stage's GlossaryEntry fits). */
export interface PinnedTerm {
  sources: string[];
  target: string;
  targetForms: string[];
  type: string;
  keep: boolean;
  note: string;
}

export function writeOmegatGlossary(entries: readonly PinnedTerm[]): string {
  const cell = (text: string) => text.replace(/[\t\r\n]+/g, ' ').trim();
  const lines: string[] = [];
  for (const entry of entries) {
    const comment = [
      'pinned',
      entry.type,
      entry.keep ? 'keep the French form' : '',
      entry.targetForms.length > 0 ? `also accepted: ${entry.targetForms.join(', ')}` : '',
      entry.note,
    ]
      .filter((part) => part !== '')
      .join('; ');
    for (const source of entry.sources) {
      // A "keep" entry's English is the French as it occurs.
      lines.push([cell(source), cell(entry.keep || entry.target === '' ? source : entry.target), cell(comment)].join('\t'));
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
