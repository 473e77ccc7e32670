// A person's search text as the words a text index knows, so that nothing
// they type is ever read as query syntax: FTS5's quotes, AND, NEAR,
// parentheses and column filters, or tsquery's operators, are only
// punctuation here. Both engines get the same words; each builds its own
// query from them (sqlite-engine.ts quotes each word, postgres-engine.ts
// hands them to plainto_tsquery / phraseto_tsquery as plain text).

/** Letters, digits and combining marks: what both indexes' tokenizers keep as words. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

export function searchWords(query: string): string[] {
  return query.match(WORD) ?? [];
}

/** An FTS5 MATCH expression for the words, on the side(s) asked: every word quoted, a phrase as one quoted string. */
export function ftsExpression(words: string[], options: { phrase?: boolean; side?: 'source' | 'target' | 'both' }): string {
  // The words hold no quote (see WORD), so quoting cannot be escaped out of.
  const expression = options.phrase ? `"${words.join(' ')}"` : words.map((word) => `"${word}"`).join(' ');
  const side = options.side ?? 'both';
  return side === 'both' ? `source : (${expression}) OR target : (${expression})` : `${side} : (${expression})`;
}
