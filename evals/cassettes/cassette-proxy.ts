import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { cassetteKey } from './cassette-key';

/** One recorded model exchange. Never holds request headers (the API key stays out). */
export interface Cassette {
  format: 'parley-cassette/1';
  key: string;
  recordedAt: string;
  request: { path: string; body: Record<string, unknown> };
  response: { status: number; contentType: string; body: string };
}

/** A request --replay had no cassette for: the case that sent it fails and names the file. */
export interface CassetteMiss {
  key: string;
  file: string;
  model: string;
  /** The user messages of the request, to tell which case sent it. */
  userTexts: string[];
}

export interface CassetteProxy {
  /** Base URL for groq-sdk (it appends /openai/v1/chat/completions). */
  baseURL: string;
  mode: 'record' | 'replay';
  misses: CassetteMiss[];
  recorded: string[];
  replayed: string[];
  close(): Promise<void>;
}

export interface CassetteProxyOptions {
  mode: 'record' | 'replay';
  dir: string;
  /** Where --record forwards: Groq (https://api.groq.com) or any OpenAI-compatible server. */
  upstream?: string;
  /** How cassette paths are shown in errors. */
  cwd?: string;
}

function userTexts(body: Record<string, unknown>): string[] {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: string; content?: unknown }[]) : [];
  return messages.filter((m) => m.role === 'user' && typeof m.content === 'string').map((m) => m.content as string);
}

/**
 * A small HTTP server on 127.0.0.1 speaking the chat-completions wire protocol. In record mode
 * it forwards each request to the upstream unchanged (streaming the answer through) and stores
 * request and answer under the request's key; in replay mode it answers from those files only.
 */
export async function startCassetteProxy(opts: CassetteProxyOptions): Promise<CassetteProxy> {
  const upstream = (opts.upstream ?? 'https://api.groq.com').replace(/\/+$/, '');
  const misses: CassetteMiss[] = [];
  const recorded: string[] = [];
  const replayed: string[] = [];
  mkdirSync(opts.dir, { recursive: true });
  const fileOf = (key: string) => join(opts.dir, `${key}.json`);
  const shown = (file: string) => relative(opts.cwd ?? process.cwd(), file) || file;

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = req.url ?? '/';
    const json = (status: number, message: string) =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message, type: 'cassette_proxy' } }));
    if (req.method !== 'POST' || !/\/chat\/completions$/.test(path)) return json(404, `the cassette proxy only serves POST …/chat/completions, not ${req.method} ${path}`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return json(400, 'the request body is not JSON');
    }
    const key = cassetteKey(body);
    const file = fileOf(key);

    if (opts.mode === 'replay') {
      if (!existsSync(file)) {
        misses.push({ key, file: shown(file), model: String(body.model), userTexts: userTexts(body) });
        return json(400, `no cassette ${shown(file)} for this request; record it with --record`);
      }
      const c = JSON.parse(readFileSync(file, 'utf8')) as Cassette;
      replayed.push(key);
      res.writeHead(c.response.status, { 'content-type': c.response.contentType });
      res.end(c.response.body);
      return;
    }

    let up: Response;
    try {
      up = await fetch(`${upstream}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        },
        body: JSON.stringify(body),
      });
    } catch (e) {
      return json(502, `the upstream ${upstream} could not be reached: ${(e as Error).message}`);
    }
    const contentType = up.headers.get('content-type') ?? 'application/json';
    const pass: Record<string, string> = { 'content-type': contentType };
    const retryAfter = up.headers.get('retry-after');
    if (retryAfter) pass['retry-after'] = retryAfter;
    res.writeHead(up.status, pass);
    let text = '';
    const decoder = new TextDecoder();
    if (up.body) {
      for await (const chunk of up.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        res.write(chunk);
      }
    }
    text += decoder.decode();
    res.end();
    // Only answers are worth replaying; a 429 or 500 recorded would replay a bad day forever.
    if (up.status === 200) {
      const cassette: Cassette = {
        format: 'parley-cassette/1',
        key,
        recordedAt: new Date().toISOString(),
        request: { path, body },
        response: { status: up.status, contentType, body: text },
      };
      writeFileSync(file, `${JSON.stringify(cassette, null, 1)}\n`);
      recorded.push(key);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    mode: opts.mode,
    misses,
    recorded,
    replayed,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
