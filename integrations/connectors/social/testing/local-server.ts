import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a local provider server saw it: path, the raw query (Rest.li cares how it was encoded) and the decoded one. */
export interface SeenRequest {
  method: string;
  path: string;
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LocalServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An HTTP server on 127.0.0.1 and a free port that answers JSON from `handle` and records every request. */
export async function startLocalServer(handle: (r: SeenRequest) => Answer | Promise<Answer>): Promise<LocalServer> {
  const requests: SeenRequest[] = [];
  const server = createServer(async (req, res) => {
    const [path, rawQuery = ''] = (req.url ?? '/').split('?', 2) as [string, string?];
    const seen: SeenRequest = { method: req.method ?? 'GET', path, rawQuery, query: new URLSearchParams(rawQuery), headers: req.headers, body: await readBody(req) };
    requests.push(seen);
    let a: Answer;
    try {
      a = await handle(seen);
    } catch (e) {
      a = { status: 500, body: { message: (e as Error).message } };
    }
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end(a.body === undefined ? '' : JSON.stringify(a.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A deterministic number in [0, n) for a key: generated data stays the same between runs and servers. */
export function pick(key: string, n: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % n;
}
