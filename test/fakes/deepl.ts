// Fake DeepL API: POST /v2/translate and the v3 glossary routes deepl-node
// 1.28 calls (GET/POST /v3/glossaries, GET /v3/glossaries/:id). It "translates"
// by applying the glossary and prefixing "[en] ", bills each text as DeepL
// does with tag handling on (code points outside tags, a character reference
// counting one), and can run out of quota (456) after `characterLimit`.

import { handled, startFakeServer, type FakeServer } from './server.js';

export interface FakeGlossary {
  glossary_id: string;
  name: string;
  creation_time: string;
  dictionaries: Array<{ source_lang: string; target_lang: string; entries: Map<string, string> }>;
}

export interface FakeDeepL extends FakeServer {
  glossaries: Map<string, FakeGlossary>;
  /** Characters billed by successful translate requests. */
  billed: number;
  /** Each text of each successful translate request, as received. */
  translated: string[];
  /** Post-processing of each answer text, e.g. to re-serialise tags as a real engine may. */
  rewrite: (text: string) => string;
  /** Account quota; a request that would pass it gets 456. */
  characterLimit: number;
  /** Translate requests that were answered 200. */
  translateCalls(): number;
  /**
   * Hold the next translate request that holds `text`: `arrived` resolves when
   * it comes (nothing billed yet), `release()` lets it through. A client that
   * dies meanwhile is never answered nor billed (as DeepL bills only answers).
   */
  hold(text: string): { arrived: Promise<void>; release: () => void };
  /**
   * Answer nothing until `resume()`: requests keep arriving and waiting, and
   * one whose client dies meanwhile is never billed. What was answered before
   * the pause stays answered (and billed).
   */
  pause(): { resume: () => void };
  glossaryCalls(): number;
}

export const FAKE_KEY = 'fake-key:fx';

function billed(xml: string): number {
  const text = xml.replace(/<\/?[a-zA-Z][^>]*>/g, '').replace(/&[#a-zA-Z0-9]+;/g, '_');
  return Array.from(text).length;
}

/** The fake's translation rule, for tests to derive what each unit must become. */
export function fakeDeepLTranslate(text: string, entries?: Map<string, string>): string {
  let out = text;
  // Longest source first, as a glossary would.
  for (const [source, target] of [...(entries ?? new Map<string, string>())].sort((a, b) => b[0].length - a[0].length)) {
    out = out.split(source).join(target);
  }
  return `[en] ${out}`;
}

export async function startFakeDeepL(options: { authKey?: string; characterLimit?: number; delayMs?: number } = {}): Promise<FakeDeepL> {
  const authKey = options.authKey ?? FAKE_KEY;
  let nextId = 1;
  const holds: Array<{ text: string; arrive: () => void; released: Promise<void> }> = [];
  let paused: Promise<void> = Promise.resolve();
  // Filled in once the server listens; the handler only runs after that.
  let state!: FakeDeepL;
  const server = await startFakeServer((request, respond, takeFault) => {
    if (request.headers['authorization'] !== `DeepL-Auth-Key ${authKey}`) {
      respond(403, { message: 'Wrong endpoint or invalid auth key' });
      return;
    }
    const url = new URL(request.path, 'http://fake');
    const form = new URLSearchParams(request.body);

    if (request.method === 'POST' && url.pathname === '/v2/translate') {
      if (handled(takeFault())) return;
      const texts = form.getAll('text');
      const held = holds.findIndex((hold) => texts.some((text) => text.includes(hold.text)));
      const [hold] = held >= 0 ? holds.splice(held, 1) : [];
      hold?.arrive();
      // A hold, or a fixed delay per request (the bench's stand-in for network and engine time), then any pause.
      const wait = hold ? hold.released : options.delayMs ? new Promise<void>((resolve) => setTimeout(resolve, options.delayMs)) : Promise.resolve();
      void wait
        .then(() => paused)
        .then(() => {
          if (!request.aborted) answerTranslate(texts);
        });
      return;
    }
    function answerTranslate(texts: string[]): void {
      const count = texts.reduce((sum, text) => sum + billed(text), 0);
      if (state.billed + count > state.characterLimit) {
        respond(456, { message: 'Quota exceeded' });
        return;
      }
      const glossaryId = form.get('glossary_id');
      const glossary = glossaryId ? state.glossaries.get(glossaryId) : undefined;
      if (glossaryId && !glossary) {
        respond(404, { message: 'Glossary not found' });
        return;
      }
      const entries = glossary?.dictionaries.find((d) => d.source_lang === form.get('source_lang')?.toLowerCase())?.entries;
      state.billed += count;
      state.translated.push(...texts);
      const modelType = form.get('model_type');
      respond(200, {
        translations: texts.map((text) => ({
          detected_source_language: 'FR',
          text: state.rewrite(fakeDeepLTranslate(text, entries)),
          billed_characters: billed(text),
          ...(modelType ? { model_type_used: modelType.replace(/^prefer_/, '') } : {}),
        })),
      });
    }

    if (request.method === 'GET' && url.pathname === '/v3/glossaries') {
      respond(200, { glossaries: [...state.glossaries.values()].map(info) });
      return;
    }

    if (request.method === 'POST' && url.pathname === '/v3/glossaries') {
      const dictionaries: FakeGlossary['dictionaries'] = [];
      for (let i = 0; form.has(`dictionaries[${i}].source_lang`); i++) {
        const entries = new Map<string, string>();
        for (const line of (form.get(`dictionaries[${i}].entries`) ?? '').split('\n')) {
          const [source, target] = line.split('\t');
          if (source && target) entries.set(source, target);
        }
        dictionaries.push({
          source_lang: form.get(`dictionaries[${i}].source_lang`)!.toLowerCase(),
          target_lang: form.get(`dictionaries[${i}].target_lang`)!.toLowerCase(),
          entries,
        });
      }
      const glossary: FakeGlossary = {
        glossary_id: `g-${nextId++}`,
        name: form.get('name') ?? '',
        creation_time: new Date().toISOString(),
        dictionaries,
      };
      state.glossaries.set(glossary.glossary_id, glossary);
      respond(201, info(glossary));
      return;
    }

    const one = /^\/v3\/glossaries\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && one) {
      const glossary = state.glossaries.get(one[1]!);
      if (glossary) respond(200, info(glossary));
      else respond(404, { message: 'Glossary not found' });
      return;
    }

    respond(404, { message: `no route ${request.method} ${url.pathname}` });
  });

  state = Object.assign(server, {
    glossaries: new Map<string, FakeGlossary>(),
    billed: 0,
    translated: [] as string[],
    characterLimit: options.characterLimit ?? Number.POSITIVE_INFINITY,
    rewrite: (text: string) => text,
    translateCalls: () => server.requests.filter((r) => r.path === '/v2/translate' && r.status === 200).length,
    glossaryCalls: () => server.requests.filter((r) => r.path.startsWith('/v3/glossaries')).length,
    hold: (text: string) => {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.push({ text, arrive, released });
      return { arrived, release };
    },
    pause: () => {
      let resume!: () => void;
      paused = new Promise<void>((resolve) => (resume = resolve));
      return { resume };
    },
  });
  return state;
}

function info(glossary: FakeGlossary) {
  return {
    glossary_id: glossary.glossary_id,
    name: glossary.name,
    creation_time: glossary.creation_time,
    dictionaries: glossary.dictionaries.map((d) => ({ source_lang: d.source_lang, target_lang: d.target_lang, entry_count: d.entries.size })),
  };
}
