// The article's own details both reading pages show in their header.

/** The article's address when it is an http(s) one — the only kind a page links to; undefined otherwise. */
export function webAddress(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
}

/**
 * A local source file by its name alone: the absolute path says where it sat
 * on one machine, which is no reader's business (and not theirs to follow).
 */
export function sourceFileName(sourcePath: string): string {
  // An address (any scheme, two letters or more: "C:\\" is a drive) is shown as given; a path by its last part.
  if (/^[a-z][a-z0-9+.-]+:/i.test(sourcePath)) return sourcePath;
  return sourcePath.split(/[\\/]/).filter(Boolean).pop() ?? sourcePath;
}

/** Whether a date as the page gives it is ISO 8601 (a date, optionally a time), fit for `<time datetime>`. */
export function isoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value));
}
