// The reading page's only stylesheet, inlined so the page works from file://
// with no external resources. Views are radio buttons read by `:has()`, so
// switching views needs no script at all.

export const pageStyle = `
:root {
  color-scheme: light dark;
  --fg: #1b1b1b; --muted: #4f4f4f; --bg: #ffffff; --rule: #d6d3cc;
  --src-bg: #f7f4ec; --hl: #fde68a; --focus: #1d4ed8; --term: #1e40af; --warn: #9a3412;
}
@media (prefers-color-scheme: dark) {
  :root { --fg: #ececec; --muted: #b9b9b9; --bg: #161616; --rule: #3a3a3a;
    --src-bg: #222019; --hl: #5b4a12; --focus: #93b4ff; --term: #a5c0ff; --warn: #fdba74; }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0; font: 1.0625rem/1.6 Georgia, "Times New Roman", serif; }
.skip { position: absolute; left: -100vw; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .25rem .5rem; outline: 2px solid var(--focus); }
.page { max-width: 76rem; margin: 0 auto; padding: 1.25rem 1.5rem 3rem; }
header h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .5rem; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 1rem;
  font: .875rem/1.45 system-ui, sans-serif; color: var(--muted); }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.views { border: 0; margin: 0 0 1rem; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem;
  font: .9375rem/1.4 system-ui, sans-serif; }
.views legend { font-weight: 600; padding: 0; margin-right: .5rem; float: left; }
.views label { cursor: pointer; white-space: nowrap; }
.views input:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); column-gap: 2rem;
  align-items: start; position: relative; }
.heads { position: sticky; top: 0; z-index: 1; background: var(--bg); border-bottom: 1px solid var(--rule);
  font: 600 .8125rem/1.4 system-ui, sans-serif; letter-spacing: .04em; text-transform: uppercase;
  color: var(--muted); padding: .35rem 0; margin-bottom: .75rem; }
.heads > * { padding: 0 .4rem; }
.block { margin: 0; padding: .6rem 0; border-top: 1px solid var(--rule); }
.block:first-of-type { border-top: 0; }
.seg { margin: 0; padding: .05rem .4rem; border-radius: 3px; font-size: inherit; }
.seg.src { background: var(--src-bg); }
.seg:focus { outline: 2px solid var(--focus); outline-offset: 1px; }
.row:not(.table-row):has(.seg:hover) .seg, .row:not(.table-row):has(.seg:focus) .seg, .table-row .seg:hover, .table-row .seg:focus, .seg.is-active { background: var(--hl); }
.table-side { overflow-x: auto; }
.table-side table { border-collapse: collapse; width: 100%; font-size: .9375rem; }
.table-side th, .table-side td { border: 1px solid var(--rule); padding: .2rem .3rem; vertical-align: top; text-align: left; }
.table-side .seg { padding: 0 .1rem; }
.block-caption .seg, .block-image-alt .seg { font-size: .9375rem; color: var(--muted); font-style: italic; }
.kept { margin: 0; padding: .4rem; overflow-x: auto; background: var(--src-bg); border-radius: 3px; }
.block-title .seg { font-size: 1.35rem; font-weight: 700; line-height: 1.3; }
h2.seg { font-size: 1.25rem; } h3.seg { font-size: 1.125rem; } h4.seg, h5.seg, h6.seg { font-size: 1rem; }
.block-quote .seg { font-style: italic; border-left: 3px solid var(--rule); }
.block-list-item .row:first-child .seg::before { content: "• "; }
.term { text-decoration: underline dotted var(--term) 2px; text-underline-offset: .2em; cursor: help; }
.term-missing { text-decoration: underline wavy var(--warn) 2px; }
/* Keyboard readers get the pinned forms that mouse readers see in the tooltip. */
.seg.src:focus .term::after { content: " → " attr(data-pinned); font: .75em/1 system-ui, sans-serif; color: var(--term); }
.inert-link { text-decoration: line-through; }
code { font-family: ui-monospace, monospace; font-size: .9em; }
a { color: var(--term); }
.untranslated, .unmatched { color: var(--muted); font-style: italic; }
.has-findings .seg.tgt { box-shadow: inset -3px 0 var(--warn); }
.seg.tgt.approved::after { content: " ✓" / ""; color: var(--muted); font: .75em/1 system-ui, sans-serif; }
.badge { position: absolute; right: -1.4rem; top: .1rem; color: var(--warn); text-decoration: none;
  font: 700 .875rem/1 system-ui, sans-serif; }
.findings { margin-top: 2rem; font: .9375rem/1.5 system-ui, sans-serif; }
.findings h2 { font-size: 1.125rem; }
.sev-error { color: var(--warn); font-weight: 700; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }

/* Interleaved: each French sentence with its English right under it. */
body:has(#view-interleaved:checked) .row { grid-template-columns: minmax(0, 1fr); }
body:has(#view-interleaved:checked) .heads { display: none; }
body:has(#view-interleaved:checked) .seg.tgt { margin: .1rem 0 .5rem 1.25rem; }
body:has(#view-interleaved:checked) .table-side .seg.tgt { margin: 0; }
body:has(#view-interleaved:checked) .tgt-side { margin-top: .5rem; }
body:has(#view-target:checked) .table-row, body:has(#view-source:checked) .table-row { grid-template-columns: minmax(0, 1fr); }

/* One language only: the sentences flow as a paragraph again. */
body:has(#view-target:checked) .seg.src, body:has(#view-source:checked) .seg.tgt,
body:has(#view-target:checked) .src-side, body:has(#view-source:checked) .tgt-side,
body:has(#view-target:checked) .heads, body:has(#view-source:checked) .heads { display: none; }
body:has(#view-target:checked) .row:not(.heads, .table-row), body:has(#view-source:checked) .row:not(.heads, .table-row),
body:has(#view-target:checked) .seg:not(h1, h2, h3, h4, h5, h6), body:has(#view-source:checked) .seg:not(h1, h2, h3, h4, h5, h6) {
  display: inline; }
body:has(#view-target:checked) .seg, body:has(#view-source:checked) .seg { background: none; padding: 0; }
/* The findings bar would sit on the sentence's last character once it flows inline: the badge after it says it. */
body:has(#view-target:checked) .has-findings .seg.tgt { box-shadow: none; }
body:has(#view-target:checked) .badge { position: static; margin-left: .2em; vertical-align: super; font-size: .7em; }
/* Findings are about the English: the French alone shows none. */
body:has(#view-source:checked) .badge { display: none; }

/* Narrow screens: side by side becomes stacked, French then English. */
@media (max-width: 42rem) {
  .page { padding: 1rem; }
  body:has(#view-side:checked) .row { grid-template-columns: minmax(0, 1fr); }
  body:has(#view-side:checked) .heads { display: none; }
  body:has(#view-side:checked) .seg.tgt { margin: .1rem 0 .5rem 1rem; }
  .badge { right: 0; }
}

@media print {
  :root { --fg: #000; --bg: #fff; --src-bg: transparent; --hl: transparent; --rule: #999; }
  body { font-size: 10.5pt; }
  .page { max-width: none; padding: 0; }
  /* Print is for reading: the technical findings list and its markers stay on screen. */
  .views, .skip, .badge, .findings { display: none; }
  .has-findings .seg.tgt { box-shadow: none; }
  .heads { position: static; }
  .row { break-inside: avoid; column-gap: 1.2rem; }
  .block { break-inside: auto; }
  /* A link's address after it, once: not after a link whose text is already its address (the source). */
  main a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
}
`;
