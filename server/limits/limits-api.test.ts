import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isParleyError } from '../../agent/errors';
import { recordEvents, request, startTestParley, type TestMember, type TestParley, type TestParleyOptions } from '../testing/harness';
import { LOCAL_WORKSPACE_ID } from '../identity';
import { TIERS, type TierTable } from './tiers';

/**
 * Per-user allowances small enough to reach in a few requests (every member here shares one
 * workspace, whose allowance stays out of the way; rate-limits.test.ts covers the workspace's).
 * The free tier is the default (PARLEY_DEFAULT_TIER=free), so tests also show the variable is read.
 */
const TINY: TierTable = {
  free: {
    messages_per_minute: { user: 2, workspace: 1000 },
    messages_per_day: { user: 100, workspace: 1000 },
    uploads_per_day: { user: 1, workspace: 1000 },
    sql_runs_per_minute: { user: 1, workspace: 1000 },
  },
  pro: {
    messages_per_minute: { user: 3, workspace: 1000 },
    messages_per_day: { user: 100, workspace: 1000 },
    uploads_per_day: { user: 3, workspace: 1000 },
    sql_runs_per_minute: { user: 3, workspace: 1000 },
  },
  enterprise: TIERS.enterprise,
};

const tiny = (o: TestParleyOptions = {}): TestParleyOptions => ({
  model: 'offline',
  ...o,
  env: { PARLEY_DEFAULT_TIER: 'free', ...o.env },
  configure: (d) => ({ ...d, rateLimits: { tiers: TINY } }),
});

const json = (body: unknown): RequestInit => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function put(m: TestMember, path: string, body: unknown) {
  const res = await m.fetch(path, { method: 'PUT', ...json(body) });
  return { status: res.status, body: await res.json() };
}

async function limitsOf(m: TestMember) {
  const res = await m.fetch('/api/limits');
  expect(res.status).toBe(200);
  return (await res.json()).data;
}

function upload(m: TestMember, name = 'numbers.csv') {
  const form = new FormData();
  form.append('file', new Blob(['n,label\n1,one\n2,two\n']), name);
  return m.fetch('/api/uploads', { method: 'POST', body: form });
}

/** Sends `text` in a new conversation and waits for its run to end; the ack when refused. */
async function say(m: TestMember, text: string) {
  const s = await m.client();
  const rec = recordEvents(s);
  const ack = await request(s, 'chat:send', { text });
  if ('data' in ack) await rec.terminal(ack.data.runId);
  s.close();
  return { ack, events: 'data' in ack ? rec.ofRun(ack.data.runId) : [] };
}

