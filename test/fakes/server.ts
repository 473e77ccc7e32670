// A tiny HTTP server on 127.0.0.1 (random port) for fake translation APIs,
// with a queue of injected faults consumed one per request on the routes that
// opt in. Tests never touch the network beyond this.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Answer with this status (and Retry-After when given) instead of the real answer. */
  | { status: number; retryAfter?: string; body?: string }
  /** Never answer. */
  | { hang: true }
  /** 200 with a body that is not JSON. */
  | { garbage: true }
  /** Engine-specific misbehaviour of an otherwise good answer (OpenAI fake: fewer, reorder, merge, badJson). */
  | { reply: string };

export interface Recorded {
  method: string;
  path: string;
  /** Raw request body. */
  body: string;
  bytes: number;
  headers: IncomingMessage['headers'];
  /** Status sent back (0 while hanging). */
  status: number;
  /** The client went away before an answer was sent (killed, timed out). */
  aborted?: boolean;
}

export interface FakeServer {
  url: string;
  requests: Recorded[];
  /** Faults for the next fault-aware requests, in order; `null` lets one request through. */
  faults: Array<Fault | null>;
  /**
   * The next request that takes a `hang` fault (or one that already did, not
   * yet asked for): the moment a test fires the client's timeout by hand.
   */
  hung(): Promise<Recorded>;
  close(): Promise<void>;
}

export type Handler = (
  request: Recorded,
  respond: (status: number, body: unknown, headers?: Record<string, string>) => void,
  takeFault: () => Fault | null | undefined,
) => void;

export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const requests: Recorded[] = [];
  const faults: Array<Fault | null> = [];
  const hangs: Recorded[] = [];
  const hangWaiters: Array<(request: Recorded) => void> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const recorded: Recorded = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        body: raw.toString('utf8'),
        bytes: raw.length,
        headers: req.headers,
        status: 0,
      };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableEnded) recorded.aborted = true;
      });
      const respond = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        recorded.status = status;
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
        res.end(text);
      };
      const takeFault = () => {
        const fault = faults.shift();
        if (!fault) return fault;
        if ('hang' in fault) {
          // The handler leaves the response open.
          const waiter = hangWaiters.shift();
          if (waiter) waiter(recorded);
          else hangs.push(recorded);
          return fault;
        }
        if ('garbage' in fault) {
          respond(200, '<html>upstream error</html>');
          return fault;
        }
        if ('status' in fault) {
          respond(fault.status, fault.body ?? { message: `injected ${fault.status}` }, fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
          return fault;
        }
        return fault;
      };
      handler(recorded, respond, takeFault);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    hung: () => {
      const taken = hangs.shift();
      return taken ? Promise.resolve(taken) : new Promise<Recorded>((resolve) => hangWaiters.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether a fault was taken and already answered (or is a hang); the handler then does nothing more. */
export function handled(fault: Fault | null | undefined): boolean {
  return !!fault && !('reply' in fault);
}
