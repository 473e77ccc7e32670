// The review editor: plain DOM, no framework, no build step. Every text from
// the server lands through textContent (never innerHTML), so markup in a
// sentence or comment is shown as text. The page talks to the JSON API only.
// Live changes and presence (live.js) and the concordance (concordance.js)
// are modules of their own, given what they need from here.

import { startConcordance } from './concordance.js';
import { startLive } from './live.js';

const $ = (selector) => document.querySelector(selector);
const STATES = ['new', 'translated', 'reviewed', 'final'];

const state = {
  session: { user: null, engines: [] },
  slug: null,
  article: null,
  effort: null,
  rows: [],
  selected: -1,
  editing: null, // { id, base, revision, textarea }
  lastSave: null, // { id, revision } of the last saved change to a text or state, for undo
  filters: { state: '', findings: false, term: '', search: '' },
};

/** Build an element: el('p', { class: 'x', onclick }, 'text', child). Strings become text nodes. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

/** The name this browser chose (asked once, kept here); `--user` is only the name offered. With accounts, the signed-in account's. */
function userName() {
  if (state.session.accounts) return state.session.user ?? '';
  return localStorage.getItem('diptych-review-user') ?? '';
}

/** Whether the signed-in role may approve, restore, relink: the page offers nothing the server would refuse. */
function can(what) {
  return state.session.can?.[what] ?? true;
}

/** Merge marks left in a text: the editor's own ⟦mine | theirs⟧ (the server refuses them too). */
function unresolvedParts(text) {
  return text.match(/⟦[^⟦⟧]*⟧?|⟧/gu) ?? [];
}

/** The row being edited (or null); the others are told, so their pages mark it. */
function setEditing(editing) {
  state.editing = editing;
  live.editing(editing?.id ?? null);
}

function showStatus(text) {
  $('#status').textContent = text;
}

