// Live pages: what changes in the store of record while a page is open —
// segments saved (here, on another review server, by an import), an article
// rewritten (a batch), a person starting or stopping work on a segment — sent
// to the page as server-sent events, fed by the store's own change feed
// (`store.changes`, which hears every process serving the store). Server-sent
// events rather than a WebSocket: the page only listens (its writes stay
// ordinary requests, checked like every other), EventSource reconnects by
// itself, and the stream is one GET that the auth hook checks like any other
// request (the page's cookie rides along, same origin).
//
// Presence is announced through the store (never saved beyond its expiry):
// the page says when it starts and stops editing a row, and repeats it while
// editing, so the mark of a tab that closed without a word goes away by itself.

import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { allSegments } from '../../core/segments.js';
import type { Segment } from '../../core/types.js';
import type { StoreChange } from '../../store/index.js';
import { ReviewRequestError } from '../request-error.js';
import type { ReviewServices } from '../http/services.js';
import { authorOf } from '../http/accounts.js';
import { SEGMENT_PARAMS } from './segment-bodies.js';

/** How long a presence mark lasts unless repeated: the page repeats it every third of this while a row is open. */
export const EDITING_TTL_MS = 30_000;
/** A comment line this often keeps proxies and the browser from closing a quiet stream. */
const KEEP_ALIVE_MS = 25_000;

type Editing = Extract<StoreChange, { kind: 'editing' }>;

interface Listener {
  /** The article the page shows; undefined: the list (every article's changes). */
  slug: string | undefined;
  reply: FastifyReply;
}

const EVENTS_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { slug: { type: 'string', maxLength: 200 } },
} as const;

const EDITING_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['session', 'editing'],
  properties: {
    /** The page's own id (one per open tab), so a page knows its own marks and two tabs of one person are two marks. */
    session: { type: 'string', pattern: '^[A-Za-z0-9-]{8,64}$' },
    editing: { type: 'boolean' },
  },
} as const;

const refuseEditing = (): Error => new ReviewRequestError(400, 'bad-body', 'send {"session": the page\'s id (8–64 letters, digits or -), "editing": true or false}');

/** One event in the text/event-stream framing: a name, and JSON (one line: JSON.stringify never writes a raw newline). */
function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Who saved a segment, as its record says (the store's change names nobody when a writer did not say). */
function savedBy(segment: Segment): string | undefined {
  return segment.history?.at(-1)?.by ?? segment.provenance?.editor;
}

export const eventRoutes: FastifyPluginAsync<ReviewServices> = async (app, { store, user }) => {
  const listeners = new Set<Listener>();
  /** Presence marks heard, by article, then by tab and segment. */
  const editing = new Map<string, Map<string, Editing>>();

  const send = (slug: string, event: string, data: unknown) => {
    const text = frame(event, data);
    for (const listener of listeners) if (listener.slug === undefined || listener.slug === slug) listener.reply.raw.write(text);
  };
  const watched = (slug: string) => [...listeners].some((listener) => listener.slug === undefined || listener.slug === slug);

  /** The saved segments themselves, so a page updates its rows without asking (read once per change, whoever listens). */
  const segmentsSaved = async (change: Extract<StoreChange, { kind: 'segments' }>) => {
    const article = await store.article(change.slug);
    const ids = new Set(change.ids);
    const segments = allSegments(article).filter((segment) => ids.has(segment.id));
    send(change.slug, 'segments', { slug: change.slug, segments: segments.map((segment) => ({ segment: { ...segment, revision: segment.revision ?? 0 }, by: change.by ?? savedBy(segment) ?? null })) });
  };

  const presence = (change: Editing) => {
    let marks = editing.get(change.slug);
    if (!marks) editing.set(change.slug, (marks = new Map()));
    const key = `${change.session}\u0000${change.id}`;
    if (change.until > Date.now()) marks.set(key, change);
    else marks.delete(key);
    send(change.slug, 'editing', { ...change, expiresIn: Math.max(0, change.until - Date.now()) });
  };

  const unsubscribe = store.store.changes((change) => {
    if (change.kind === 'editing') return presence(change);
    if (!watched(change.slug)) return;
    if (change.kind === 'article') return send(change.slug, 'article', { slug: change.slug });
    // An article that cannot be read now (gone, damaged) is not sent: the page finds out on its next request.
    segmentsSaved(change).catch(() => undefined);
  });

  const keepAlive = setInterval(() => {
    for (const listener of listeners) listener.reply.raw.write(': keep-alive\n\n');
  }, KEEP_ALIVE_MS);
  keepAlive.unref();

  // A stream never ends by itself: closing the server ends them first, or the close would wait for every open page.
  app.addHook('preClose', async () => {
    clearInterval(keepAlive);
    unsubscribe();
    for (const listener of listeners) listener.reply.raw.end();
    listeners.clear();
  });

  app.get<{ Querystring: { slug?: string } }>('/api/events', { schema: { querystring: EVENTS_QUERY } }, async (request, reply) => {
    const slug = request.query.slug;
    // The headers set so far (the security headers of the auth hook) go out with the stream's own.
    const headers = { ...reply.getHeaders(), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' };
    reply.hijack();
    reply.raw.writeHead(200, headers as Record<string, string>);
    // Where the page is: its own marks aside, who is on which segment now (marks heard before it opened).
    const now = Date.now();
    const marks = [...(slug === undefined ? [...editing.values()].flatMap((byTab) => [...byTab.values()]) : [...(editing.get(slug)?.values() ?? [])])].filter((mark) => mark.until > now);
    reply.raw.write(`retry: 2000\n\n${frame('hello', { editingTtl: EDITING_TTL_MS })}`);
    for (const mark of marks) reply.raw.write(frame('editing', { ...mark, expiresIn: mark.until - now }));
    const listener: Listener = { slug, reply };
    listeners.add(listener);
    request.raw.once('close', () => listeners.delete(listener));
  });

  app.post<{ Params: { slug: string; id: string }; Body: { session: string; editing: boolean } }>(
    '/api/articles/:slug/segments/:id/editing',
    { schema: { params: SEGMENT_PARAMS, body: EDITING_BODY }, schemaErrorFormatter: refuseEditing },
    async (request, reply) => {
      const { slug, id } = request.params;
      const article = await store.article(slug);
      if (!allSegments(article).some((segment) => segment.id === id)) throw new ReviewRequestError(404, 'not-found', `no segment "${id}" in article "${slug}"`);
      const { session, editing: on } = request.body;
      const until = on ? Date.now() + EDITING_TTL_MS : 0;
      await store.store.announce({ kind: 'editing', slug, id, who: authorOf(request, user), session, until });
      return reply.code(204).header('cache-control', 'no-store').send();
    },
  );
};
