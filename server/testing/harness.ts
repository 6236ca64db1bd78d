import type { Server as HttpServer } from 'node:http';
import { io as connect, type Socket } from 'socket.io-client';
import pino from 'pino';
import type { ClientToServerEvents, RunEvent, ServerToClientEvents } from '../../agent/events';
import { RUN_EVENT_TYPES, isTerminal } from '../../agent/events';
import { createChatModel } from '../../agent/models/index';
import { startMockModelServer, type MockModelServer } from '../../agent/testing/mock-model-server';
import { createTools } from '../../tools/index';
import { createPromptRegistry } from '../../prompts/registry';
import { toolDepsFrom } from '../datasources/setup';
import { createParley, type Parley } from '../app';
import { loadConfig, type Config } from '../config';
import { openStore } from '../store/store';
import type { Role } from '../identity';
import { hashPassword } from '../auth/passwords';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, freshDataDir, removeDir } from './databases';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestParleyOptions {
  /** 'mock': Groq client against the mock model server (default); 'offline': the offline planner. */
  model?: 'mock' | 'offline';
  backend?: 'pglite' | 'postgres';
  /** Reuse a data folder (PGlite) or database URL from an earlier harness, e.g. to test a restart. */
  reuse?: { dataDir?: string; databaseUrl?: string };
  mock?: MockModelServer;
  env?: Record<string, string>;
  /** A server already listening (as serve.ts's early listener); Parley takes it over instead of binding its own. */
  httpServer?: HttpServer;
  /** Extra wiring (tools, datasources…) later issues add; receives the defaults. */
  configure?: (deps: Parameters<typeof createParley>[0]) => Parameters<typeof createParley>[0];
  /** false: leave the install without accounts (first-run tests); by default the harness signs up an admin (or signs it in again on a reused store). */
  signIn?: boolean;
}

/** A signed-in member as a test drives them: REST calls and sockets carry their token. */
export interface TestMember {
  token: string;
  user: { id: string; email: string; name: string; role: Role };
  /** fetch(`${url}${path}`) with `Authorization: Bearer <token>`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A connected Socket.IO client signed in as this member. */
  client(): Promise<ClientSocket>;
}

/** The admin every harness signs up first. */
export const TEST_ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple', name: 'Test Admin' } as const;

export interface TestParley {
  url: string;
  /** The first admin (absent with `signIn: false`). */
  admin: TestMember;
  /** The admin's fetch of `${url}${path}`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A new member of the admin's workspace with this role, invited and signed up through the API. */
  member(role: Role, who?: { email?: string; name?: string }): Promise<TestMember>;
  /** Another workspace with its own admin (made in the store, as an operator would), signed in. */
  workspace(id: string): Promise<TestMember>;
  /** A socket with this token (none: an unauthenticated one); resolves on connect, rejects with the connect_error. */
  connect(token?: string): Promise<ClientSocket>;
  parley: Parley;
  mock?: MockModelServer;
  config: Config;
  dataDir?: string;
  databaseUrl?: string;
  /** A socket signed in as the admin. */
  client(): Promise<ClientSocket>;
  /** Closes the server (the data stays for a restart). */
  stop(): Promise<void>;
  /** Closes the server and the mock, and deletes the data. */
  destroy(): Promise<void>;
}

