/**
 * Red-team cases for the HTTP and Socket.IO surface (issue 12, points 4 and 6), sent the way a
 * hostile client would send them, against the real server on each store back-end.
 */
import { readdirSync, statSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../agent/events';
import { withAutoChart } from '../../tools/make-chart/auto-chart';
import { FIXTURES } from '../../tools/make-chart/testing/fixtures';
import { createTableTestTool } from '../../tools/make-chart/testing/table-tool';
import { createRenderPool, type RenderPool } from '../charts/render-pool';
import { tableToCsv } from '../http/table-csv';
import { STORE_BACKENDS } from '../testing/databases';
import { recordEvents, request, startTestParley, type TestParley } from '../testing/harness';

type ArtifactEvent = Extract<RunEvent, { type: 'artifact' }>;

async function json(res: Response) {
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string }; data?: any } };
}

/** One raw HTTP/1.1 request, bytes exactly as given (fetch would normalise some of them). */
function raw(url: string, head: string, body = ''): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = tcp(Number(port), hostname, () => s.end(`${head}\r\nhost: ${hostname}:${port}\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`));
    const chunks: Buffer[] = [];
    s.on('data', (c) => chunks.push(c));
    s.on('error', reject);
    s.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
      const payload = text.slice(text.indexOf('\r\n\r\n') + 4);
      let parsed: unknown = payload;
      try {
        parsed = JSON.parse(payload);
      } catch {
        // not JSON: kept as text, and the assertion on it says so
      }
      resolve({ status, body: parsed });
    });
  });
}

