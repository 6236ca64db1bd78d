// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Editor } from '@tiptap/react';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, ChatSendResult } from '../../agent/events';
import { App } from './app';
import { AuthGate } from './auth/auth-gate';
import type { Role } from '../../agent/roles';
import { fail, fakeApi, ok, type FakeRoutes } from './testing/fake-api';
import './testing/jsdom-layout';

/**
 * The whole app behind its sign-in gate. REST goes to a fetch stand-in; Socket.IO to a real
 * Socket.IO server in this process that refuses connections as Parley does (`auth:required`).
 */
const socketServer = {
  refuse: false,
  connections: 0,
  onSend: (_payload: unknown, ack: (res: Ack<ChatSendResult>) => void, _socket: Socket) => ack({ data: { conversationId: 'c1', runId: 'r1' } }),
};
const defaultSend = socketServer.onSend;
let http: HttpServer;
let io: Server;

beforeAll(async () => {
  http = createServer();
  io = new Server(http);
  // As in Parley, the credential is the one sent with the connection's opening HTTP request (its
  // cookie): a refused connection stays refused until the client opens a new one.
  const admitted = new WeakSet<object>();
  io.engine.on('connection', (conn: object) => void (socketServer.refuse || admitted.add(conn)));
  io.use((socket, next) => (admitted.has(socket.conn) ? next() : next(new Error('auth:required'))));
  io.on('connection', (s) => {
    socketServer.connections++;
    s.on('chat:send', (payload, ack) => socketServer.onSend(payload, ack, s));
    s.on('conversation:join', (payload, ack) => ack({ data: { conversationId: payload.conversationId, runId: null, replayed: 0, active: false } }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  // The app connects to its own origin, as in the browser.
  (globalThis as unknown as { jsdom: { reconfigure(o: { url: string }): void } }).jsdom.reconfigure({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/` });
});
afterAll(async () => {
  await io.close();
});

beforeEach(() => {
  localStorage.clear();
  window.history.replaceState(null, '', '/');
  Object.assign(socketServer, { refuse: false, connections: 0, onSend: defaultSend });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const workspace = { id: 'local', name: 'Acme' };
const person = (role: Role) => ({ id: `u-${role}`, email: `${role}@example.com`, name: `The ${role}`, role });

function start(role: Role, extra: FakeRoutes = {}) {
  const state = { signedIn: true };
  const api = fakeApi({
    'GET /auth/status': () => ok({ needsSetup: false, oidc: null }),
    'GET /me': () => (state.signedIn ? ok({ user: person(role), workspace }) : fail(401, 'auth:required', 'Sign in to use Parley.')),
    'GET /conversations': () => (state.signedIn ? ok([]) : fail(401, 'auth:required', 'Sign in to use Parley.')),
    'GET /datasources': () => ok([{ id: 'd1', name: 'sales', kind: 'postgres', tableCount: 3 }]),
    'GET /suggestions': () => ok({ datasource: { id: 'd1', name: 'sales' }, questions: [] }),
    'POST /auth/login': ({ body }) => {
      if (body.password !== 'correct horse battery staple') return fail(401, 'auth:invalid_credentials', 'Wrong email or password.');
      state.signedIn = true;
      socketServer.refuse = false;
      return ok({ user: person(role), token: 'tok' });
    },
    'GET /members': () => ok([{ ...person(role), status: 'active' }]),
    ...extra,
  });
  render(
    <AuthGate>
      <App />
    </AuthGate>,
  );
  return { api, state };
}

async function composer() {
  const box = await screen.findByRole('textbox', { name: 'Message Parley' });
  const editor = () => (box as unknown as { editor: Editor }).editor;
  return {
    box,
    text: () => editor().getText(),
    type: (text: string) => act(() => void editor().chain().focus('end').insertContent(text).run()),
    clear: () => act(() => void editor().commands.clearContent(true)),
    press: (key: string) => act(() => void fireEvent.keyDown(box, { key })),
  };
}

const connected = () => waitFor(() => expect(socketServer.connections).toBeGreaterThan(0));
const sendButton = () => screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;

async function signInAgain() {
  const dialog = await screen.findByRole('dialog', { name: 'Your session has ended' });
  expect((within(dialog).getByLabelText('Email') as HTMLInputElement).value).toMatch(/@example\.com$/);
  fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'correct horse battery staple' } });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Sign in' }));
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
}

describe('App: what each role is offered', () => {
  it.each([
    ['viewer', ['/chart', '/forecast', '/campaign'], false],
    ['analyst', ['/sql', '/chart', '/forecast', '/campaign'], false],
    ['admin', ['/sql', '/chart', '/forecast', '/campaign'], true],
  ] as const)('as %s: the commands %j; the Members page: %s', async (role, commands, members) => {
    start(role);
    const c = await composer();
    await c.type('/');
    const options = within(await screen.findByRole('listbox')).getAllByRole('option');
    expect(options.map((o) => o.querySelector('.suggestion-label')?.textContent)).toEqual(commands);

    fireEvent.click(screen.getByRole('button', { name: `Account: The ${role}` }));
    expect(screen.getByText(`${role}@example.com`)).toBeTruthy();
    expect(screen.getByText(role[0].toUpperCase() + role.slice(1))).toBeTruthy();
    expect(Boolean(screen.queryByRole('button', { name: 'Members' }))).toBe(members);
    // Files come from analysts and admins: a viewer is not offered the paperclip.
    expect(Boolean(screen.queryByRole('button', { name: /^Attach files/ }))).toBe(role !== 'viewer');
    expect(Boolean(screen.queryByLabelText('Files to attach'))).toBe(role !== 'viewer');
  });

  it('an analyst who opens /members by address gets the chat, not the members page', async () => {
    window.history.replaceState(null, '', '/members');
    const { api } = start('analyst');
    await composer();
    expect(screen.queryByRole('heading', { name: 'Members', level: 2 })).toBeNull();
    expect(api.requests.some((r) => r.path === '/members')).toBe(false);
  });

  it('an admin reaches the members page from the user menu and comes back', async () => {
    start('admin');
    await composer();
    fireEvent.click(screen.getByRole('button', { name: 'Account: The admin' }));
    fireEvent.click(screen.getByRole('button', { name: 'Members' }));
    expect(await screen.findByRole('heading', { name: 'Members', level: 2 })).toBeTruthy();
    expect(window.location.pathname).toBe('/members');
    expect(await screen.findByText('admin@example.com')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Back to the chat/ }));
    await composer();
    expect(window.location.pathname).toBe('/');
  });

  it('signs out: the server is told, the sign-in form is shown, and no draft stays behind', async () => {
    const { api, state } = start('analyst', {
      'POST /auth/logout': () => {
        state.signedIn = false;
        return ok({ signedOut: true });
      },
    });
    const c = await composer();
    await c.type('a private thought');
    expect(localStorage.getItem('parley:draft:new')).toBe('a private thought');
    fireEvent.click(screen.getByRole('button', { name: 'Account: The analyst' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Parley' })).toBeTruthy();
    expect(api.requests.some((r) => r.method === 'POST' && r.path === '/auth/logout')).toBe(true);
    expect(localStorage.getItem('parley:draft:new')).toBeNull();
  });
});

describe('App: the session ends while the page is open', () => {
  it('an API call answering auth:required covers the page with sign-in; the draft is kept through it', async () => {
    const { api, state } = start('analyst');
    const c = await composer();
    await connected();
    await c.type('Half-written question');
    state.signedIn = false;
    fireEvent.change(screen.getByLabelText('Search conversations'), { target: { value: 'revenue' } });

    const dialog = await screen.findByRole('dialog', { name: 'Your session has ended' });
    expect(document.querySelector('.session-page')!.hasAttribute('inert')).toBe(true);
    expect(c.text()).toBe('Half-written question');
    // The email is known: the password is what to type.
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Password')));
    // A wrong password keeps the overlay up, with the reason.
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'wrong' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Wrong email or password.');

    const before = api.requests.filter((r) => r.path === '/conversations').length;
    await signInAgain();
    expect(c.text()).toBe('Half-written question');
    expect(localStorage.getItem('parley:draft:new')).toBe('Half-written question');
    // What failed is fetched again.
    await waitFor(() => expect(api.requests.filter((r) => r.path === '/conversations').length).toBeGreaterThan(before));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a socket refused with auth:required does the same, and the socket reconnects after signing in', async () => {
    start('viewer');
    const c = await composer();
    await connected();
    await c.type('Still typing');
    socketServer.refuse = true;
    // The connection drops (e.g. the server restarted); reconnecting is refused: the session is gone.
    for (const s of io.sockets.sockets.values()) s.conn.close();
    await screen.findByRole('dialog', { name: 'Your session has ended' }, { timeout: 10_000 });
    expect(c.text()).toBe('Still typing');

    await signInAgain();
    await waitFor(() => expect(socketServer.connections).toBe(2), { timeout: 10_000 });
    await waitFor(() => expect(sendButton().disabled).toBe(false));
    expect(c.text()).toBe('Still typing');
  });

  it('a message refused with auth:required goes back into the composer, and sends once signed in again', async () => {
    const { state } = start('analyst');
    const c = await composer();
    await connected();
    const sent: unknown[] = [];
    socketServer.onSend = (payload, ack, socket) => {
      sent.push(payload);
      if (sent.length > 1) return ack({ data: { conversationId: 'c1', runId: 'r1' } });
      // As Parley's gateway does for a session ended since the socket connected: refuse, then drop the socket.
      state.signedIn = false;
      socketServer.refuse = true;
      ack({ error: { code: 'auth:required', message: 'Your session has ended; sign in again.' } });
      setImmediate(() => socket.disconnect(true));
    };
    await c.type('Where did revenue go?');
    await c.press('Enter');
    await screen.findByRole('dialog', { name: 'Your session has ended' });
    await waitFor(() => expect(c.text()).toBe('Where did revenue go?'));
    expect(document.querySelector('.message.user')).toBeNull();

    await signInAgain();
    await waitFor(() => expect(socketServer.connections).toBe(2), { timeout: 10_000 });
    await waitFor(() => expect(sendButton().disabled).toBe(false));
    await c.press('Enter');
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toMatchObject({ text: 'Where did revenue go?' });
  });
});

describe('App: rate limits', () => {
  it('a refused message shows the server\'s words with a countdown, keeps the draft and waits to send', async () => {
    start('analyst');
    const c = await composer();
    await connected();
    const sent: unknown[] = [];
    socketServer.onSend = (payload, ack) => {
      sent.push(payload);
      const refusal = { code: 'rate_limited', message: 'You have sent 20 messages this minute.', retryAfterSeconds: 1 };
      if (sent.length === 1) ack({ error: refusal });
      else ack({ data: { conversationId: 'c1', runId: 'r1' } });
    };
    await c.type('How many orders?');
    await c.press('Enter');
    const notice = await screen.findByText('You have sent 20 messages this minute.');
    expect(notice.closest('[role="status"]')!.textContent).toContain('Try again in 1 s.');
    await waitFor(() => expect(c.text()).toBe('How many orders?'));
    expect(sendButton().disabled).toBe(true);
    expect(document.querySelector('.message.user')).toBeNull();
    // Enter does nothing while counting down.
    await c.press('Enter');
    expect(sent).toHaveLength(1);

    await waitFor(() => expect(screen.queryByText('You have sent 20 messages this minute.')).toBeNull(), { timeout: 5000 });
    expect(sendButton().disabled).toBe(false);
    await c.press('Enter');
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toMatchObject({ text: 'How many orders?' });
  });

  it('a REST 429 shows its message and the wait from Retry-After', async () => {
    start('analyst', { 'GET /conversations': ({ query }) => (query.get('q') ? fail(429, 'rate_limited', 'Too many requests; slow down.', { 'retry-after': '20' }) : ok([])) });
    await composer();
    fireEvent.change(screen.getByLabelText('Search conversations'), { target: { value: 'x' } });
    const notice = await screen.findByText('Too many requests; slow down.');
    expect(notice.closest('[role="status"]')!.textContent).toMatch(/Try again in (20|19) s\./);
  });
});