/** Starts the real server on a free port with a fresh store (PGlite or the test Postgres server). */
export async function startTestParley(opts: TestParleyOptions = {}): Promise<TestParley> {
  const backend = opts.backend ?? 'pglite';
  const mock = opts.model === 'offline' ? undefined : (opts.mock ?? (await startMockModelServer()));
  let dataDir = opts.reuse?.dataDir;
  let databaseUrl = opts.reuse?.databaseUrl;
  let dropDb: (() => Promise<void>) | undefined;
  if (backend === 'postgres' && !databaseUrl) {
    const db = await createTestDatabase();
    databaseUrl = db.url;
    dropDb = db.drop;
  }
  if (!databaseUrl) dataDir ??= freshDataDir();
  // On the server leg the data folder still holds the demo warehouse (and the secret key).
  const ownDir = dataDir ? undefined : freshDataDir();
  const config = loadConfig({
    PORT: '0',
    PARLEY_DATA_DIR: dataDir ?? ownDir,
    DATABASE_URL: databaseUrl,
    GROQ_API_KEY: mock ? 'test-key' : undefined,
    GROQ_BASE_URL: mock?.baseURL,
    PARLEY_MODEL: 'mock-model',
    PARLEY_SHUTDOWN_GRACE_MS: '2000',
    LOG_LEVEL: process.env.PARLEY_TEST_LOG_LEVEL ?? 'silent',
    ...opts.env,
  });
  const log = pino({ level: config.logLevel });
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const tools = createTools(toolDepsFrom(config, createPromptRegistry()));
  let deps: Parameters<typeof createParley>[0] = {
    config,
    log,
    store,
    tools,
    // Fast retries keep 429/5xx tests quick; the SDK still honours retry-after.
    model: createChatModel({ ...config.model, maxRetries: config.model.maxRetries }, tools),
    httpServer: opts.httpServer,
  };
  if (opts.configure) deps = opts.configure(deps);
  const parley = createParley(deps);
  await parley.runtime.recoverInterrupted();
  const port = await parley.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const sockets: ClientSocket[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    sockets.forEach((s) => s.close());
    await parley.close();
  };
  const open = async (token?: string) => {
    const s: ClientSocket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: token ? { token } : {} });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return s;
  };
  const asMember = (token: string, user: TestMember['user']): TestMember => ({
    token,
    user,
    fetch: (path, init = {}) => fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } }),
    client: () => open(token),
  });
  let admin: TestMember | undefined;
  if (opts.signIn !== false) {
    const status = await (await fetch(`${url}/api/auth/status`)).json();
    const res = await fetch(`${url}/api/auth/${status.data.needsSetup ? 'signup' : 'login'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(status.data.needsSetup ? TEST_ADMIN : { email: TEST_ADMIN.email, password: TEST_ADMIN.password }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`harness could not sign in its admin: ${JSON.stringify(body)}`);
    admin = asMember(body.data.token, body.data.user);
  }
  const needAdmin = (): TestMember => {
    if (!admin) throw new Error('this harness was started with signIn: false; it has no admin');
    return admin;
  };
  let invited = 0;
  return {
    url,
    parley,
    mock,
    config,
    dataDir: databaseUrl ? undefined : config.dataDir,
    databaseUrl,
    get admin() {
      return needAdmin();
    },
    fetch: (path, init) => needAdmin().fetch(path, init),
    async member(role, who = {}) {
      invited += 1;
      const email = who.email ?? `${role}${invited}-${Math.random().toString(36).slice(2, 8)}@example.com`;
      const name = who.name ?? `Test ${role} ${invited}`;
      const inv = await needAdmin().fetch('/api/members', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, name, role }) });
      const invBody = await inv.json();
      if (inv.status !== 201) throw new Error(`inviting a ${role} failed: ${JSON.stringify(invBody)}`);
      const res = await fetch(`${url}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, name, password: `${TEST_ADMIN.password} ${role}`, invite: invBody.data.invite }),
      });
      const body = await res.json();
      if (res.status !== 201) throw new Error(`signing up the invited ${role} failed: ${JSON.stringify(body)}`);
      return asMember(body.data.token, body.data.user);
    },
    async workspace(id) {
      const email = `admin@${id}.example.com`;
      const password = `${TEST_ADMIN.password} ${id}`;
      const pool = parley.store.db.pool;
      await pool.query('INSERT INTO workspaces (id, name) VALUES ($1, $2)', [id, `Workspace ${id}`]);
      await pool.query("INSERT INTO users (id, workspace_id, display_name, email, role, source, status, password_hash) VALUES ($1, $2, $3, $4, 'admin', 'account', 'active', $5)", [
        randomUUID(),
        id,
        `Admin of ${id}`,
        email,
        await hashPassword(password),
      ]);
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      const body = await res.json();
      if (!res.ok) throw new Error(`signing in the admin of ${id} failed: ${JSON.stringify(body)}`);
      return asMember(body.data.token, body.data.user);
    },
    connect: open,
    client: () => needAdmin().client(),
    stop,
    async destroy() {
      await stop();
      if (!opts.mock) await mock?.close();
      if (dropDb) await dropDb();
      if (dataDir && !opts.reuse?.dataDir) removeDir(dataDir);
      if (ownDir) removeDir(ownDir);
    },
  };
}

/** Records every run event a socket receives. */
export function recordEvents(socket: ClientSocket) {
  const events: RunEvent[] = [];
  const waiters: { pred: (e: RunEvent) => boolean; resolve: (e: RunEvent) => void }[] = [];
  for (const type of RUN_EVENT_TYPES) {
    (socket.on as (ev: string, fn: (e: RunEvent) => void) => void)(type, (e) => {
      events.push(e);
      for (const w of [...waiters]) {
        if (w.pred(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    });
  }
  return {
    events,
    /** Resolves with the first event (already received or future) matching `pred`. */
    // The first demo question of a Parley starts the demo warehouse's process: seconds, more on a loaded machine.
    waitFor(pred: (e: RunEvent) => boolean, timeoutMs = 45_000): Promise<RunEvent> {
      const seen = events.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; received: ${events.map((e) => `${e.type}#${e.seq}`).join(', ')}`)), timeoutMs);
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
      });
    },
    terminal(runId: string, timeoutMs?: number) {
      return this.waitFor((e) => e.runId === runId && isTerminal(e.type), timeoutMs);
    },
    ofRun(runId: string) {
      return events.filter((e) => e.runId === runId);
    },
  };
}

/** Emits a request and resolves with its ack. */
export function request<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((resolve) => (socket.emit as (e: string, p: unknown, ack: (r: unknown) => void) => void)(event, payload, resolve as (r: unknown) => void));
}

/** Sends a chat message and returns the successful ack; an error ack fails the test with its body. */
export async function sendOk(socket: ClientSocket, payload: Parameters<ClientToServerEvents['chat:send']>[0]) {
  const ack = await request(socket, 'chat:send', payload);
  if (!('data' in ack)) throw new Error(`chat:send failed: ${JSON.stringify(ack)}`);
  return ack;
}

/** The text a run streamed, from its deltas. */
export function streamedText(events: RunEvent[]): string {
  return events.map((e) => (e.type === 'message:delta' ? e.text : '')).join('');
}

/**
 * Sends a question on `s` and waits for its run to end: the run's events, its artifacts, its
 * finished tool steps, the tools it started and the words streamed.
 */
export async function askAndWait(s: ClientSocket, rec: ReturnType<typeof recordEvents>, text: string, conversationId?: string) {
  const ack = await request(s, 'chat:send', { text, conversationId });
  if (!('data' in ack)) throw new Error(JSON.stringify(ack));
  const end = await rec.terminal(ack.data.runId);
  const events = rec.ofRun(ack.data.runId);
  return {
    conversationId: ack.data.conversationId,
    end,
    events,
    text: streamedText(events),
    tools: events.flatMap((e) => (e.type === 'tool:started' ? [e.name] : [])),
    artifacts: events.filter((e): e is Extract<RunEvent, { type: 'artifact' }> => e.type === 'artifact'),
    finished: events.filter((e): e is Extract<RunEvent, { type: 'tool:finished' }> => e.type === 'tool:finished'),
  };
}

export { openStore };
