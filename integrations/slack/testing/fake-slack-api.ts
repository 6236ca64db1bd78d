import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
// ws comes with socket.io-client and bolt's Socket Mode client; only this test double uses it directly.
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local stand-in for Slack's Web API (https://slack.com/api/<method>) for tests: answers each
 * method the way Slack does, records every call with its decoded arguments, receives file
 * uploads and response_url posts, and can be told to fail a method (a Slack error or a 429).
 */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** Milliseconds since the server started, when the call arrived. */
  at: number;
  /** The answer's x-slack-req-id. */
  requestId: string;
}

export interface RecordedUpload {
  fileId: string;
  filename?: string;
  bytes: Buffer;
}

export type FakeAnswer = { status: 429; retryAfter: number } | ({ ok: boolean } & Record<string, unknown>);
/** A function answer may be async: tests hold a call (auth.test during start) until they let it go. */
type Override = { answer: FakeAnswer | ((args: Record<string, unknown>) => FakeAnswer | Promise<FakeAnswer>); times: number };

export interface FakeSlackApi {
  url: string;
  /** What to give as SLACK_API_URL / slackApiUrl. */
  apiUrl: string;
  calls: RecordedCall[];
  /** Date.now() when the server started; `RecordedCall.at` counts from here. */
  startedAt: number;
  uploads: RecordedUpload[];
  /** Bodies posted to response_url links (`${url}/respond/...`). */
  responses: { path: string; body: unknown }[];
  /**
   * Socket Mode: delivers an envelope (`events_api`, `slash_commands`…) over the app's WebSocket
   * and resolves with the app's acknowledgement.
   */
  deliver(type: string, payload: object): Promise<{ envelope_id: string; payload?: unknown }>;
  /** Resolves when a Socket Mode client has connected and been greeted. */
  socketConnected(): Promise<void>;
  /** Answers `method` with `answer` for the next `times` calls (default: every call). */
  respond(method: string, answer: Override['answer'], opts?: { times?: number }): void;
  callsTo(method: string): RecordedCall[];
  /**
   * A file people shared: files.info describes it and its url_private_download serves `bytes`
   * here, only with `Authorization: Bearer <the bot token>` (any other gets 403). Returns its id.
   */
  addFile(file: { name: string; bytes: Uint8Array; token: string; size?: number; url?: string }): string;
  /** Downloads of shared files: the Authorization header each came with. */
  downloads: { fileId: string; authorization?: string }[];
  reset(): void;
  close(): Promise<void>;
}

