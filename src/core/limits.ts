// Limits on what people send back, the same whichever way it comes: through
// the review API or in a file given to `import`. A sentence's English is far
// shorter than either; text beyond them is a mistake or an attack, and
// accepting it costs memory out of all proportion (a 40 MB target took 2 GB).

/** Longest target or comment accepted, in characters. */
export const MAX_SEGMENT_TEXT = 20_000;

/**
 * Largest exchange file `import` reads, in bytes. An exported article is
 * about five times its French text, so this is an article of some 6 MB of
 * text: far beyond any news article, small enough to parse in bounded memory.
 */
export const MAX_EXCHANGE_FILE_BYTES = 32 * 1024 * 1024;
