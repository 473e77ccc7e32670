// Fake OpenAI-compatible server: POST /v1/chat/completions. It reads the items
// our translator sends, "translates" each as "[en] " + text, and misbehaves on
// demand like real LLMs do: fewer items, reordered items, two items merged,
// content that is not JSON, placeholders dropped — besides the HTTP faults of server.ts.

import { handled, startFakeServer, type FakeServer } from './server.js';

export interface SentItem {
  id: number;
  text: string;
  paragraph?: string;
}

export interface SentRequest {
  model: string;
  items: SentItem[];
  paragraphs: Array<{ id: string; text: string }>;
  glossary: Array<{ source: string; target: string }>;
}

export interface FakeOpenAI extends FakeServer {
  /** Base URL to configure (…/v1). */
  baseUrl: string;
  /** Parsed user payload of every chat request, in order. */
  sent: SentRequest[];
}

export function fakeOpenAITranslate(text: string): string {
  return `[en] ${text}`;
}

export async function startFakeOpenAI(options: { apiKey?: string } = {}): Promise<FakeOpenAI> {
  const sent: SentRequest[] = [];
  const server = await startFakeServer((request, respond, takeFault) => {
    if (options.apiKey && request.headers['authorization'] !== `Bearer ${options.apiKey}`) {
      respond(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
      return;
    }
    if (request.method !== 'POST' || request.path !== '/v1/chat/completions') {
      respond(404, { error: { message: 'not found' } });
      return;
    }
    const body = JSON.parse(request.body) as { model: string; messages: Array<{ role: string; content: string }> };
    const user = JSON.parse(body.messages.find((m) => m.role === 'user')!.content) as Partial<SentRequest>;
    const payload: SentRequest = { model: body.model, items: user.items ?? [], paragraphs: user.paragraphs ?? [], glossary: user.glossary ?? [] };
    sent.push(payload);
    const fault = takeFault();
    if (handled(fault)) return;

    let translations = payload.items.map((item) => ({ id: item.id, text: fakeOpenAITranslate(item.text) }));
    let content: string | undefined;
    const reply = fault && 'reply' in fault ? fault.reply : undefined;
    if (reply === 'fewer') translations = translations.slice(0, -1);
    if (reply === 'reorder') translations = translations.reverse();
    if (reply === 'merge' && translations.length > 1) {
      // Items 1 and 2 merged into id 1, every later text moved up one id: the classic misalignment.
      const texts = [`${translations[0]!.text} ${translations[1]!.text}`, ...translations.slice(2).map((t) => t.text)];
      translations = texts.map((text, i) => ({ id: translations[i]!.id, text }));
    }
    if (reply === 'dropTag') translations = translations.map((t) => ({ ...t, text: t.text.replace(/<x id="\d+"\/>/g, '') }));
    if (reply === 'badJson') content = '{"translations": [{"id": 1, "text": "unterminated';
    if (reply === 'fenced') content = '```json\n' + JSON.stringify({ translations }) + '\n```';
    respond(200, {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      model: body.model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: content ?? JSON.stringify({ translations }) } }],
    });
  });
  return Object.assign(server, { baseUrl: `${server.url}/v1`, sent });
}