/** Form values the WebClient JSON-encodes (blocks, chunks…) come back as objects. */
function decodeArgs(form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (typeof v === 'string' && /^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* a plain string that starts with a bracket */
      }
    }
    out[k] = v;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeSlackApi(opts: { botUserId?: string; teamId?: string } = {}): Promise<FakeSlackApi> {
  const botUserId = opts.botUserId ?? 'UBOT';
  const calls: RecordedCall[] = [];
  const uploads: RecordedUpload[] = [];
  const responses: { path: string; body: unknown }[] = [];
  const overrides = new Map<string, Override[]>();
  const started = Date.now();
  let seq = 0;
  let url = '';
  const nextTs = () => `${1_700_000_000 + ++seq}.${String(seq).padStart(6, '0')}`;
  const pendingFiles = new Map<string, { filename?: string; title?: string }>();
  const shared = new Map<string, { name: string; bytes: Uint8Array; token: string; size?: number; url?: string }>();
  const downloads: { fileId: string; authorization?: string }[] = [];

  function defaultAnswer(method: string, args: Record<string, unknown>): FakeAnswer {
    switch (method) {
      case 'apps.connections.open':
        return { ok: true, url: `${url.replace(/^http/, 'ws')}/link/?ticket=t${seq}` };
      case 'auth.test':
        return { ok: true, user_id: botUserId, bot_id: 'BBOT', team_id: opts.teamId ?? 'T1', user: 'parley' };
      case 'users.info':
        return { ok: true, user: { id: args.user, name: `name-${args.user}`, real_name: `Person ${args.user}`, profile: { email: `${String(args.user).toLowerCase()}@example.com` } } };
      case 'chat.postMessage':
      case 'chat.startStream':
        return { ok: true, channel: args.channel, ts: nextTs() };
      case 'chat.update':
      case 'chat.appendStream':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.stopStream':
        return { ok: true, channel: args.channel, ts: args.ts, message: { ts: args.ts } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${++seq}`;
        pendingFiles.set(fileId, { filename: args.filename as string });
        return { ok: true, upload_url: `${url}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: ((args.files as { id: string; title?: string }[]) ?? []).map((f) => ({ id: f.id, title: f.title, name: pendingFiles.get(f.id)?.filename })) };
      case 'files.info': {
        const f = shared.get(String(args.file));
        if (!f) return { ok: false, error: 'file_not_found' };
        const url_ = f.url ?? `${url}/files-pri/T1-${args.file}/download/${encodeURIComponent(f.name)}`;
        return { ok: true, file: { id: args.file, name: f.name, size: f.size ?? f.bytes.length, mode: 'hosted', url_private: url_, url_private_download: url_ } };
      }
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setSuggestedPrompts':
      case 'assistant.threads.setTitle':
        return { ok: true };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = (req.url ?? '').split('?')[0];
    const requestId = `req-${++seq}`;
    if (path.startsWith('/upload/')) {
      const fileId = path.slice('/upload/'.length);
      // The WebClient posts the file as multipart form data; let the platform's parser read it.
      const form = await new Request('http://local/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: new Uint8Array(body) }).formData();
      const file = [...form.values()].find((v): v is File => typeof v !== 'string');
      uploads.push({ fileId, filename: pendingFiles.get(fileId)?.filename, bytes: file ? Buffer.from(await file.arrayBuffer()) : body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${body.length}`);
      return;
    }
    if (path.startsWith('/files-pri/')) {
      const fileId = /^\/files-pri\/T1-([^/]+)\//.exec(path)?.[1] ?? '';
      downloads.push({ fileId, authorization: req.headers.authorization });
      const f = shared.get(fileId);
      if (!f) return void res.writeHead(404).end('not found');
      if (req.headers.authorization !== `Bearer ${f.token}`) return void res.writeHead(403).end('forbidden');
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(f.bytes));
      return;
    }
    if (path.startsWith('/respond/')) {
      responses.push({ path, body: JSON.parse(body.toString('utf8') || 'null') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = path.replace(/^\/api\//, '');
    const type = req.headers['content-type'] ?? '';
    const raw = body.toString('utf8');
    const args = decodeArgs(type.includes('application/json') ? JSON.parse(raw || '{}') : (parseQuery(raw) as Record<string, unknown>));
    calls.push({ method, args, at: Date.now() - started, requestId });
    const queue = overrides.get(method);
    let answer: Override['answer'] | undefined;
    if (queue?.length) {
      answer = queue[0].answer;
      if (--queue[0].times <= 0) queue.shift();
    }
    const a = typeof answer === 'function' ? await answer(args) : (answer ?? defaultAnswer(method, args));
    if ('status' in a && a.status === 429) {
      res.writeHead(429, { 'retry-after': String(a.retryAfter), 'x-slack-req-id': requestId, 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-slack-req-id': requestId }).end(JSON.stringify(a));
  });
  const wss = new WebSocketServer({ server, path: '/link/' });
  let socket: WebSocket | undefined;
  const connected: (() => void)[] = [];
  const acks = new Map<string, (ack: { envelope_id: string; payload?: unknown }) => void>();
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const ack = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
      acks.get(ack.envelope_id)?.(ack);
      acks.delete(ack.envelope_id);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0PARLEY' } }));
    connected.splice(0).forEach((r) => r());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    startedAt: started,
    uploads,
    responses,
    respond(method, answer, o = {}) {
      const list = overrides.get(method) ?? [];
      list.push({ answer, times: o.times ?? Number.POSITIVE_INFINITY });
      overrides.set(method, list);
    },
    deliver(type, payload) {
      if (!socket) return Promise.reject(new Error('no Socket Mode client is connected'));
      const envelopeId = `env-${++seq}`;
      const acked = new Promise<{ envelope_id: string; payload?: unknown }>((r) => acks.set(envelopeId, r));
      socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
      return acked;
    },
    socketConnected: () => (socket ? Promise.resolve() : new Promise<void>((r) => connected.push(r))),
    callsTo: (method) => calls.filter((c) => c.method === method),
    downloads,
    addFile(file) {
      const id = `F${++seq}SHARED`;
      shared.set(id, file);
      return id;
    },
    reset() {
      calls.length = 0;
      uploads.length = 0;
      responses.length = 0;
      overrides.clear();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
