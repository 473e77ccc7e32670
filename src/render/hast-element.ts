import type { Element, ElementContent, Properties } from 'hast';

/**
 * A hast element made as a plain object, for what a page repeats per sentence:
 * rows, inline marks, findings. hastscript's `h()` is shared with the readers
 * (hast-util-from-parse5 builds every parsed page with it), and after a long
 * HTML page has been read, all of whose nodes survived, V8 allocates whatever
 * `h()` makes straight into the old generation ("pretenuring"): the page's
 * tens of thousands of short-lived rows then pile up there as garbage (about
 * 60 MB more at the peak for a 2.5 MB page). The frame, built once, keeps `h()`.
 * Properties are given as hast spells them: `className` and `rel` split into
 * lists, numbers as numbers, in the order they are to be written.
 */
export function element(tagName: string, properties: Properties, children: ReadonlyArray<ElementContent | string> | string = []): Element {
  const content = typeof children === 'string' ? [children] : children;
  return { type: 'element', tagName, properties, children: content.map((child) => (typeof child === 'string' ? { type: 'text', value: child } : child)) };
}
