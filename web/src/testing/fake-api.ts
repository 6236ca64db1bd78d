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
        body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body instanceof FormData ? Object.fromEntries(init.body.entries()) : undefined,
      };
      requests.push(req);
      const reply = await route.handler(req);
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), { status: reply.status ?? 200, headers: { 'content-type': 'application/json', ...reply.headers } });
    }
    requests.push({ method, path: url.pathname.slice(4), query: url.searchParams, params: {}, body: undefined });
    return new Response(JSON.stringify({ error: { code: 'not_found', message: `No API route ${method} ${url.pathname}.` } }), { status: 404, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchFn);
  vi.stubGlobal('XMLHttpRequest', fakeXhr(fetchFn));
  return { requests, fetch: fetchFn };
}

/**
 * XMLHttpRequest (what uploads use, for their progress) answered by the same routes: the body is
 * "sent" in two progress steps (half, then all of it), then the route answers.
 */
function fakeXhr(fetchFn: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) {
  return class FakeXhr {
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    status = 0;
    responseText = '';
    withCredentials = false;
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private method = 'GET';
    private url = '';
    private aborted = false;
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader() {}
    abort() {
      if (this.aborted) return;
      this.aborted = true;
      this.onabort?.();
    }
    send(body?: Document | XMLHttpRequestBodyInit | null) {
      const total = body instanceof FormData ? [...body.values()].reduce((n, v) => n + (typeof v === 'string' ? v.length : v.size), 0) : 0;
      void (async () => {
        for (const loaded of [Math.floor(total / 2), total]) {
          await new Promise((r) => setTimeout(r, 0));
          if (this.aborted) return;
          this.upload.onprogress?.({ lengthComputable: true, loaded, total });
        }
        const res = await fetchFn(this.url, { method: this.method, body: body as BodyInit });
        if (this.aborted) return;
        this.status = res.status;
        this.responseText = await res.text();
        this.onload?.();
      })();
    }
  };
}