describe.each(STORE_BACKENDS)('hostile HTTP clients on %s', (backend) => {
  let t: TestParley;
  let pool: RenderPool;
  let chart: ArtifactEvent;

  beforeAll(async () => {
    // A pool of its own, so its counters see only this suite's renders.
    pool = createRenderPool({ size: 1, maxQueue: 4 });
    t = await startTestParley({
      backend,
      configure: (deps) => ({ ...deps, renderPool: pool, tools: [...(deps.tools ?? []), withAutoChart(createTableTestTool({ weatherByMonth: FIXTURES.weatherByMonth }))] }),
    });
    t.mock!.enqueue({ toolCalls: [{ name: 'sample_table', args: { name: 'weatherByMonth' } }] }, { text: 'Here is the high temperature by month.' });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await request(s, 'chat:send', { text: 'What was the average high temperature by month?' });
    if (!('data' in ack)) throw new Error(JSON.stringify(ack));
    await rec.terminal(ack.data.runId);
    chart = rec.ofRun(ack.data.runId).find((e): e is ArtifactEvent => e.type === 'artifact' && e.kind === 'chart')!;
    s.close();
  });
  afterAll(async () => {
    await t?.destroy();
    await pool?.close();
  });

  describe('chart images on demand', () => {
    it('GET .png?width=4000&height=4000&scale=4 is a 400 naming the limit, and draws nothing', async () => {
      const before = pool.stats().renders;
      const r = await json(await t.fetch(`/api/artifacts/${chart.id}.png?width=4000&height=4000&scale=4`));
      expect(r.status).toBe(400);
      expect(r.body.error!.message).toMatch(/at most 2000/);
      expect(pool.stats().renders).toBe(before);
    });

    it.each([
      ['scale=4 alone', '?scale=4', /scale must be at most 2/],
      ['each side allowed, the pixels not', '?width=2000&height=2000&scale=2', /at most 8,000,000/],
      ['a huge svg', '.svg?width=100000&height=100000', /at most 2000/],
    ])('%s is a 400 naming the limit', async (_name, query, message) => {
      const path = query.startsWith('.svg') ? `${chart.id}${query}` : `${chart.id}.png${query}`;
      const r = await json(await t.fetch(`/api/artifacts/${path}`));
      expect(r.status).toBe(400);
      expect(r.body.error!.message).toMatch(message);
    });

    it('two identical requests draw the image once', async () => {
      const before = pool.stats().renders;
      const url = `/api/artifacts/${chart.id}.png?width=777&height=333`;
      const [a, b] = await Promise.all([t.fetch(url), t.fetch(url)]);
      const c = await t.fetch(url);
      const bytes = await Promise.all([a, b, c].map(async (r) => Buffer.from(await r.arrayBuffer())));
      expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
      expect(bytes[1].equals(bytes[0]) && bytes[2].equals(bytes[0])).toBe(true);
      expect(pool.stats().renders - before).toBe(1);
    });

    it('the server answers /healthz within a second while the largest allowed images render', async () => {
      const finished: string[] = [];
      const big = ['?width=2000&height=1000&scale=2', '?width=1999&height=1000&scale=2', '?width=1000&height=2000&scale=2'].map((q) =>
        t.fetch(`/api/artifacts/${chart.id}.png${q}`).then(async (r) => {
          await r.arrayBuffer();
          finished.push(q);
          return r.status;
        }),
      );
      while (pool.stats().busy === 0) await new Promise((r) => setTimeout(r, 5));
      const started = performance.now();
      const health = await t.fetch(`/healthz`);
      const took = performance.now() - started;
      const stillDrawing = 3 - finished.length;
      expect(health.status).toBe(200);
      // Generous for a loaded 2-core machine; on the main thread these renders took seconds.
      expect(took).toBeLessThan(1000);
      expect(stillDrawing).toBeGreaterThan(0);
      expect(await Promise.all(big)).toEqual([200, 200, 200]);
    });
  });

  describe('requests from another site\'s page', () => {
    const evil = 'http://evil.example';

    it.each(['websocket', 'polling'] as const)('cannot open a socket (%s) with Origin: http://evil.example', async (transport) => {
      const s = connect(t.url, { transports: [transport], reconnection: false, forceNew: true, extraHeaders: { origin: evil }, auth: { token: t.admin.token } });
      const outcome = await new Promise<string>((resolve) => {
        s.once('connect', () => resolve('connected'));
        s.once('connect_error', () => resolve('refused'));
      });
      s.close();
      expect(outcome).toBe('refused');
    });

    it('the web app\'s own origin still opens a socket', async () => {
      const s = connect(t.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin: t.url }, auth: { token: t.admin.token } });
      const outcome = await new Promise<string>((resolve) => {
        s.once('connect', () => resolve('connected'));
        s.once('connect_error', (e) => resolve(`refused: ${e.message}`));
      });
      s.close();
      expect(outcome).toBe('connected');
    });

    it('cannot POST, PATCH or DELETE the API (403 origin:forbidden), and nothing changes', async () => {
      const id = chart.conversationId;
      const send = (method: string, path: string, body?: unknown, origin = evil) =>
        t.fetch(`${path}`, { method, headers: { origin, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then(json);
      const attempts = [
        await send('POST', '/api/datasources', { name: 'mine', kind: 'postgres', url: 'postgres://x@127.0.0.1:1/x' }),
        await send('PATCH', `/api/conversations/${id}`, { title: 'pwned' }),
        await send('DELETE', `/api/conversations/${id}`),
      ];
      for (const a of attempts) expect(a).toMatchObject({ status: 403, body: { error: { code: 'origin:forbidden' } } });
      const after = await json(await t.fetch(`/api/conversations/${id}/messages`));
      expect(after.status).toBe(200);
      expect(after.body.data.conversation.title).not.toBe('pwned');
      expect((await json(await t.fetch(`/api/datasources`))).body.data.map((d: { name: string }) => d.name)).not.toContain('mine');
      // The same change from Parley's own page, or from a client that sends no Origin, goes through.
      expect((await send('PATCH', `/api/conversations/${id}`, { title: 'Renamed here' }, t.url)).status).toBe(200);
      const bare = await t.fetch(`/api/conversations/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Renamed by curl' }) });
      expect(bare.status).toBe(200);
    });
  });

  describe('malformed requests are a coded 4xx, never 500 internal', () => {
    const patch = (path: string, body: string, type = 'application/json') => raw(t.url, `PATCH ${path} HTTP/1.1\r\ncontent-type: ${type}`, body);

    it.each([
      ['a bad %-escape in a path', 'GET /api/conversations/%E0%A4%A/messages HTTP/1.1', 400, 'input:bad_path'],
      ['a bad %-escape in a path the web app would serve', 'GET /c/%E0%A4%A HTTP/1.1', 400, 'input:bad_path'],
      ['a NUL in a conversation id', 'GET /api/conversations/abc%00/messages HTTP/1.1', 400, 'input:bad_path'],
      ['a NUL in an artifact id', 'GET /api/artifacts/%00 HTTP/1.1', 400, 'input:bad_path'],
      ['a NUL in a chart image id', 'GET /api/artifacts/a%00b.png HTTP/1.1', 400, 'input:bad_path'],
      ['a NUL in a download id', 'GET /api/downloads/artifacts/a%00.csv?expires=1&sig=x HTTP/1.1', 400, 'input:bad_path'],
      ['a NUL in a search', 'GET /api/conversations?q=%00 HTTP/1.1', 400, 'input:invalid'],
      ['a NUL in a datasource name', 'GET /api/suggestions?datasource=a%00 HTTP/1.1', 400, 'input:invalid'],
    ])('%s', async (_name, head, status, code) => {
      expect(await raw(t.url, head)).toMatchObject({ status, body: { error: { code } } });
    });

    // Checked by the route, behind sign-in (and the raw socket above half-closes before an answer that waits for the session).
    it('a date before year 1', async () => {
      const r = await t.fetch('/api/conversations?before=0000-01-01T00:00:00Z');
      expect(r.status).toBe(400);
      expect((await r.json()).error.code).toBe('input:invalid');
    });

    it('a NUL inside a JSON string → 400 naming the field', async () => {
      const r = await patch(`/api/conversations/${chart.conversationId}`, JSON.stringify({ title: 'a\u0000b' }));
      expect(r).toMatchObject({ status: 400, body: { error: { code: 'input:invalid' } } });
      expect(r.body.error.message).toContain('body.title');
    });

    it('a body over 1 MB → 413 input:too_large', async () => {
      const r = await patch(`/api/conversations/${chart.conversationId}`, JSON.stringify({ title: 'x'.repeat(1_100_000) }));
      expect(r).toMatchObject({ status: 413, body: { error: { code: 'input:too_large' } } });
    });

    it('an unknown charset → 415', async () => {
      const r = await patch(`/api/conversations/${chart.conversationId}`, JSON.stringify({ title: 'x' }), 'application/json; charset=koi8-x');
      expect(r).toMatchObject({ status: 415, body: { error: { code: 'input:unsupported_charset' } } });
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])('a %s body on a JSON route → 415', async (type) => {
      const r = await raw(t.url, `POST /api/datasources HTTP/1.1\r\ncontent-type: ${type}`, 'name=x&kind=postgres&url=postgres://a@b/c');
      expect(r).toMatchObject({ status: 415, body: { error: { code: 'input:unsupported_media_type' } } });
    });

    it.each([
      ['2^31', 2 ** 31],
      ['2^53', 2 ** 53],
      ['negative', -1],
      ['not an integer', 1.5],
      ['a string', '5'],
    ])('conversation:join with afterSeq %s → input:invalid', async (_name, afterSeq) => {
      const s = await t.client();
      const ack = await request(s, 'conversation:join', { conversationId: chart.conversationId, afterSeq } as never);
      s.close();
      expect(ack).toMatchObject({ error: { code: 'input:invalid' } });
      expect((ack as { error: { message: string } }).error.message).toContain('afterSeq');
    });

    it.each([
      ['chat:send text', 'chat:send', { text: 'hi\u0000there' }],
      ['chat:send conversationId', 'chat:send', { text: 'hi', conversationId: 'a\u0000' }],
      ['conversation:join runId', 'conversation:join', { conversationId: 'x', runId: '\u0000' }],
    ] as const)('a NUL in %s → input:invalid, and no conversation is made', async (_name, event, payload) => {
      const count = async () => (await t.parley.store.db.pool.query('SELECT count(*)::int AS n FROM conversations')).rows[0].n as number;
      const before = await count();
      const s = await t.client();
      const ack = await request(s, event, payload as never);
      s.close();
      expect(ack).toMatchObject({ error: { code: 'input:invalid' } });
      expect(await count()).toBe(before);
    });
  });

  describe('an unknown datasource changes nothing', () => {
    const count = async () => (await t.parley.store.db.pool.query('SELECT count(*)::int AS n FROM conversations')).rows[0].n as number;
    const stored = async (id: string) => (await json(await t.fetch(`/api/conversations/${id}/messages`))).body.data.conversation.datasource;

    it('chat:send starting a conversation on an unknown datasource makes no conversation, and says which exist', async () => {
      const before = await count();
      const s = await t.client();
      const ack = await request(s, 'chat:send', { text: 'How many orders?', datasource: 'no-such-db' });
      s.close();
      expect(ack).toMatchObject({ error: { code: 'datasource:not_found' } });
      expect((ack as { error: { message: string } }).error.message).toContain('Demo warehouse');
      expect(await count()).toBe(before);
    });

    it('chat:send in a conversation with an unknown datasource leaves it as it was, still answering', async () => {
      const id = chart.conversationId;
      const was = await stored(id);
      const s = await t.client();
      const refused = await request(s, 'chat:send', { text: 'And by region?', conversationId: id, datasource: 'no-such-db' });
      expect(refused).toMatchObject({ error: { code: 'datasource:not_found' } });
      expect(await stored(id)).toBe(was);
      t.mock!.enqueue({ text: 'Still here.' });
      const rec = recordEvents(s);
      const ok = await request(s, 'chat:send', { text: 'Are you still there?', conversationId: id });
      if (!('data' in ok)) throw new Error(`the conversation broke: ${JSON.stringify(ok)}`);
      expect(await rec.terminal(ok.data.runId)).toMatchObject({ type: 'message:completed' });
      s.close();
    });

    it('PATCH with an unknown datasource is a 404 naming the available ones, and changes nothing', async () => {
      const id = chart.conversationId;
      const was = await stored(id);
      const r = await json(await t.fetch(`/api/conversations/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Should not stick', datasource: 'no-such-db' }) }));
      expect(r).toMatchObject({ status: 404, body: { error: { code: 'datasource:not_found' } } });
      expect(r.body.error!.message).toContain('Demo warehouse');
      expect(await stored(id)).toBe(was);
      expect((await json(await t.fetch(`/api/conversations/${id}/messages`))).body.data.conversation.title).not.toBe('Should not stick');
    });
  });

  it.runIf(backend === 'pglite')('the data folder, the embedded database and the lock and key files are owner-only (0700/0600)', () => {
    const dir = t.dataDir!;
    const loose: string[] = [];
    const walk = (p: string) => {
      const st = statSync(p);
      if ((st.mode & 0o077) !== 0) loose.push(`${p} ${(st.mode & 0o777).toString(8)}`);
      if (st.isDirectory()) {
        if ((st.mode & 0o700) !== 0o700) loose.push(`${p} not usable by its owner`);
        for (const name of readdirSync(p)) walk(join(p, name));
      }
    };
    walk(dir);
    const names = readdirSync(dir);
    expect(names).toEqual(expect.arrayContaining(['pgdata', 'parley.lock', 'secret.key']));
    expect(readdirSync(join(dir, 'pgdata')).length).toBeGreaterThan(5);
    expect(loose).toEqual([]);
  });
});

describe('formula cells in CSV downloads and Slack files', () => {
  const csvCell = (v: string) => tableToCsv({ columns: [{ name: 'v', kind: 'string' }], rows: [[v]] }).split('\r\n')[1];
  it.each(['-1+1|cmd', "-2+3+cmd|' /C calc'!A0", '=cmd|\' /C calc\'!A0', '+1+cmd|x', '@SUM(1+1)*cmd|x', '\t=1+1', '\r=1+1', '＝1+1', '＋1+1', '－1+1', '＠SUM(A1)'])('%j is written as text', (v) => {
    expect(csvCell(v).replace(/^"/, '')).toMatch(/^'/);
  });
  it.each(['-12.5', '-1e3'])('the negative number %s stays a number', (v) => {
    expect(csvCell(v)).toBe(v);
  });
});
