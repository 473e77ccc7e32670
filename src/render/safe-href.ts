/** Schemes a link in an article may keep; anything else (javascript:, data:, vbscript:, file:) becomes plain text. */
const safeSchemes = new Set(['http', 'https', 'mailto']);

/**
 * The href to emit for a link from untrusted text, or undefined when the link
 * must be rendered inert. Browsers ignore tabs, newlines and leading control
 * characters in URLs ("java\tscript:" runs), so they are removed before the
 * scheme is read.
 */
export function safeHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  const cleaned = href.replace(/[\u0000-\u0020\u007f]/g, '');
  if (cleaned === '') return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  if (scheme === null) {
    // A relative reference, unless the colon is hidden behind an entity-like trick.
    return /^[^/?#]*&#|^[^/?#]*&colon;/i.test(cleaned) ? undefined : href.trim();
  }
  return safeSchemes.has(scheme[1]!.toLowerCase()) ? href.trim() : undefined;
}
