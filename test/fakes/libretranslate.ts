// Fake LibreTranslate: POST /translate with `q` as a list, answering
// `translatedText` as a list, "[en] " + text, like `format: "html"` keeps markup.

import { handled, startFakeServer, type FakeServer } from './server.js';

export async function startFakeLibreTranslate(options: { apiKey?: string } = {}): Promise<FakeServer> {
  return startFakeServer((request, respond, takeFault) => {
    if (request.method !== 'POST' || request.path !== '/translate') {
      respond(404, { error: 'Not Found' });
      return;
    }
    const body = JSON.parse(request.body) as { q: string[] | string; source: string; target: string; format?: string; api_key?: string };
    if (options.apiKey && body.api_key !== options.apiKey) {
      respond(403, { error: 'Invalid API key' });
      return;
    }
    if (handled(takeFault())) return;
    const texts = Array.isArray(body.q) ? body.q : [body.q];
    // LibreTranslate's HTML mode re-serialises empty elements with a closing tag.
    const translated = texts.map((text) => `[en] ${text.replace(/<x id="(\d+)"\/>/g, '<x id="$1"></x>')}`);
    respond(200, { translatedText: Array.isArray(body.q) ? translated : translated[0] });
  });
}
