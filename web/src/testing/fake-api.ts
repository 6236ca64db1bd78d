import { vi } from 'vitest';

/** What the test's stand-in for the server answers one request with. */
export interface FakeReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeRequest {
  method: string;
  /** Path under /api, without the query. */
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type FakeRoutes = Record<string, (req: FakeRequest) => FakeReply | Promise<FakeReply>>;

export const ok = (data: unknown, status = 200): FakeReply => ({ status, body: { data } });
export const fail = (status: number, code: string, message: string, headers?: Record<string, string>): FakeReply => ({ status, body: { error: { code, message } }, headers });

/**
 * Replaces `fetch` (the network boundary of component tests) with routes like
 * `'PATCH /members/:id'`; an unknown route answers 404 as the server does. Returns the requests seen.
 */
export function fakeApi(routes: FakeRoutes) {
  const requests: FakeRequest[] = [];
  const table = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(' ');
    const names: string[] = [];
    const re = new RegExp(`^/api${pattern.replace(/:(\w+)/g, (_, n: string) => (names.push(n), '([^/]+)'))}$`);
    return { method, re, names, handler };
  });
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), window.location.origin);
    const method = init.method ?? 'GET';
    for (const route of table) {
      const m = route.method === method ? route.re.exec(url.pathname) : null;
      if (!m) continue;
      const req: FakeRequest = {
        method,
        path: url.pathname.slice(4),
        query: url.searchParams,
        params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1])])),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      requests.push(req);
      const reply = await route.handler(req);
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), { status: reply.status ?? 200, headers: { 'content-type': 'application/json', ...reply.headers } });
    }
    requests.push({ method, path: url.pathname.slice(4), query: url.searchParams, params: {}, body: undefined });
    return new Response(JSON.stringify({ error: { code: 'not_found', message: `No API route ${method} ${url.pathname}.` } }), { status: 404, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchFn);
  return { requests, fetch: fetchFn };
}
