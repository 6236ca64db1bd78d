import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE } from '../auth/accounts';
import { STORE_BACKENDS } from '../testing/databases';
import { request, startTestParley, TEST_ADMIN, type TestParley } from '../testing/harness';

const json = { 'content-type': 'application/json' };
const post = (t: TestParley, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.url}${path}`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });
const read = async (r: Response) => {
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as any };
};

/** Whether a socket with these options connects, or the connect_error's message. */
function tryConnect(url: string, opts: Parameters<typeof connect>[1]): Promise<string> {
  const s = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
  return new Promise((resolve) => {
    s.once('connect', () => (s.close(), resolve('connected')));
    s.once('connect_error', (e) => (s.close(), resolve(e.message)));
  });
}

describe.each(STORE_BACKENDS)('sign-in on %s', (backend) => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ backend, model: 'offline', signIn: false });
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('a fresh install needs its admin; until then (and after) the API answers 401 without a session', async () => {
    expect(await read(await fetch(`${t.url}/api/auth/status`))).toEqual({ status: 200, body: { data: { needsSetup: true, oidc: null } } });
    for (const path of ['/api/me', '/api/conversations', '/api/datasources', '/api/members', '/api/suggestions']) {
      expect(await read(await fetch(`${t.url}${path}`)), path).toMatchObject({ status: 401, body: { error: { code: 'auth:required' } } });
    }
    expect(await tryConnect(t.url, {})).toBe('auth:required');
    expect(await tryConnect(t.url, { auth: { token: 'forged.jwt.token' } })).toBe('auth:required');
    // The health endpoints and the web app stay open.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('refuses a weak password and a bad email with the field named, creating nothing', async () => {
    expect(await read(await post(t, '/api/auth/signup', { ...TEST_ADMIN, password: 'password1' }))).toMatchObject({ status: 400, body: { error: { code: 'auth:weak_password' } } });
    expect(await read(await post(t, '/api/auth/signup', { ...TEST_ADMIN, email: 'not-an-email' }))).toMatchObject({ status: 400, body: { error: { code: 'input:invalid', message: expect.stringMatching(/^email:/) } } });
    expect((await read(await fetch(`${t.url}/api/auth/status`))).body.data.needsSetup).toBe(true);
  });

  let adminToken: string;
  it('the first account becomes admin, gets an HttpOnly SameSite=Lax cookie, and sign-up then closes', async () => {
    const res = await post(t, '/api/auth/signup', { ...TEST_ADMIN, email: 'Admin@Example.com' });
    const cookie = res.headers.get('set-cookie') ?? '';
    const { status, body } = await read(res);
    expect(status).toBe(201);
    expect(body.data.user).toMatchObject({ email: 'admin@example.com', name: TEST_ADMIN.name, role: 'admin' });
    expect(body.data.user).not.toHaveProperty('password_hash');
    expect(cookie).toMatch(/^parley_session=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    adminToken = body.data.token;

    const me = await read(await fetch(`${t.url}/api/me`, { headers: { cookie: cookie.split(';')[0] } }));
    expect(me).toMatchObject({ status: 200, body: { data: { user: { email: 'admin@example.com', role: 'admin' }, workspace: { id: 'local' } } } });
    expect((await read(await fetch(`${t.url}/api/auth/status`))).body.data.needsSetup).toBe(false);
    const again = await read(await post(t, '/api/auth/signup', { email: 'mallory@example.com', password: 'another long passphrase', name: 'Mallory' }));
    expect(again).toMatchObject({ status: 403, body: { error: { code: 'auth:signup_closed' } } });
    expect(await tryConnect(t.url, { auth: { token: adminToken } })).toBe('connected');
  });

  it('signs in with the right password only, saying the same for an unknown address', async () => {
    const wrong = await read(await post(t, '/api/auth/login', { email: TEST_ADMIN.email, password: 'not the password at all' }));
    const unknown = await read(await post(t, '/api/auth/login', { email: 'nobody@example.com', password: TEST_ADMIN.password }));
    expect(wrong).toEqual({ status: 401, body: { error: { code: 'auth:invalid_credentials', message: 'The email or password is not right.' } } });
    expect(unknown).toEqual(wrong);
    const ok = await read(await post(t, '/api/auth/login', { email: 'ADMIN@example.com', password: TEST_ADMIN.password }));
    expect(ok).toMatchObject({ status: 200, body: { data: { user: { role: 'admin' }, token: expect.any(String) } } });
  });

  it('throttles guessing per account, with Retry-After, and still lets other accounts in', async () => {
    const target = 'victim@example.com';
    for (let i = 0; i < THROTTLE.perAccount; i++) await post(t, '/api/auth/login', { email: target, password: `guess number ${i}` });
    const blocked = await post(t, '/api/auth/login', { email: target, password: 'guess number final' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await blocked.json()).error).toMatchObject({ code: 'auth:throttled', retryAfterSeconds: expect.any(Number) });
    expect((await post(t, '/api/auth/login', { email: TEST_ADMIN.email, password: TEST_ADMIN.password })).status).toBe(200);
  });

  it('sign-out ends the session: its token and cookie stop working, on REST and on an open socket', async () => {
    const { body } = await read(await post(t, '/api/auth/login', { email: TEST_ADMIN.email, password: TEST_ADMIN.password }));
    const token = body.data.token as string;
    const s = connect(t.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
    await new Promise<void>((r) => s.once('connect', () => r()));
    expect((await fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const out = await post(t, '/api/auth/logout', {}, { authorization: `Bearer ${token}` });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/parley_session=;.*Max-Age=0/i);
    expect((await fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const ack = await request(s, 'chat:send', { text: 'still here?' });
    expect(ack).toMatchObject({ error: { code: 'auth:required' } });
    s.close();
    expect(await tryConnect(t.url, { auth: { token } })).toBe('auth:required');
  });

  it('refuses a cookie-authenticated change from another site, even as a form post', async () => {
    const cookie = `parley_session=${adminToken}`;
    const form = await fetch(`${t.url}/api/members`, {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=mallory%40example.com&name=M&role=admin',
    });
    expect(form.status).toBe(403);
    // No Origin and no Referer (an old browser's form): refused too, with the cookie alone.
    const bare = await fetch(`${t.url}/api/members`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'mallory@example.com', name: 'M', role: 'admin' }) });
    expect(bare.status).toBe(403);
    expect((await read(bare)).body.error.code).toBe('origin:forbidden');
    const list = await read(await fetch(`${t.url}/api/members`, { headers: { authorization: `Bearer ${adminToken}` } }));
    expect(list.body.data.map((m: { email: string }) => m.email)).not.toContain('mallory@example.com');
    // From Parley's own page the same cookie works.
    const own = await fetch(`${t.url}/api/conversations`, { headers: { cookie } });
    expect(own.status).toBe(200);
  });
});

describe('members and roles', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ model: 'offline' });
  });
  afterAll(async () => {
    await t?.destroy();
  });
  const send = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...json }, body: body === undefined ? undefined : JSON.stringify(body) }).then(read);

  it('an admin invites; the invitation works once, for its own address, and gives the chosen role', async () => {
    const inv = await send(t.admin.token, 'POST', '/api/members', { email: 'Ann@Example.com', name: 'Ann', role: 'analyst' });
    expect(inv).toMatchObject({ status: 201, body: { data: { member: { email: 'ann@example.com', role: 'analyst', status: 'invited' }, invite: expect.any(String) } } });
    const invite = inv.body.data.invite as string;
    const wrongEmail = await read(await post(t, '/api/auth/signup', { email: 'eve@example.com', password: 'a fine long passphrase', name: 'Eve', invite }));
    expect(wrongEmail).toMatchObject({ status: 400, body: { error: { code: 'auth:invite_email' } } });
    const ok = await read(await post(t, '/api/auth/signup', { email: 'ann@example.com', password: 'a fine long passphrase', name: 'Ann A.', invite }));
    expect(ok).toMatchObject({ status: 201, body: { data: { user: { email: 'ann@example.com', role: 'analyst', name: 'Ann A.' } } } });
    const twice = await read(await post(t, '/api/auth/signup', { email: 'ann@example.com', password: 'a fine long passphrase', name: 'Ann', invite }));
    expect(twice).toMatchObject({ status: 400, body: { error: { code: 'auth:invite_invalid' } } });
    const members = await send(t.admin.token, 'GET', '/api/members');
    expect(members.body.data.find((m: { email: string }) => m.email === 'ann@example.com')).toMatchObject({ status: 'active', role: 'analyst' });
  });

  it('only admins manage members; a role change and a removal take effect on the next request', async () => {
    const viewer = await t.member('viewer');
    expect(await send(viewer.token, 'GET', '/api/members')).toMatchObject({ status: 403, body: { error: { code: 'auth:forbidden' } } });
    expect((await send(viewer.token, 'POST', '/api/members', { email: 'x@example.com', name: 'X', role: 'admin' })).status).toBe(403);
    expect((await send(viewer.token, 'POST', '/api/datasources', { name: 'x', kind: 'postgres', url: 'postgres://u@127.0.0.1:1/x' })).status).toBe(403);

    expect((await send(t.admin.token, 'PATCH', `/api/members/${viewer.user.id}`, { role: 'admin' })).status).toBe(200);
    expect((await send(viewer.token, 'GET', '/api/members')).status).toBe(200);
    expect((await send(t.admin.token, 'DELETE', `/api/members/${viewer.user.id}`)).status).toBe(204);
    expect(await send(viewer.token, 'GET', '/api/me')).toMatchObject({ status: 401, body: { error: { code: 'auth:required' } } });
    const login = await read(await post(t, '/api/auth/login', { email: viewer.user.email, password: `${TEST_ADMIN.password} viewer` }));
    expect(login.status).toBe(401);
  });

  it('keeps at least one admin', async () => {
    const self = t.admin.user.id;
    expect(await send(t.admin.token, 'PATCH', `/api/members/${self}`, { role: 'viewer' })).toMatchObject({ status: 409, body: { error: { code: 'member:last_admin' } } });
    expect((await send(t.admin.token, 'DELETE', `/api/members/${self}`)).status).toBe(409);
    expect((await send(t.admin.token, 'GET', '/api/me')).body.data.user.role).toBe('admin');
  });

  it('a viewer asks in words but may not send /sql or files', async () => {
    const viewer = await t.member('viewer');
    const s = await viewer.client();
    expect(await request(s, 'chat:send', { text: '/sql SELECT 1' })).toMatchObject({ error: { code: 'auth:forbidden' } });
    expect(await request(s, 'chat:send', { text: 'look at this', attachments: [{ uploadId: '00000000-0000-4000-8000-000000000000' }] })).toMatchObject({ error: { code: 'auth:forbidden' } });
    expect(await request(s, 'chat:send', { text: 'What was revenue by region?' })).toMatchObject({ data: { conversationId: expect.any(String) } });
  });

  it('another member\'s conversation is not found, on REST and on the socket', async () => {
    const a = await t.member('analyst');
    const b = await t.member('analyst');
    const sa = await a.client();
    const sent = await request(sa, 'chat:send', { text: 'What was revenue by region?' });
    if (!('data' in sent)) throw new Error(JSON.stringify(sent));
    const id = sent.data.conversationId;
    expect((await send(a.token, 'GET', `/api/conversations/${id}/messages`)).status).toBe(200);
    expect(await send(b.token, 'GET', `/api/conversations/${id}/messages`)).toMatchObject({ status: 404, body: { error: { code: 'conversation:not_found' } } });
    expect((await send(b.token, 'PATCH', `/api/conversations/${id}`, { title: 'mine now' })).status).toBe(404);
    expect((await send(b.token, 'DELETE', `/api/conversations/${id}`)).status).toBe(404);
    expect((await send(b.token, 'GET', '/api/conversations')).body.data.map((c: { id: string }) => c.id)).not.toContain(id);
    const sb = await b.client();
    expect(await request(sb, 'conversation:join', { conversationId: id })).toMatchObject({ error: { code: 'conversation:not_found' } });
    expect(await request(sb, 'chat:send', { conversationId: id, text: 'and now?' })).toMatchObject({ error: { code: 'conversation:not_found' } });
    expect(await request(sb, 'chat:cancel', { runId: sent.data.runId })).toMatchObject({ data: { cancelled: false } });
    expect((await send(a.token, 'GET', `/api/conversations/${id}/messages`)).body.data.conversation.title).not.toBe('mine now');
  });
});
