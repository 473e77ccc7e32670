// Live changes on the editor page: the server's event stream (GET /api/events,
// the same cookie and checks as every request) tells the page of segments
// saved elsewhere — another tab, another review server, an import — and of
// articles rewritten (a batch); the page updates those rows itself (editor.js
// decides how, row by row). It also marks the rows someone else is editing,
// and tells the others which row this page edits: said when it starts and
// stops, repeated while it lasts, so a tab that closes without a word loses
// its mark when the repetition stops.

/** A random id for this tab (crypto.randomUUID needs a secure context; a review on a LAN address is plain http). */
function tabId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * hooks: el, api (editor.js's), rowElement(id), loaded(slug) (the article is
 * shown), segments(slug, list of { segment, by }), article(slug) (read the
 * whole article again), status(text).
 */
export function startLive(hooks) {
  const session = tabId();
  let source = null;
  let watching = undefined;
  /** Rows others edit now: segment id → (tab → { who, timer }). */
  const marks = new Map();
  let ttl = 30_000;
  let mine = null; // { slug, id, timer }
  let opened = 0;

  function announce(slug, id, editing) {
    const url = `/api/articles/${encodeURIComponent(slug)}/segments/${encodeURIComponent(id)}/editing`;
    // keepalive: the "stopped" sent as the tab closes still goes out.
    return hooks.api('POST', url, { session, editing }, { keepalive: true }).catch(() => undefined);
  }

  function showMarks(id) {
    const row = hooks.rowElement(id);
    if (!row) return;
    const who = [...(marks.get(id)?.values() ?? [])].map((mark) => mark.who);
    row.classList.toggle('others-editing', who.length > 0);
    row.querySelector('.presence')?.remove();
    if (who.length > 0) row.querySelector('.meta')?.prepend(hooks.el('span', { class: 'presence', title: 'editing this segment now' }, `${[...new Set(who)].join(', ')} editing`));
  }

  function heardEditing(change) {
    if (change.session === session || change.slug !== watching) return;
    let tabs = marks.get(change.id);
    const old = tabs?.get(change.session);
    if (old) clearTimeout(old.timer);
    if (change.expiresIn > 0) {
      if (!tabs) marks.set(change.id, (tabs = new Map()));
      // The mark goes by itself when no repetition comes: a tab closed without a word.
      const timer = setTimeout(() => heardEditing({ ...change, expiresIn: 0 }), change.expiresIn);
      tabs.set(change.session, { who: change.who, timer });
    } else {
      tabs?.delete(change.session);
      if (tabs?.size === 0) marks.delete(change.id);
    }
    showMarks(change.id);
  }

  function watch(slug) {
    if (watching === slug && (source || !slug)) return;
    source?.close();
    for (const tabs of marks.values()) for (const mark of tabs.values()) clearTimeout(mark.timer);
    marks.clear();
    watching = slug;
    opened = 0;
    source = null;
    delete document.body.dataset.live;
    // The list of articles does not listen: it is read afresh each time it is shown.
    if (!slug) return;
    source = new EventSource(slug ? `/api/events?slug=${encodeURIComponent(slug)}` : '/api/events');
    source.addEventListener('hello', (event) => {
      ttl = JSON.parse(event.data).editingTtl;
      document.body.dataset.live = 'open';
      // Shown before the stream was open (or opened again after a cut): what changed meanwhile is read once.
      if (opened++ > 0 || hooks.loaded(slug)) hooks.article(slug);
    });
    source.addEventListener('segments', (event) => {
      const data = JSON.parse(event.data);
      if (data.slug === watching) hooks.segments(data.slug, data.segments);
    });
    source.addEventListener('article', (event) => {
      const data = JSON.parse(event.data);
      if (data.slug === watching) hooks.article(data.slug);
    });
    source.addEventListener('editing', (event) => heardEditing(JSON.parse(event.data)));
    source.addEventListener('error', () => {
      // EventSource tries again by itself; a refusal (the token gone) closes it for good.
      if (source.readyState === EventSource.CLOSED) {
        document.body.dataset.live = 'closed';
        hooks.status('live updates stopped: reload the page');
      }
    });
  }

  /** This page edits row `id` of the article shown (null: none). */
  function editing(id) {
    const slug = watching;
    if (mine && mine.id === id && mine.slug === slug) return;
    if (mine) {
      clearInterval(mine.timer);
      void announce(mine.slug, mine.id, false);
      mine = null;
    }
    if (id === null || id === undefined || !slug) return;
    mine = { slug, id, timer: setInterval(() => void announce(slug, id, true), ttl / 3) };
    void announce(slug, id, true);
  }

  window.addEventListener('pagehide', () => editing(null));

  return {
    watch,
    editing,
    /** Put the marks back on a row the editor drew again. */
    decorate: (id) => showMarks(id),
    /** Put every mark back after the rows were drawn again. */
    decorateAll: () => {
      for (const id of marks.keys()) showMarks(id);
    },
  };
}
