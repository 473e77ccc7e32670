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

/** Whether a date as the page gives it is ISO 8601 (a date, optionally a time), fit for `<time datetime>`. */
export function isoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value));
}