describe('rate limits over the API and Socket.IO', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley(tiny());
  });
  afterAll(() => t?.destroy());

  it('GET /api/limits shows the default tier and each limit with nothing used; without a session it is 401', async () => {
    const d = await limitsOf(t.admin);
    expect(d).toMatchObject({ tier: 'free', workspaceTier: 'free', userTier: null, defaultTier: 'free', tiers: ['free', 'pro', 'enterprise'] });
    expect(d.limits.messages_per_minute).toEqual({
      window: 'minute',
      windowSeconds: 60,
      user: { limit: TINY.free.messages_per_minute.user, used: 0, remaining: TINY.free.messages_per_minute.user, resetsInSeconds: null },
      workspace: { limit: TINY.free.messages_per_minute.workspace, used: 0, remaining: TINY.free.messages_per_minute.workspace, resetsInSeconds: null },
    });
    const anon = await fetch(`${t.url}/api/limits`);
    expect(anon.status).toBe(401);
    expect((await anon.json()).error.code).toBe('auth:required');
  });

  it('refuses chat:send past the allowance with an ack saying when to retry; a refused send starts nothing', async () => {
    const m = await t.member('analyst');
    expect('data' in (await say(m, 'hello')).ack).toBe(true);
    expect('data' in (await say(m, 'hello again')).ack).toBe(true);
    const before = await (await m.fetch('/api/conversations')).json();
    const { ack } = await say(m, 'one too many');
    expect(ack).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('2 messages per minute on the free tier'), retryAfterSeconds: expect.any(Number) } });
    const retry = (ack as { error: { retryAfterSeconds: number } }).error.retryAfterSeconds;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect((ack as { error: { message: string } }).error.message).toContain(`Try again in ${retry} second`);
    // No conversation was made for the refused message.
    expect((await (await m.fetch('/api/conversations')).json()).data).toHaveLength(before.data.length);
    const d = await limitsOf(m);
    expect(d.limits.messages_per_minute.user).toMatchObject({ used: 2, remaining: 0 });
    expect(d.limits.messages_per_minute.user.resetsInSeconds).toBeGreaterThan(0);
  });

  it('counts Slack and Teams messages too: they go through the same runtime.send', async () => {
    const m = await t.member('analyst');
    const slack = { workspaceId: LOCAL_WORKSPACE_ID, userId: m.user.id, role: 'analyst' as const, channel: 'slack' };
    for (const text of ['one', 'two']) await (await t.parley.runtime.send({ ...slack, text })).done;
    const e = await t.parley.runtime.send({ ...slack, text: 'three' }).catch((err: unknown) => err);
    expect(isParleyError(e) && e.code).toBe('rate_limited');
    expect(isParleyError(e) && e.details?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('a message turned away for bad input (an unknown conversation) counts nothing', async () => {
    const m = await t.member('analyst');
    const s = await m.client();
    for (let i = 0; i < 3; i++) {
      const ack = await request(s, 'chat:send', { text: 'hi', conversationId: 'no-such-conversation' });
      expect(ack).toMatchObject({ error: { code: 'conversation:not_found' } });
    }
    s.close();
    expect((await limitsOf(m)).limits.messages_per_minute.user.used).toBe(0);
  });

  it('refuses POST /api/uploads past the allowance with 429, Retry-After and retryAfterSeconds; a bad upload counts nothing', async () => {
    const m = await t.member('analyst');
    const bad = await m.fetch('/api/uploads', { method: 'POST', ...json({ not: 'a file' }) });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(429);
    expect((await upload(m)).status).toBe(201);
    const res = await upload(m);
    expect(res.status).toBe(429);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('1 file uploads per day') });
    expect(Number(res.headers.get('retry-after'))).toBe(body.error.retryAfterSeconds);
    // A day's window.
    expect(body.error.retryAfterSeconds).toBeGreaterThan(3600);
    expect((await limitsOf(m)).limits.uploads_per_day.user).toMatchObject({ used: 1, remaining: 0 });
  });

  it('refuses a SQL statement past the allowance: the tool fails with a message saying when to retry, and the query does not run', async () => {
    const m = await t.member('analyst');
    const first = await say(m, 'SELECT count(*) AS n FROM demo.customers');
    expect(first.events.find((e) => e.type === 'tool:finished')).toMatchObject({ ok: true });
    const second = await say(m, 'SELECT count(*) AS n FROM demo.products');
    const finished = second.events.find((e) => e.type === 'tool:finished');
    expect(finished).toMatchObject({ ok: false, error: expect.stringMatching(/1 SQL queries per minute on the free tier\. Try again in \d+ seconds?/) });
    expect(second.events.some((e) => e.type === 'artifact')).toBe(false);
    expect((await limitsOf(m)).limits.sql_runs_per_minute.user).toMatchObject({ used: 1, remaining: 0 });
  });

  it('only an admin may change tiers: 403 auth:forbidden for an analyst or a viewer, and nothing changes', async () => {
    for (const role of ['analyst', 'viewer'] as const) {
      const m = await t.member(role);
      const ws = await put(m, '/api/limits', { tier: 'enterprise' });
      expect(ws.status).toBe(403);
      expect(ws.body.error.code).toBe('auth:forbidden');
      const self = await put(m, `/api/limits/users/${m.user.id}`, { tier: 'enterprise' });
      expect(self.status).toBe(403);
      expect(await limitsOf(m)).toMatchObject({ tier: 'free', workspaceTier: 'free', userTier: null });
    }
  });

  it('refuses a tier that does not exist, or a member of no such id, naming the problem and changing nothing', async () => {
    const bad = await put(t.admin, '/api/limits', { tier: 'platinum' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'input:invalid', message: expect.stringContaining('tier: expects one of free, pro, enterprise') });
    expect((await put(t.admin, '/api/limits', { tier: 'pro', extra: 1 })).status).toBe(400);
    expect((await put(t.admin, '/api/limits', {})).status).toBe(400);
    const nobody = await put(t.admin, '/api/limits/users/no-such-user', { tier: 'pro' });
    expect(nobody.status).toBe(404);
    expect(nobody.body.error.code).toBe('member:not_found');
    expect(await limitsOf(t.admin)).toMatchObject({ workspaceTier: 'free' });
  });

  it("an admin's tier change takes effect at once: for the workspace, and for one member's override", async () => {
    const m = await t.member('analyst');
    await say(m, 'a');
    await say(m, 'b');
    expect((await say(m, 'c')).ack).toMatchObject({ error: { code: 'rate_limited' } });

    const changed = await put(t.admin, '/api/limits', { tier: 'pro' });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ tier: 'pro', workspaceTier: 'pro' });
    // pro allows 3 a minute; the 2 already sent still count.
    expect('data' in (await say(m, 'c')).ack).toBe(true);
    expect((await say(m, 'd')).ack).toMatchObject({ error: { code: 'rate_limited', message: expect.stringContaining('on the pro tier') } });

    const o = await put(t.admin, `/api/limits/users/${m.user.id}`, { tier: 'enterprise' });
    expect(o).toMatchObject({ status: 200, body: { data: { userId: m.user.id, tier: 'enterprise' } } });
    expect(await limitsOf(m)).toMatchObject({ tier: 'enterprise', workspaceTier: 'pro', userTier: 'enterprise' });
    expect('data' in (await say(m, 'd')).ack).toBe(true);

    // Back to the workspace's tier, and the workspace back to the default.
    expect((await put(t.admin, `/api/limits/users/${m.user.id}`, { tier: null })).status).toBe(200);
    expect((await put(t.admin, '/api/limits', { tier: null })).body.data).toMatchObject({ workspaceTier: 'free', defaultTier: 'free' });
    expect(await limitsOf(m)).toMatchObject({ tier: 'free', userTier: null });
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('rate limits across two Parley instances on one Postgres server', () => {
  let one: TestParley;
  let two: TestParley;
  beforeAll(async () => {
    // Instances sharing a database share the secret key (as the README says), so a session made on one works on the other.
    const env = { PARLEY_SECRET_KEY: randomBytes(32).toString('hex') };
    one = await startTestParley(tiny({ backend: 'postgres', env }));
    two = await startTestParley(tiny({ backend: 'postgres', env, reuse: { databaseUrl: one.databaseUrl } }));
  });
  afterAll(async () => {
    await two?.destroy();
    await one?.destroy();
  });

  it('the second instance refuses once the first used the allowance, and sees the same usage', async () => {
    // Signed in on one instance; the session is a row in the shared store, so it holds on both.
    const m = await one.member('analyst');
    const onTwo = { ...m, fetch: (p: string, init: RequestInit = {}) => fetch(`${two.url}${p}`, { ...init, headers: { authorization: `Bearer ${m.token}` } }), client: async () => two.connect(m.token) };
    expect('data' in (await say(m, 'first')).ack).toBe(true);
    expect('data' in (await say(m, 'second')).ack).toBe(true);
    expect((await say(onTwo, 'third, elsewhere')).ack).toMatchObject({ error: { code: 'rate_limited', retryAfterSeconds: expect.any(Number) } });
    expect((await limitsOf(onTwo)).limits.messages_per_minute.user).toMatchObject({ used: 2, remaining: 0 });

    expect((await upload(onTwo)).status).toBe(201);
    expect((await upload(m)).status).toBe(429);
  });

  it('a tier an admin sets on one instance holds on the other', async () => {
    const m = await two.member('analyst');
    const onOne = { ...m, fetch: (p: string, init: RequestInit = {}) => fetch(`${one.url}${p}`, { ...init, headers: { authorization: `Bearer ${m.token}` } }), client: async () => one.connect(m.token) };
    expect((await put(two.admin, `/api/limits/users/${m.user.id}`, { tier: 'pro' })).status).toBe(200);
    expect(await limitsOf(onOne)).toMatchObject({ tier: 'pro', userTier: 'pro' });
    for (const text of ['a', 'b', 'c']) expect('data' in (await say(onOne, text)).ack).toBe(true);
    expect((await say(m, 'd')).ack).toMatchObject({ error: { code: 'rate_limited', message: expect.stringContaining('3 messages per minute on the pro tier') } });
  });
});