async function api(method, url, body, init = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const name = userName();
  if (name) headers['x-diptych-user'] = encodeURIComponent(name);
  const response = await fetch(url, { ...init, method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const data = await response.json().catch(() => ({ error: 'bad-response', message: `HTTP ${response.status}` }));
  return { status: response.status, data };
}

// ---- words and diffs -------------------------------------------------------

/** Words with the spaces after them, so joining gives the text back. */
function tokens(text) {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** For each token of a, the index of its partner in b along a longest common subsequence, or -1. */
function lcsPairs(a, b) {
  const key = (token) => token.trim();
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint16Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] = key(a[i]) === key(b[j]) ? table[(i + 1) * cols + j + 1] + 1 : Math.max(table[(i + 1) * cols + j], table[i * cols + j + 1]);
    }
  }
  const pairs = new Array(a.length).fill(-1);
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (key(a[i]) === key(b[j])) {
      pairs[i] = j;
      i++;
      j++;
    } else if (table[(i + 1) * cols + j] >= table[i * cols + j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** A word diff from `from` to `to` as spans: removed words struck through, added words marked. */
function wordDiff(from, to) {
  const a = tokens(from);
  const b = tokens(to);
  const pairs = lcsPairs(a, b);
  const out = [];
  let j = 0;
  a.forEach((token, i) => {
    if (pairs[i] === -1) {
      out.push(el('del', {}, token));
      return;
    }
    while (j < pairs[i]) out.push(el('ins', {}, b[j++]));
    out.push(document.createTextNode(token));
    j++;
  });
  while (j < b.length) out.push(el('ins', {}, b[j++]));
  return el('span', { class: 'diff' }, out);
}

/** Three-way merge by words: changes on one side only are taken; overlapping changes are kept both, marked ⟦mine | theirs⟧. */
function merge3(base, mine, theirs) {
  const b = tokens(base);
  const m = tokens(mine);
  const t = tokens(theirs);
  const toMine = lcsPairs(b, m);
  const toTheirs = lcsPairs(b, t);
  const out = [];
  let conflicts = 0;
  let pb = 0;
  let pm = 0;
  let pt = 0;
  const same = (x, y) => x.join('').trim() === y.join('').trim();
  for (let k = 0; k <= b.length; k++) {
    const stable = k === b.length || (toMine[k] >= 0 && toTheirs[k] >= 0);
    if (!stable) continue;
    const em = k === b.length ? m.length : toMine[k];
    const et = k === b.length ? t.length : toTheirs[k];
    const baseChunk = b.slice(pb, k);
    const mineChunk = m.slice(pm, em);
    const theirChunk = t.slice(pt, et);
    if (same(mineChunk, baseChunk)) out.push(...theirChunk);
    else if (same(theirChunk, baseChunk) || same(mineChunk, theirChunk)) out.push(...mineChunk);
    else {
      conflicts++;
      out.push(`⟦${mineChunk.join('').trim()} | ${theirChunk.join('').trim()}⟧ `);
    }
    if (k < b.length) {
      // The word all three share, with the spacing mine gave it (a word added after it needs its space).
      out.push(m[em]);
      pb = k + 1;
      pm = em + 1;
      pt = et + 1;
    }
  }
  return { text: out.join('').trim(), conflicts };
}

// ---- article list ------------------------------------------------------------

/** Articles per page of the list: a store of thousands is never listed whole. */
const LIST_PAGE = 50;

async function showList(offset = 0) {
  live.watch(null);
  state.slug = null;
  state.article = null;
  $('#where').textContent = '';
  const { status, data } = await api('GET', `/api/articles?offset=${offset}&limit=${LIST_PAGE}`);
  const main = $('#main');
  main.replaceChildren();
  if (status !== 200) {
    main.append(el('p', { class: 'error' }, data.message));
    return;
  }
  // With accounts: who each article is given to (and how far they are), and what is mine and not done.
  const team = state.session.accounts;
  const assignments = team ? ((await api('GET', '/api/assignments')).data.assignments ?? []) : [];
  const work = team ? ((await api('GET', '/api/me/work')).data.work ?? []) : [];
  const assignees = (slug) => assignments.filter((assignment) => assignment.slug === slug).map((assignment) => `${assignment.account} ${assignment.done}/${assignment.segments}`).join(' · ');
  const rows = data.articles.map((article) =>
    el(
      'tr',
      {},
      el('td', {}, el('a', { href: `#/a/${encodeURIComponent(article.slug)}` }, article.title || article.slug), article.targetTitle ? el('div', { class: 'sub' }, article.targetTitle) : null),
      el('td', { class: 'n' }, article.segments),
      STATES.map((name) => el('td', { class: 'n' }, article.states[name])),
      el('td', { class: 'n' }, article.findings),
      el('td', {}, el('progress', { max: 100, value: article.progress }), ` ${article.progress}%`),
      el('td', { class: 'n' }, article.effort.segments ? `${article.effort.kept}% · ${article.effort.pee} · ${article.effort.chrF}` : '–'),
      team ? el('td', { class: 'assignees' }, assignees(article.slug)) : null,
    ),
  );
  if (team) {
    main.append(
      el('h2', {}, 'My work'),
      work.length
        ? el('ul', { id: 'my-work' }, work.map((assignment) => el('li', {}, el('a', { href: `#/a/${encodeURIComponent(assignment.slug)}` }, assignment.title || assignment.slug), ` — ${assignment.done}/${assignment.segments} done${assignment.from ? ` (segments ${assignment.from}…${assignment.to})` : ''}, given by ${assignment.by}`)))
        : el('p', { id: 'my-work' }, 'Nothing assigned to you is waiting.'),
    );
  }
  // Pages as links (#/p/<offset>): the browser's Back returns to the page left.
  const pager =
    data.total > data.articles.length
      ? el(
          'nav',
          { class: 'pager', 'aria-label': 'Article pages' },
          offset > 0 ? el('a', { href: `#/p/${Math.max(0, offset - LIST_PAGE)}`, rel: 'prev' }, '‹ Previous') : null,
          el('span', { class: 'sub' }, ` Articles ${data.total === 0 ? 0 : offset + 1}–${offset + data.articles.length} of ${data.total} `),
          offset + LIST_PAGE < data.total ? el('a', { href: `#/p/${offset + LIST_PAGE}`, rel: 'next' }, 'Next ›') : null,
        )
      : null;
  main.append(
    el('h1', {}, 'Articles'),
    // DOM append writes a null as the text "null": one page, no pager.
    ...(pager ? [pager] : []),
    el(
      'table',
      { class: 'list' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Article'), el('th', {}, 'Segments'), STATES.map((name) => el('th', {}, name)), el('th', {}, 'Findings'), el('th', {}, 'Progress'), el('th', { title: 'MT kept unmodified · MateCat PEE · chrF of MT vs final' }, 'Effort (kept · PEE · chrF)'), team ? el('th', {}, 'Assigned (done/segments)') : null)),
      el('tbody', {}, rows),
    ),
  );
  if (pager) main.append(pager.cloneNode(true));
  if (data.total === 0) main.append(el('p', {}, 'No article stores in this folder yet: run `diptych batch` first.'));
  // Who did what, newest first (texts saved, comments, reviewed and approved), each linked to its article.
  const recent = await api('GET', '/api/activity?limit=20');
  if (recent.status === 200 && recent.data.events.length) {
    main.append(
      el('h2', {}, 'Recent changes'),
      el('ul', { id: 'activity' }, recent.data.events.map((event) => el('li', {}, `${new Date(event.at).toLocaleString()} · `, el('span', { class: 'who' }, event.by), ` ${event.what} `, el('a', { href: `#/a/${encodeURIComponent(event.slug)}` }, event.slug), ` ${event.segment}`))),
    );
  }
  // A damaged store is named, not hidden: the others stay reviewable.
  for (const broken of data.broken ?? []) main.append(el('p', { class: 'error' }, broken.message));
}

// ---- one article -----------------------------------------------------------------

async function showArticle(slug) {
  // Listening before reading: a save made while the article loads is heard, not missed.
  if (state.slug !== slug) state.article = null;
  live.watch(slug);
  const { status, data } = await api('GET', `/api/articles/${encodeURIComponent(slug)}`);
  const main = $('#main');
  if (status !== 200) {
    main.replaceChildren(el('p', { class: 'error' }, data.message));
    return;
  }
  state.slug = slug;
  state.article = data.article;
  state.effort = data.effort;
  setEditing(null);
  $('#where').textContent = `› ${data.article.title || slug}`;
  const terms = new Map();
  for (const segment of segments()) for (const term of segment.terms) terms.set(term.entry, term.target);
  const filterBar = el(
    'div',
    { class: 'filters', role: 'search' },
    el('label', {}, 'State ', el('select', { id: 'filter-state', onchange: (event) => setFilter('state', event.target.value) }, el('option', { value: '' }, 'all'), el('option', { value: 'todo' }, 'needs work'), STATES.map((name) => el('option', { value: name }, name)))),
    el('label', {}, el('input', { type: 'checkbox', id: 'filter-findings', onchange: (event) => setFilter('findings', event.target.checked) }), ' with findings'),
    el('label', {}, 'Term ', el('select', { id: 'filter-term', onchange: (event) => setFilter('term', event.target.value) }, el('option', { value: '' }, 'any'), [...terms].map(([entry, target]) => el('option', { value: entry }, `${entry} → ${target}`)))),
    el('label', {}, 'Search ', el('input', { type: 'search', id: 'filter-search', placeholder: 'French or English', oninput: (event) => setFilter('search', event.target.value) })),
    el('span', { id: 'article-effort', class: 'sub' }),
    state.session.accounts && can('assign') ? assignForm(slug) : null,
    state.session.accounts && can('glossary') ? el('button', { type: 'button', id: 'term-candidates', onclick: () => void showCandidates(slug) }, 'Glossary candidates') : null,
  );
  main.replaceChildren(el('h1', {}, data.article.title || slug), filterBar, el('div', { id: 'rows', class: 'rows' }));
  renderRows();
  showArticleEffort();
}

// ---- the glossary in the editor ---------------------------------------------------

const TERM_TYPES = ['person', 'organisation', 'place', 'office', 'weapon', 'other'];

/** French text selected in one row's French: offered as a new glossary entry (reviewers, once there are accounts). */
document.addEventListener('mouseup', (event) => {
  if (!state.session.accounts || !can('glossary') || !event.target?.closest?.('#rows .fr')) return;
  const text = window.getSelection()?.toString().trim() ?? '';
  if (text && text.length <= 200) openTermForm(text);
});

/** The candidates `glossary suggest` finds in this article, each one click from the entry form. */
async function showCandidates(slug) {
  document.querySelector('#candidates')?.remove();
  const { status, data } = await api('GET', `/api/glossary/suggestions?slug=${encodeURIComponent(slug)}`);
  if (status !== 200) {
    showStatus(data.message);
    return;
  }
  const panel = el(
    'section',
    { id: 'candidates', class: 'panel', 'aria-label': 'Glossary candidates' },
    el('h2', {}, 'Glossary candidates'),
    data.suggestions.length
      ? el('ul', {}, data.suggestions.map((candidate) => el('li', {}, el('button', { type: 'button', class: 'candidate', onclick: () => { panel.remove(); openTermForm(candidate.text); } }, candidate.text), ` ${candidate.kind}, ${candidate.count}×`)))
      : el('p', {}, 'No candidate: every name here is pinned.'),
    el('button', { type: 'button', onclick: () => panel.remove() }, 'Close'),
  );
  document.body.append(panel);
}

/** After a new entry: translate again, with it, the machine segments that lack its English (on request; a person's text never). */
function offerRetranslation(entry) {
  document.querySelector('#retranslate')?.remove();
  const panel = el(
    'section',
    { id: 'retranslate', class: 'panel', 'aria-label': 'Re-translate' },
    el('p', {}, `Translate again with ${state.session.engines[0]} the machine segments holding “${entry.source}” but not “${entry.target}”? Texts people wrote or approved are kept.`),
    el(
      'div',
      { class: 'buttons' },
      el('button', {
        type: 'button',
        id: 'retranslate-button',
        onclick: async () => {
          panel.remove();
          showStatus('re-translating…');
          const { status, data } = await api('POST', `/api/glossary/${encodeURIComponent(entry.id)}/retranslate`, {});
          showStatus(status === 200 ? `${data.retranslated.length} segment(s) re-translated, ${data.kept} kept (a person's text)` : data.message);
          if (status === 200 && state.slug) await showArticle(state.slug);
        },
      }, 'Re-translate'),
      el('button', { type: 'button', onclick: () => panel.remove() }, 'Not now'),
    ),
  );
  document.body.append(panel);
}

function openTermForm(source) {
  document.querySelector('#term-form')?.remove();
  const target = el('input', { id: 'term-target', required: true, maxlength: 200, 'aria-label': 'English' });
  const type = el('select', { id: 'term-type', 'aria-label': 'Type' }, TERM_TYPES.map((name) => el('option', { value: name, selected: name === 'other' }, name)));
  const note = el('input', { id: 'term-note', maxlength: 2000, 'aria-label': 'Note', placeholder: 'note (optional)' });
  const form = el(
    'form',
    {
      id: 'term-form',
      class: 'panel',
      onsubmit: async (event) => {
        event.preventDefault();
        const { status, data } = await api('POST', '/api/glossary', { source, target: target.value, type: type.value, note: note.value });
        if (status !== 201) {
          showStatus(data.message);
          return;
        }
        form.remove();
        showStatus(`added “${data.entry.source}” → “${data.entry.target}”; ${data.rechecked.length} article(s) re-checked`);
        // The findings the new entry brings, on this page now.
        if (state.slug) await showArticle(state.slug);
        if (state.session.engines.length) offerRetranslation(data.entry);
      },
    },
    el('h2', {}, 'Add to the glossary'),
    el('p', {}, el('span', { class: 'label' }, 'French: '), el('span', { id: 'term-source' }, source)),
    el('label', {}, 'English ', target),
    el('label', {}, ' Type ', type),
    el('label', {}, ' ', note),
    el('div', { class: 'buttons' }, el('button', { type: 'submit' }, 'Add'), el('button', { type: 'button', onclick: () => form.remove() }, 'Cancel')),
  );
  document.body.append(form);
  target.focus();
}

/** A reviewer gives the whole article to a person (a range of segments: the API's from/to). */
function assignForm(slug) {
  const input = el('input', { id: 'assign-name', placeholder: 'account name', maxlength: 80, 'aria-label': 'Assign to' });
  return el(
    'form',
    {
      class: 'assign',
      onsubmit: async (event) => {
        event.preventDefault();
        const name = input.value.trim();
        if (!name) return;
        const { status, data } = await api('POST', `/api/articles/${encodeURIComponent(slug)}/assignments`, { name });
        showStatus(status === 201 ? `assigned to ${data.assignment.account}` : data.message);
        if (status === 201) input.value = '';
      },
    },
    input,
    el('button', { type: 'submit' }, 'Assign article'),
  );
}

function showArticleEffort() {
  const effort = state.effort?.article;
  const done = segments().filter((segment) => segment.state === 'reviewed' || segment.state === 'final').length;
  $('#article-effort').textContent = `${done}/${segments().length} reviewed${effort && effort.segments ? ` · effort on ${effort.segments}: MT kept ${effort.kept}%, PEE ${effort.pee}, chrF ${effort.chrF}` : ''}`;
}

function segments() {
  return state.article ? state.article.blocks.flatMap((block) => block.segments) : [];
}

function setFilter(name, value) {
  state.filters[name] = value;
  renderRows();
}

function visible(segment) {
  const { filters } = state;
  if (filters.state === 'todo' && segment.state === 'final') return false;
  if (filters.state && filters.state !== 'todo' && segment.state !== filters.state) return false;
  if (filters.findings && segment.findings.length === 0) return false;
  if (filters.term && !segment.terms.some((term) => term.entry === filters.term)) return false;
  if (filters.search) {
    const needle = filters.search.toLocaleLowerCase();
    if (!segment.source.toLocaleLowerCase().includes(needle) && !(segment.target ?? '').toLocaleLowerCase().includes(needle)) return false;
  }
  return true;
}

function renderRows() {
  const container = $('#rows');
  if (!container) return;
  const selectedId = state.rows[state.selected]?.id;
  state.rows = segments().filter(visible);
  container.replaceChildren(...state.rows.map(renderRow));
  live.decorateAll();
  // A row the filter now hides (just fixed, just approved) hands the selection to the one after it, not to the top.
  select(selectedId === undefined ? (state.rows.length > 0 ? 0 : -1) : rowIndexFrom(selectedId, 0), false);
}

/**
 * The index in the shown rows of segment `id`, or (when it is not shown) of
 * the first shown segment after it in the article; `step` 1 starts after it.
 */
function rowIndexFrom(id, step, accept = () => true) {
  const all = segments();
  const at = all.findIndex((segment) => segment.id === id);
  for (let k = step; k < all.length + step; k++) {
    const segment = all[(at + k) % all.length];
    if (!segment || !accept(segment)) continue;
    const index = state.rows.indexOf(segment);
    if (index >= 0) return index;
  }
  return state.rows.length - 1;
}

/** The French with each glossary term marked and its pinned English beside it. */
function sourceWithTerms(segment) {
  const spans = [];
  for (const term of segment.terms) {
    let from = 0;
    for (;;) {
      const at = segment.source.indexOf(term.source, from);
      if (at < 0) break;
      if (!spans.some((span) => at < span.end && at + term.source.length > span.start)) {
        spans.push({ start: at, end: at + term.source.length, term });
        break;
      }
      from = at + 1;
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const out = [];
  let at = 0;
  for (const span of spans) {
    out.push(segment.source.slice(at, span.start));
    out.push(el('mark', { class: `term ${span.term.satisfied === false ? 'missing' : 'ok'}`, title: `pinned: ${span.term.target}` }, segment.source.slice(span.start, span.end), el('span', { class: 'pin' }, ` → ${span.term.target}`)));
    at = span.end;
  }
  out.push(segment.source.slice(at));
  return out;
}

function renderRow(segment) {
  const effort = state.effort?.segments?.[segment.id];
  const machine = segment.machineTarget ?? segment.history?.find((version) => version.origin === 'machine')?.target;
  const details = [];
  if (machine !== undefined && machine !== segment.target) details.push(el('div', { class: 'mt' }, el('span', { class: 'label' }, 'MT: '), wordDiff(machine, segment.target ?? '')));
  if (segment.memoryMatch && segment.memoryMatch.target !== segment.target) {
    details.push(el('div', { class: 'tm' }, el('span', { class: 'label' }, `TM ${Math.round(segment.memoryMatch.similarity * 100)}%: `), wordDiff(segment.memoryMatch.target, segment.target ?? '')));
  }
  const findings = segment.findings.map((finding) => el('li', { class: `finding ${finding.severity}` }, `${finding.severity}: ${finding.message}`));
  const comments = (segment.comments ?? []).map((comment) => el('li', { class: 'comment' }, el('span', { class: 'who' }, `${comment.author}, ${new Date(comment.at).toLocaleString()}: `), el('span', { class: 'text' }, comment.text)));
  const history = (segment.history ?? []).map((version, index, all) =>
    el(
      'li',
      {},
      el('span', { class: 'who' }, `r${version.revision} ${version.origin} · ${version.by} · ${new Date(version.at).toLocaleString()}: `),
      el('span', { class: 'text' }, version.target),
      can('restore') && (index < all.length - 1 || version.target !== segment.target) ? el('button', { type: 'button', class: 'restore', onclick: () => restore(segment, index) }, 'Restore') : null,
    ),
  );
  const provenance = segment.provenance;
  return el(
    'article',
    { class: `row state-${segment.state}`, 'data-id': segment.id, tabindex: -1, onclick: () => select(state.rows.findIndex((shown) => shown.id === segment.id), false), ondblclick: () => startEdit() },
    el('div', { class: 'fr', lang: 'fr' }, sourceWithTerms(segment)),
    el(
      'div',
      { class: 'en', lang: 'en' },
      el('div', { class: 'target' }, segment.target ?? ''),
      details,
      findings.length ? el('ul', { class: 'findings' }, findings) : null,
      comments.length ? el('ul', { class: 'comments' }, comments) : null,
      history.length ? el('details', { class: 'history' }, el('summary', {}, `History (${history.length})`), el('ol', {}, history)) : null,
    ),
    el(
      'div',
      { class: 'meta' },
      el('span', { class: `badge ${segment.state}` }, segment.state),
      el('span', { class: 'sub' }, `r${segment.revision ?? 0}`),
      provenance ? el('span', { class: 'sub', title: `glossary ${provenance.glossaryVersion}` }, provenance.edited ? `edited by ${provenance.editor ?? 'a person'}` : provenance.translator + (provenance.model ? ` (${provenance.model})` : '')) : null,
      effort && effort.segments ? el('span', { class: 'sub', title: 'MT kept · PEE · chrF' }, `${effort.kept}% · ${effort.pee} · ${effort.chrF}`) : null,
      can('approve') && segment.state !== 'final' ? el('button', { type: 'button', class: 'approve-button', onclick: () => save(segment.id, { state: 'final' }) }, 'Approve') : null,
      segment.state === 'new' || segment.state === 'translated' ? el('button', { type: 'button', class: 'reviewed-button', onclick: () => save(segment.id, { state: 'reviewed' }) }, 'Mark reviewed') : null,
      el('button', { type: 'button', class: 'comment-button', onclick: () => startComment(segment.id) }, 'Comment'),
      state.session.engines.length ? el('button', { type: 'button', class: 'suggest-button', onclick: () => suggest(segment.id) }, `Ask ${state.session.engines[0]}`) : null,
      segment.link && can('relink') ? linkButtons(segment) : null,
    ),
  );
}

/** An aligned article (`diptych align`): move a sentence to the link before or after, merge with the next link, split. */
function linkButtons(segment) {
  const button = (label, title, body) => el('button', { type: 'button', class: 'relink-button', title, onclick: () => void relinkSegment(segment, body) }, label);
  return el(
    'span',
    { class: 'relink', title: `link: French ${segment.link.fr.join(',') || '—'} · English ${segment.link.en.join(',') || '—'} · confidence ${segment.link.confidence}` },
    button('FR↑', 'move the first French sentence to the link before', { operation: 'french-to-previous' }),
    button('FR↓', 'move the last French sentence to the link after', { operation: 'french-to-next' }),
    button('EN↑', 'move the first English sentence to the link before', { operation: 'english-to-previous' }),
    button('EN↓', 'move the last English sentence to the link after', { operation: 'english-to-next' }),
    button('Merge↓', 'merge with the link after', { operation: 'merge-with-next' }),
    button('Split', 'split this link in two', { operation: 'split' }),
  );
}

/** Bring back a text from the segment's history (a reviewer's call: its own route). */
async function restore(segment, entry) {
  showStatus('restoring…');
  const { status, data } = await api('POST', `/api/articles/${encodeURIComponent(state.slug)}/segments/${encodeURIComponent(segment.id)}/restore`, { revision: segment.revision ?? 0, entry });
  if (status !== 200) {
    if (data.segment) replaceInArticle(data.segment);
    showStatus(data.message);
    renderRows();
    return;
  }
  state.lastSave = { id: segment.id, revision: data.segment.revision };
  replaceInArticle(data.segment);
  showStatus(`restored r${data.segment.revision}`);
  renderRows();
}

async function relinkSegment(segment, body) {
  // Like every write, a relink carries the name this browser chose.
  if (!userName()) await askName();
  if (body.operation === 'split') {
    const answer = window.prompt(`Sentences the first part keeps: French (of ${segment.link.fr.length}) and English (of ${segment.link.en.length}), e.g. "1 1"`, '1 1');
    if (answer === null) return;
    const [french, english] = answer.trim().split(/\s+/).map(Number);
    body = { ...body, french, english };
  }
  showStatus('relinking…');
  const { status, data } = await api('POST', `/api/articles/${encodeURIComponent(state.slug)}/segments/${encodeURIComponent(segment.id)}/relink`, { revision: segment.revision ?? 0, ...body });
  if (status !== 200) {
    showStatus(data.message);
    return;
  }
  state.article = data.article;
  showStatus(`relinked r${data.segment.revision}`);
  renderRows();
}

function rowElement(id) {
  return [...document.querySelectorAll('#rows .row')].find((row) => row.dataset.id === id);
}

function selectId(id) {
  select(rowIndexFrom(id, 0));
}

function select(index, scroll = true) {
  if (index < 0 || index >= state.rows.length) {
    state.selected = state.rows.length ? Math.max(0, Math.min(index, state.rows.length - 1)) : -1;
    if (state.selected < 0) return;
    index = state.selected;
  }
  document.querySelectorAll('#rows .row.selected').forEach((row) => row.classList.remove('selected'));
  state.selected = index;
  const row = rowElement(state.rows[index].id);
  if (!row) return;
  row.classList.add('selected');
  if (scroll) {
    row.scrollIntoView({ block: 'nearest' });
    row.focus({ preventScroll: true });
  }
}

function current() {
  return state.rows[state.selected];
}

function startEdit() {
  const segment = current();
  if (!segment || state.editing) return;
  const row = rowElement(segment.id);
  const textarea = el('textarea', { class: 'editor', rows: 3, 'aria-label': 'English' });
  textarea.value = segment.target ?? '';
  row.querySelector('.target').replaceChildren(textarea);
  setEditing({ id: segment.id, base: segment.target ?? '', revision: segment.revision ?? 0, textarea });
  textarea.focus();
  textarea.setSelectionRange(textarea.value.length, textarea.value.length);
}

/** Back to editing one's own text after leaving the merge view: the next save meets the merge again, nothing is overwritten unseen. */
function resumeEdit(id, mine, base, revision) {
  const index = state.rows.findIndex((segment) => segment.id === id);
  if (index >= 0) select(index);
  const row = rowElement(id);
  if (!row) return;
  const textarea = el('textarea', { class: 'editor', rows: 3, 'aria-label': 'English' });
  textarea.value = mine;
  row.querySelector('.target').replaceChildren(textarea);
  setEditing({ id, base, revision, textarea });
  textarea.focus();
}

function cancelEdit() {
  if (!state.editing) return;
  const segment = segments().find((candidate) => candidate.id === state.editing.id);
  setEditing(null);
  // Drawn anew: the row may have changed elsewhere while it was edited.
  redrawRow(segment)?.focus();
}

function replaceInArticle(updated) {
  for (const block of state.article.blocks) {
    const index = block.segments.findIndex((segment) => segment.id === updated.id);
    if (index >= 0) block.segments[index] = updated;
  }
}

/** Save a change; a 409 opens the merge view with base, theirs and mine. */
async function save(id, change, { base, mine } = {}) {
  // Every write carries the name this browser chose: asked before the first one.
  if (!userName()) await askName();
  const before = segments().find((segment) => segment.id === id);
  const revision = change.revision ?? before.revision ?? 0;
  delete change.revision;
  showStatus('saving…');
  const { status, data } = await api('PATCH', `/api/articles/${encodeURIComponent(state.slug)}/segments/${encodeURIComponent(id)}`, { revision, ...change });
  if (status === 200) {
    if (change.target !== undefined || change.state !== undefined) state.lastSave = { id, revision: data.segment.revision };
    replaceInArticle(data.segment);
    if (data.effort && state.effort) {
      state.effort.segments[id] = data.effort.segment;
      state.effort.article = data.effort.article;
    }
    // An approval the re-check refused (an error appeared): say so rather than let the badge change quietly.
    showStatus(change.state === 'final' && data.segment.state !== 'final' ? `saved r${data.segment.revision} as ${data.segment.state}, not final: the check found an error (see its findings)` : `saved r${data.segment.revision}`);
    renderRows();
    showArticleEffort();
    return true;
  }
  if (status === 409) {
    replaceInArticle(data.segment);
    showStatus('conflict: merge needed');
    openMerge(data.segment, base ?? before.target ?? '', mine ?? change.target ?? before.target ?? '', change, revision);
    return false;
  }
  showStatus(data.message);
  return false;
}

/** What the merge note says about the marks still in the merge text. */
function describeUnresolved(parts) {
  return `${parts.length} overlapping change(s) still marked ⟦mine | theirs⟧: ${parts.join(', ')} — keep one side of each and remove the marks before saving.`;
}

/**
 * The merge view. Nothing in it loses text: Save merge refuses a text that
 * still holds ⟦mine | theirs⟧ marks, Esc (Cancel) goes back to editing one's
 * own text, and Take theirs keeps one's text in the history, restorable.
 */
function openMerge(theirs, base, mine, change, revision) {
  const panel = $('#merge');
  const merged = merge3(base, mine, theirs.target ?? '');
  const note = $('#merge-note');
  $('#merge-base').textContent = base;
  $('#merge-theirs').textContent = theirs.target ?? '';
  $('#merge-mine').textContent = mine;
  $('#merge-result').value = merged.text;
  note.textContent = merged.conflicts ? describeUnresolved(unresolvedParts(merged.text)) : 'The changes do not overlap: both are in the merge.';
  note.classList.toggle('error', merged.conflicts > 0);
  panel.hidden = false;
  const close = () => {
    panel.hidden = true;
    setEditing(null);
    state.cancelMerge = null;
  };
  const finish = async (target) => {
    close();
    await save(theirs.id, { ...change, target, revision: theirs.revision }, { base: theirs.target ?? '', mine: target });
  };
  $('#merge-save').onclick = () => {
    const text = $('#merge-result').value;
    const parts = unresolvedParts(text);
    if (parts.length > 0) {
      note.textContent = describeUnresolved(parts);
      note.classList.add('error');
      $('#merge-result').focus();
      return;
    }
    void finish(text);
  };
  $('#merge-mine-button').onclick = () => void finish(mine);
  $('#merge-theirs-button').onclick = async () => {
    close();
    // Their text stays; mine goes into the history, where Restore brings it back.
    if (mine === (theirs.target ?? '')) renderRows();
    else await save(theirs.id, { discarded: mine, revision: theirs.revision });
  };
  state.cancelMerge = () => {
    close();
    renderRows();
    resumeEdit(theirs.id, mine, base, revision);
    showStatus('merge cancelled: still editing your text (saving it opens the merge again)');
  };
  $('#merge-cancel').onclick = () => state.cancelMerge?.();
  $('#merge-result').focus();
}

async function commitEdit({ approve = false, move = 0 } = {}) {
  const editing = state.editing;
  if (!editing) return;
  const target = editing.textarea.value;
  const segment = segments().find((candidate) => candidate.id === editing.id);
  const change = { revision: editing.revision };
  if (target !== (segment.target ?? '')) change.target = target;
  // Without the right to approve, Ctrl+Enter marks the text reviewed, for a reviewer to approve.
  if (approve) change.state = can('approve') ? 'final' : 'reviewed';
  // Where to go next is decided in the list as it is now: the save may take this row out of the filter.
  const moveTo = move ? state.rows[state.selected + move]?.id : undefined;
  if (change.target === undefined && change.state === undefined) {
    cancelEdit();
  } else {
    setEditing(null);
    const ok = await save(editing.id, change, { base: editing.base, mine: target });
    if (!ok) {
      // Refused (not a conflict, which opened the merge): the text stays in the editor, to be corrected.
      if ($('#merge').hidden && editing.textarea.isConnected) {
        setEditing(editing);
        editing.textarea.focus();
      }
      return;
    }
  }
  if (approve) nextNeedingWork(editing.id);
  else if (moveTo !== undefined) selectId(moveTo);
  else if (move) select(state.selected + move);
}

/** The next segment after `id` in the article that is shown and not final (wrapping round). */
function nextNeedingWork(id) {
  const index = rowIndexFrom(id, 1, (segment) => segment.state !== 'final');
  if (index < 0 || state.rows[index].state === 'final') {
    showStatus('every segment shown is final');
    return;
  }
  select(index);
}

/** Undo the last save of a text or state: the server restores the segment as it was, provenance and memory included. */
async function undo() {
  const last = state.lastSave;
  if (!last) {
    showStatus('nothing to undo');
    return;
  }
  state.lastSave = null;
  const { status, data } = await api('POST', `/api/articles/${encodeURIComponent(state.slug)}/segments/${encodeURIComponent(last.id)}/undo`, { revision: last.revision });
  if (status !== 200) {
    showStatus(`not undone: ${data.message}`);
    return;
  }
  replaceInArticle(data.segment);
  if (data.effort && state.effort) {
    state.effort.segments[last.id] = data.effort.segment;
    state.effort.article = data.effort.article;
  }
  renderRows();
  showArticleEffort();
  showStatus(`undone (r${data.segment.revision})`);
}

function startComment(id) {
  const index = state.rows.findIndex((segment) => segment.id === id);
  if (index >= 0) select(index, false);
  const row = rowElement(id);
  if (!row || row.querySelector('.comment-form')) return;
  const input = el('textarea', { class: 'comment-input', rows: 2, 'aria-label': 'Comment', maxlength: 20000 });
  const form = el(
    'form',
    {
      class: 'comment-form',
      onsubmit: async (event) => {
        event.preventDefault();
        if (!input.value.trim()) return;
        await save(id, { comment: input.value });
      },
    },
    input,
    el('button', { type: 'submit' }, 'Add comment'),
  );
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      form.requestSubmit();
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      form.remove();
      row.focus();
    }
  });
  row.querySelector('.en').append(form);
  input.focus();
}

async function suggest(id) {
  showStatus(`asking ${state.session.engines[0]}…`);
  const { status, data } = await api('POST', `/api/articles/${encodeURIComponent(state.slug)}/segments/${encodeURIComponent(id)}/suggest`, {});
  if (status !== 200) {
    showStatus(data.message);
    return;
  }
  const row = rowElement(id);
  const segment = segments().find((candidate) => candidate.id === id);
  const box = el(
    'div',
    { class: 'suggestion' },
    el('span', { class: 'label' }, `${data.suggestion.translator}${data.suggestion.cached ? ' (cached)' : ''}: `),
    wordDiff(segment.target ?? '', data.suggestion.target),
    el('button', { type: 'button', onclick: () => save(id, { target: data.suggestion.target }) }, 'Use it'),
  );
  row.querySelector('.en').append(box);
  showStatus('');
}

function askName() {
  return new Promise((resolve) => {
    const form = $('#name-form');
    form.hidden = false;
    const input = $('#name-input');
    // `--user` is offered, not imposed: this browser's person confirms or changes it.
    if (!input.value) input.value = userName() || state.session.user || '';
    input.focus();
    input.select();
    form.onsubmit = (event) => {
      event.preventDefault();
      const name = input.value.trim();
      if (!name) return;
      localStorage.setItem('diptych-review-user', name);
      form.hidden = true;
      showWho();
      resolve(name);
    };
  });
}

function showWho() {
  if (state.session.accounts) {
    $('#who').textContent = `${state.session.user} (${state.session.role})`;
    $('#who').title = 'Signed in: history, comments and approvals carry this name';
    return;
  }
  $('#who').textContent = userName() || 'set your name';
}

// ---- changes made elsewhere ------------------------------------------------------

/**
 * A segment saved elsewhere (another tab, another server, an import, a
 * batch): its row is drawn anew. A row being edited keeps the person's text
 * and says what happened; their edit still starts from the older revision, so
 * saving it opens the merge view, as any 409 does.
 */
function applyRemote(segment, by) {
  const known = segments().find((candidate) => candidate.id === segment.id);
  if (!known) return;
  const newer = (segment.revision ?? 0) > (known.revision ?? 0) || segment.target !== known.target || segment.state !== known.state;
  // Only re-checked (the team's glossary changed): the same text, new term marks and findings.
  const judged = (one) => JSON.stringify([one.terms, one.findings]);
  if (!newer && judged(segment) === judged(known)) return;
  replaceInArticle(segment);
  const index = state.rows.findIndex((candidate) => candidate.id === segment.id);
  if (index >= 0) state.rows[index] = segment;
  const row = rowElement(segment.id);
  if (!row) return;
  if (!newer) {
    // Redrawn under the person's hands would lose their typing: the marks follow when they are done.
    if (state.editing?.id !== segment.id) redrawRow(segment);
    return;
  }
  if (state.editing?.id === segment.id) {
    row.querySelector('.elsewhere')?.remove();
    row.classList.add('changed-elsewhere');
    row.querySelector('.en').append(el('p', { class: 'elsewhere', role: 'status' }, `${by ?? 'someone'} saved r${segment.revision ?? 0} while you edit: saving yours opens the merge view`));
    return;
  }
  const fresh = redrawRow(segment);
  fresh.classList.add('changed-elsewhere');
  fresh.title = `saved by ${by ?? 'someone'} (r${segment.revision ?? 0})`;
}

/** One row drawn again from its segment, keeping its selection and presence mark; the new row (undefined when not shown). */
function redrawRow(segment) {
  const row = rowElement(segment.id);
  if (!row) return undefined;
  const fresh = renderRow(segment);
  if (row.classList.contains('selected')) fresh.classList.add('selected');
  row.replaceWith(fresh);
  live.decorate(segment.id);
  return fresh;
}

/** The article rewritten elsewhere (a batch, a relink): read again, and each changed row drawn anew; new or removed rows redraw the list unless a row is being edited. */
async function refreshArticle(slug) {
  const { status, data } = await api('GET', `/api/articles/${encodeURIComponent(slug)}`);
  if (status !== 200 || state.slug !== slug || !state.article) return;
  const fresh = data.article.blocks.flatMap((block) => block.segments);
  const ids = (list) => list.map((segment) => segment.id).join('\u0000');
  if (ids(fresh) !== ids(segments()) && !state.editing) {
    state.article = data.article;
    state.effort = data.effort;
    renderRows();
    showArticleEffort();
    return;
  }
  for (const segment of fresh) applyRemote(segment, segment.history?.at(-1)?.by ?? segment.provenance?.editor);
  state.effort = data.effort;
  showArticleEffort();
}

const live = startLive({
  el,
  api,
  rowElement,
  loaded: (slug) => state.slug === slug && state.article !== null,
  segments: (slug, saved) => {
    if (state.slug !== slug || !state.article) return;
    for (const { segment, by } of saved) applyRemote(segment, by);
    showArticleEffort();
  },
  article: (slug) => void refreshArticle(slug),
  status: showStatus,
});
startConcordance({ el, api });

// ---- keyboard ----------------------------------------------------------------------

document.addEventListener('keydown', (event) => {
  const active = document.activeElement;
  const editing = state.editing && active === state.editing.textarea;
  const inField = !editing && ['INPUT', 'TEXTAREA', 'SELECT'].includes(active?.tagName);
  // A button, link or summary does what it says with Enter and Space; the row shortcuts never take them.
  const onControl = !editing && !inField && Boolean(active?.closest?.('button, a[href], summary'));
  if (!$('#merge').hidden) {
    // Esc cancels the merge (back to one's own text); taking their text is its own button.
    if (event.key === 'Escape') {
      event.preventDefault();
      state.cancelMerge?.();
    }
    return;
  }
  if (!$('#name-form').hidden) return;
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && state.article) {
    if (inField) return;
    event.preventDefault();
    if (editing) void commitEdit({ approve: true });
    else if (current()) {
      const id = current().id;
      void save(id, { state: can('approve') ? 'final' : 'reviewed' }).then((ok) => ok && nextNeedingWork(id));
    }
    return;
  }
  if (editing) {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancelEdit();
    } else if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      void commitEdit({ move: event.key === 'ArrowDown' ? 1 : -1 });
    }
    return;
  }
  if (inField) {
    if (event.key === 'Escape') {
      // Esc in the search box clears the search itself, not just the box.
      if (active.id === 'filter-search') {
        event.preventDefault();
        active.value = '';
        setFilter('search', '');
      }
      active.blur();
      if (current()) rowElement(current().id)?.focus();
    }
    return;
  }
  if (onControl && (event.key === 'Enter' || event.key === ' ')) return;
  if (event.key === '?') {
    $('#help').hidden = !$('#help').hidden;
    return;
  }
  if (!state.article) return;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    select(state.selected + (event.key === 'ArrowDown' ? 1 : -1));
  } else if (event.key === 'Enter') {
    event.preventDefault();
    startEdit();
  } else if (event.key === 'z' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    void undo();
  } else if (event.key === '/') {
    event.preventDefault();
    $('#filter-search').focus();
  } else if (event.key === 'c' && current()) {
    event.preventDefault();
    startComment(current().id);
  }
});

