// Progressive enhancement only: the page reads, highlights pairs (CSS :has)
// and switches views (radio buttons) without it. The script highlights every
// element sharing the hovered or focused segment's id, wherever it sits, and
// adds keyboard moves: ↑/↓ to the previous/next sentence on the same side,
// ←/→ to its counterpart. It is inlined and allowed by hash in the page's CSP.

export const pageScript = `(() => {
  const main = document.querySelector('main');
  if (!main) return;
  let active = [];
  const segOf = (node) => (node instanceof Element ? node.closest('[data-seg-id]') : null);
  const activate = (seg) => {
    for (const el of active) el.classList.remove('is-active');
    active = seg ? Array.from(main.querySelectorAll('[data-seg-id="' + CSS.escape(seg.dataset.segId) + '"]')) : [];
    for (const el of active) el.classList.add('is-active');
  };
  main.addEventListener('mouseover', (event) => activate(segOf(event.target)));
  main.addEventListener('mouseleave', () => activate(segOf(document.activeElement)));
  main.addEventListener('focusin', (event) => activate(segOf(event.target)));
  main.addEventListener('focusout', (event) => { if (!segOf(event.relatedTarget)) activate(null); });
  main.addEventListener('keydown', (event) => {
    const seg = segOf(event.target);
    if (!seg || event.altKey || event.ctrlKey || event.metaKey) return;
    const visible = (el) => el.offsetParent !== null || el.getClientRects().length > 0;
    let next = null;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const side = Array.from(main.querySelectorAll('[data-seg-id].' + (seg.classList.contains('src') ? 'src' : 'tgt'))).filter(visible);
      const at = side.indexOf(seg);
      next = side[at + (event.key === 'ArrowDown' ? 1 : -1)] || null;
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      next = Array.from(main.querySelectorAll('[data-seg-id="' + CSS.escape(seg.dataset.segId) + '"]'))
        .find((el) => el !== seg && visible(el)) || null;
    }
    if (next) { event.preventDefault(); next.focus(); }
  });
})();`;
