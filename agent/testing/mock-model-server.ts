import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A local server speaking the OpenAI chat-completions wire protocol (as Groq does), for tests
 * and benchmarks: SSE streaming, tool_calls deltas, usage, error statuses, and aborts. Each test
 * scripts the turns it wants; every request is recorded.
 */
export interface MockAnswer {
  /** The assistant's words, streamed a token (word) at a time. */
  text?: string;
  toolCalls?: { id?: string; name: string; args: unknown }[];
  /** Pause before each streamed chunk. */
  tokenDelayMs?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
}
export interface MockError {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
export type MockTurn = MockAnswer | MockError | ((req: RecordedRequest) => MockAnswer | MockError);

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: {
    model: string;
    messages: { role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string }[];
    tools?: { function: { name: string } }[];
    stream?: boolean;
    [k: string]: unknown;
  };
  /** True when the client went away before the answer was complete. */
  aborted: boolean;
  /** performance.now() when the request arrived and when the answer ended. */
  startedAt: number;
  endedAt?: number;
  completed: boolean;
}

export interface MockModelServer {
  url: string;
  /** Base URL for groq-sdk (it appends /openai/v1/...). */
  baseURL: string;
  requests: RecordedRequest[];
  /** Queue turns; each request consumes the next one. */
  enqueue(...turns: MockTurn[]): void;
  /** What answers when the queue is empty (default: an error naming the unscripted request). */
  setFallback(turn: MockTurn | undefined): void;
  /** Resolves when a request has been aborted by its client. */
  waitForAbort(timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const isError = (t: MockAnswer | MockError): t is MockError => 'status' in t;

/** Splits text the way a model streams it: a word with its following space per token. */
export function tokenize(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export async function startMockModelServer(opts: { port?: number } = {}): Promise<MockModelServer> {
  const queue: MockTurn[] = [];
  let fallback: MockTurn | undefined;
  const requests: RecordedRequest[] = [];
  const abortWaiters: ((r: RecordedRequest) => void)[] = [];
  let counter = 0;

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = req.url ?? '';
    if (req.method !== 'POST' || !/\/chat\/completions$/.test(url)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${url}` } }));
      return;
    }
    let body: RecordedRequest['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end(JSON.stringify({ error: { message: 'body is not JSON' } }));
      return;
    }
    const rec: RecordedRequest = { path: url, headers: req.headers, body, aborted: false, completed: false, startedAt: performance.now() };
    requests.push(rec);
    res.on('close', () => {
      rec.endedAt = performance.now();
      if (!rec.completed) {
        rec.aborted = true;
        abortWaiters.splice(0).forEach((w) => w(rec));
      }
    });
    let turn = queue.shift() ?? fallback;
    if (typeof turn === 'function') turn = turn(rec);
    if (!turn) {
      turn = { status: 500, body: { error: { message: `mock model server: no scripted turn for request ${requests.length}` } } };
    }
    if (isError(turn)) {
      rec.completed = true;
      res.writeHead(turn.status, { 'content-type': 'application/json', ...turn.headers });
      res.end(JSON.stringify(turn.body ?? { error: { message: `mock error ${turn.status}`, type: 'mock_error' } }));
      return;
    }
    await answer(turn, rec, res, `chatcmpl-mock-${++counter}`);
  });

  async function answer(turn: MockAnswer, rec: RecordedRequest, res: ServerResponse, id: string) {
    const model = rec.body.model;
    const created = Math.floor(Date.now() / 1000);
    const tokens = tokenize(turn.text ?? '');
    const toolCalls = (turn.toolCalls ?? []).map((c, i) => ({ id: c.id ?? `call_mock_${id}_${i}`, name: c.name, args: JSON.stringify(c.args) }));
    const usage = {
      prompt_tokens: turn.usage?.prompt_tokens ?? JSON.stringify(rec.body.messages).length >> 2,
      completion_tokens: turn.usage?.completion_tokens ?? tokens.length + toolCalls.length,
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const finish = toolCalls.length ? 'tool_calls' : 'stop';

    if (!rec.body.stream) {
      rec.completed = true;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              finish_reason: finish,
              message: {
                role: 'assistant',
                content: turn.text ?? null,
                tool_calls: toolCalls.length
                  ? toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.args } }))
                  : undefined,
              },
            },
          ],
          usage,
        }),
      );
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = async (delta: object, extra: object = {}) => {
      if (turn.tokenDelayMs) await new Promise((r) => setTimeout(r, turn.tokenDelayMs));
      if (rec.aborted) return false;
      const chunk = { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: null }], ...extra };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      return true;
    };
    if (!(await send({ role: 'assistant', content: '' }))) return;
    for (const t of tokens) if (!(await send({ content: t }))) return;
    for (const [index, c] of toolCalls.entries()) {
      // Arguments arrive in two pieces, as real servers split them.
      const half = Math.ceil(c.args.length / 2);
      if (!(await send({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: c.args.slice(0, half) } }] }))) return;
      if (!(await send({ tool_calls: [{ index, function: { arguments: c.args.slice(half) } }] }))) return;
    }
    if (rec.aborted) return;
    const last = { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: {}, finish_reason: finish }], usage, x_groq: { id, usage } };
    res.write(`data: ${JSON.stringify(last)}\n\n`);
    res.write('data: [DONE]\n\n');
    rec.completed = true;
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: url,
    requests,
    enqueue: (...turns) => void queue.push(...turns),
    setFallback: (t) => void (fallback = t),
    waitForAbort(timeoutMs = 5000) {
      const done = requests.find((r) => r.aborted);
      if (done) return Promise.resolve(done);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no request was aborted')), timeoutMs);
        abortWaiters.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