$('#help-button').addEventListener('click', () => {
  $('#help').hidden = !$('#help').hidden;
});
$('#who').addEventListener('click', () => {
  // A signed-in name is the account's, not one to type: its panel instead (password, tokens, sign out).
  if (!state.session.accounts) void askName();
  else void showAccount();
});

/** One's account: set a password, make and revoke API tokens (a new one is shown once), sign out. */
async function showAccount() {
  document.querySelector('#account')?.remove();
  const panel = el('section', { id: 'account', class: 'panel', 'aria-label': 'Your account' }, el('h2', {}, `${state.session.user} (${state.session.role})`));
  document.body.append(panel);
  const close = el('button', { type: 'button', onclick: () => panel.remove() }, 'Close');
  if (!state.session.account) {
    panel.append(el('p', {}, 'The owner token is no account: it has no password or tokens.'), close);
    return;
  }
  const password = el('input', { id: 'account-password', type: 'password', minlength: 10, maxlength: 1000, autocomplete: 'new-password', 'aria-label': 'New password' });
  const passwordForm = el(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        const { status, data } = await api('PUT', '/api/me/password', { password: password.value });
        showStatus(status === 200 ? 'password set' : data.message);
        if (status === 200) password.value = '';
      },
    },
    el('label', {}, 'New password (10 characters or more) ', password),
    el('button', { type: 'submit' }, 'Set password'),
  );
  const tokens = el('ul', { id: 'account-tokens' });
  const shown = el('p', { id: 'account-new-token' });
  const listTokens = async () => {
    const { data } = await api('GET', '/api/me/tokens');
    tokens.replaceChildren(
      ...(data.tokens ?? []).map((token) =>
        el('li', {}, `${token.label || '(no label)'} · ${new Date(token.createdAt).toLocaleString()} `, el('button', { type: 'button', onclick: async () => { await api('DELETE', `/api/me/tokens/${encodeURIComponent(token.id)}`); await listTokens(); } }, 'Revoke')),
      ),
    );
  };
  const label = el('input', { id: 'account-token-label', maxlength: 200, 'aria-label': 'Token label', placeholder: 'what the token is for' });
  const tokenForm = el(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        const { status, data } = await api('POST', '/api/me/tokens', { label: label.value });
        if (status !== 200) return showStatus(data.message);
        // Shown this once: the server keeps only its hash.
        shown.replaceChildren('New token (copy it now, it is not shown again): ', el('code', {}, data.token));
        label.value = '';
        await listTokens();
      },
    },
    label,
    el('button', { type: 'submit' }, 'Make an API token'),
  );
  const signOut = el('button', { type: 'button', id: 'sign-out', onclick: async () => { await api('POST', '/signout', {}); location.assign('/signin'); } }, 'Sign out');
  panel.append(passwordForm, el('h3', {}, 'API tokens (Authorization: Bearer …)'), tokens, tokenForm, shown, el('div', { class: 'buttons' }, signOut, close));
  await listTokens();
}

async function route() {
  // #/a/<slug>, or #/a/<slug>/s/<segment> (a concordance hit): the article, that segment selected.
  const match = /^#\/a\/([^/]+)(?:\/s\/(.+))?$/.exec(location.hash);
  const page = /^#\/p\/(\d{1,9})$/.exec(location.hash);
  if (!match) return showList(page ? Number(page[1]) : 0);
  await showArticle(decodeURIComponent(match[1]));
  if (match[2] && state.article) selectId(decodeURIComponent(match[2]));
}

window.addEventListener('hashchange', () => void route());

const session = await api('GET', '/api/session');
if (session.status === 200) state.session = session.data;
showWho();
await route();
document.body.dataset.ready = 'true';
