// The concordance panel: every segment of every article whose French or
// English holds some words or a phrase (GET /api/search, ranked by the
// database's text search), each hit linking to its segment. Every text lands
// through textContent (el), so a hit's markup is shown, never run.

const STEP = 20;

/** hooks: el, api (editor.js's). Adds a button to the bar and the panel it opens. */
export function startConcordance({ el, api }) {
  const query = el('input', { type: 'search', id: 'concordance-query', required: true, maxlength: 500, placeholder: 'French or English words', 'aria-label': 'Search every article' });
  const side = el('select', { id: 'concordance-side', 'aria-label': 'Side' }, el('option', { value: 'both' }, 'French and English'), el('option', { value: 'source' }, 'French'), el('option', { value: 'target' }, 'English'));
  const phrase = el('input', { type: 'checkbox', id: 'concordance-phrase' });
  const results = el('ol', { id: 'concordance-results', class: 'hits' });
  const note = el('p', { id: 'concordance-note', class: 'sub', role: 'status' });
  const more = el('button', { type: 'button', id: 'concordance-more', hidden: true }, 'More');
  let offset = 0;
  let asked = null;

  async function search(from) {
    const params = new URLSearchParams({ q: asked.q, side: asked.side, limit: String(STEP), offset: String(from) });
    if (asked.phrase) params.set('phrase', '1');
    note.textContent = 'searching…';
    const { status, data } = await api('GET', `/api/search?${params}`);
    if (status !== 200) {
      note.textContent = data.message;
      return;
    }
    if (from === 0) results.replaceChildren();
    results.append(...data.hits.map(hit));
    offset = from + data.hits.length;
    more.hidden = data.hits.length < STEP;
    // A very common word or phrase: the store ranked only the first matches it found, and says so.
    const bounded = data.bestOfFirst === undefined ? '' : ` (the best of the first ${data.bestOfFirst.toLocaleString('en')} matches found; more match: add a word to narrow)`;
    note.textContent = offset === 0 ? 'no segment matches' : `${offset} segment(s)${more.hidden ? '' : ' so far'}${bounded}`;
  }

  function hit(found) {
    const link = `#/a/${encodeURIComponent(found.slug)}/s/${encodeURIComponent(found.segmentId)}`;
    return el(
      'li',
      { class: 'hit', 'data-slug': found.slug, 'data-id': found.segmentId },
      el('div', {}, el('a', { href: link, onclick: () => (panel.hidden = true) }, found.title || found.slug), ' ', el('span', { class: 'sub' }, found.segmentId), ' ', el('span', { class: `badge ${found.state}` }, found.state)),
      el('div', { class: 'fr', lang: 'fr' }, found.source),
      el('div', { class: 'en', lang: 'en' }, found.target ?? ''),
    );
  }

  const form = el(
    'form',
    {
      class: 'concordance-form',
      role: 'search',
      onsubmit: (event) => {
        event.preventDefault();
        if (!query.value.trim()) return;
        asked = { q: query.value, side: side.value, phrase: phrase.checked };
        void search(0);
      },
    },
    query,
    side,
    el('label', {}, phrase, ' as a phrase'),
    el('button', { type: 'submit' }, 'Search'),
  );
  more.addEventListener('click', () => void search(offset));
  const panel = el('section', { id: 'concordance', class: 'panel concordance', hidden: true, 'aria-label': 'Concordance' }, el('h2', {}, 'Concordance'), form, note, results, more);
  const button = el('button', { type: 'button', id: 'concordance-button', 'aria-controls': 'concordance', title: 'Search every segment of every article' }, 'Concordance');
  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    if (!panel.hidden) query.focus();
  });
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    panel.hidden = true;
    button.focus();
  });
  document.querySelector('#who').before(button);
  document.body.append(panel);
}
