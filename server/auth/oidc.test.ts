import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../testing/harness';
import { createTestBrowser, setCookieAttributes, signInAtProvider, type TestBrowser } from '../testing/test-browser';
import { startTestIdp, type TestIdp, type TestIdpAccount } from '../testing/test-idp';
import { SESSION_COOKIE } from './types';
import { OIDC_STATE_COOKIE } from './oidc-state';

const json = (body: unknown): RequestInit => ({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('signing in with OpenID Connect, end to end against a real provider', () => {
  let idp: TestIdp;
  let t: TestParley;
  let redirectUri: string;
  let n = 0;

  beforeAll(async () => {
    idp = await startTestIdp();
    t = await startTestParley({
      model: 'offline',
      env: { PARLEY_OIDC_ISSUER: idp.issuer, PARLEY_OIDC_CLIENT_ID: idp.clientId, PARLEY_OIDC_CLIENT_SECRET: idp.clientSecret, PARLEY_OIDC_LABEL: 'Test IdP' },
    });
    redirectUri = `${t.url}/api/auth/oidc/callback`;
    idp.register(redirectUri);
  });
  afterAll(async () => {
    await t?.destroy();
    await idp?.close();
  });

  /** A person at the provider, with a subject and address of their own. */
  function person(over: Partial<TestIdpAccount> & { email?: string } = {}): TestIdpAccount {
    n += 1;
    const a = { sub: `sub-${n}-${Math.random().toString(36).slice(2, 8)}`, email: `person${n}@example.com`, email_verified: true, name: `Person ${n}`, ...over };
    idp.accounts.set(a.sub, a);
    return a;
  }

  /** Start → provider sign-in → callback, as a browser does; answers the callback's response. */
  async function signIn(a: TestIdpAccount, browser: TestBrowser = createTestBrowser(), opts: { consent?: 'grant' | 'refuse'; tamper?: (callback: URL) => URL } = {}) {
    const start = await browser.fetch(`${t.url}/api/auth/oidc/start`);
    expect(start.status).toBe(302);
    const callback = await signInAtProvider(browser, start.headers.get('location')!, { as: a.sub, redirectUri, consent: opts.consent });
    const res = await browser.fetch(opts.tamper ? opts.tamper(callback) : callback);
    return { res, browser, callback };
  }
  const authError = (res: Response) => (res.status === 302 ? new URL(res.headers.get('location')!, t.url).searchParams.get('auth_error') : `status ${res.status}`);
  const me = async (browser: TestBrowser) => browser.fetch(`${t.url}/api/me`);
  const invite = async (email: string, role: 'analyst' | 'viewer' = 'analyst') => {
    const res = await t.fetch('/api/members', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, name: 'Invited One', role }) });
    expect(res.status).toBe(201);
    return (await res.json()).data.member as { id: string; status: string };
  };
  const memberById = async (id: string) => ((await (await t.fetch('/api/members')).json()).data as { id: string; status: string; role: string; email: string }[]).find((m) => m.id === id);
  const audit = async (action: string) =>
    (await t.parley.store.db.pool.query<{ user_id: string | null; detail: Record<string, unknown> }>('SELECT user_id, detail FROM audit_log WHERE action = $1 ORDER BY id', [action])).rows;
  const userCount = async () => (await t.parley.store.db.pool.query('SELECT count(*)::int AS n FROM users')).rows[0].n as number;

  it('offers the sign-in button on the public status', async () => {
    const body = await (await fetch(`${t.url}/api/auth/status`)).json();
    expect(body.data.oidc).toEqual({ label: 'Test IdP', startUrl: '/api/auth/oidc/start' });
  });

  it('starts by sending the browser to the provider, with the state in a short-lived HttpOnly SameSite=Lax cookie', async () => {
    const res = await fetch(`${t.url}/api/auth/oidc/start`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    const c = setCookieAttributes(res, OIDC_STATE_COOKIE);
    expect(c?.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/api/auth/oidc', 'max-age': '600' });
    expect(c?.attributes.secure).toBeUndefined();
    // Sealed: the state sent to the provider is not readable in the cookie.
    expect(c!.value).not.toContain(to.searchParams.get('state')!);
  });

  it('lets an invited member in, makes them active, and the session cookie then works on GET /api/me', async () => {
    const a = person({ email: 'invited.one@example.com' });
    const member = await invite('Invited.One@example.com');
    expect(member.status).toBe('invited');
    const { res, browser } = await signIn(a);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const session = setCookieAttributes(res, SESSION_COOKIE);
    expect(session?.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/' });
    expect(Number(session?.attributes['max-age'])).toBeGreaterThan(0);
    expect(session?.attributes.secure).toBeUndefined();
    // The state cookie is spent.
    expect(setCookieAttributes(res, OIDC_STATE_COOKIE)?.attributes['max-age']).toBe('0');

    const who = await me(browser);
    expect(who.status).toBe(200);
    expect((await who.json()).data.user).toEqual({ id: member.id, email: 'invited.one@example.com', name: 'Invited One', role: 'analyst' });
    expect((await memberById(member.id))?.status).toBe('active');
    expect((await t.parley.store.db.pool.query('SELECT method FROM sessions WHERE user_id = $1', [member.id])).rows).toEqual([{ method: 'oidc' }]);
    expect((await audit('auth.signed_in')).filter((r) => r.user_id === member.id).map((r) => r.detail.method)).toEqual(['oidc']);

    // Signing in again goes by the link made the first time.
    const again = await signIn(a);
    expect(again.res.headers.get('location')).toBe('/');
    expect((await (await me(again.browser)).json()).data.user.id).toBe(member.id);
  });

  it('lets a person of a joinable domain in as a new viewer', async () => {
    const set = await t.fetch('/api/settings/oidc', json({ domains: ['Join.Example.org'], role: 'viewer' }));
    expect(set.status).toBe(200);
    expect((await set.json()).data).toEqual({ domains: ['join.example.org'], role: 'viewer' });
    expect((await (await t.fetch('/api/settings/oidc')).json()).data).toEqual({ domains: ['join.example.org'], role: 'viewer' });
    expect((await audit('settings.oidc_changed')).at(-1)?.detail).toMatchObject({ after: { domains: ['join.example.org'], role: 'viewer' } });

    const a = person({ email: 'newcomer@join.example.org', name: 'New Comer' });
    const { res, browser } = await signIn(a);
    expect(res.headers.get('location')).toBe('/');
    const user = (await (await me(browser)).json()).data.user;
    expect(user).toMatchObject({ email: 'newcomer@join.example.org', name: 'New Comer', role: 'viewer' });
    expect(await memberById(user.id)).toMatchObject({ status: 'active', role: 'viewer' });
    expect((await audit('member.joined')).map((r) => r.user_id)).toContain(user.id);
    // A viewer may not change who joins.
    expect((await browser.fetch(`${t.url}/api/settings/oidc`)).status).toBe(403);
  });

  it.each([
    ['an address nobody invited', { email: 'stranger@nowhere.example' }, 'not_invited'],
    ['an address the provider has not verified', { email: 'admin@example.com', email_verified: false }, 'email_unverified'],
  ])('refuses %s, creating no user and no session', async (_what, over, reason) => {
    const before = await userCount();
    const a = person(over);
    const { res, browser } = await signIn(a);
    expect(authError(res)).toBe(reason);
    expect(setCookieAttributes(res, SESSION_COOKIE)).toBeUndefined();
    expect((await me(browser)).status).toBe(401);
    expect(await userCount()).toBe(before);
    expect((await audit('auth.sign_in_failed')).at(-1)?.detail).toMatchObject({ method: 'oidc', reason, claimedEmail: over.email });
  });

  it('refuses a removed member, and their earlier OIDC session stops working', async () => {
    const a = person({ email: 'leaver@example.com' });
    const member = await invite('leaver@example.com', 'viewer');
    const first = await signIn(a);
    expect((await me(first.browser)).status).toBe(200);
    expect((await t.fetch(`/api/members/${member.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await me(first.browser)).status).toBe(401);
    const { res, browser } = await signIn(a);
    expect(authError(res)).toBe('account_removed');
    expect((await me(browser)).status).toBe(401);
  });

  it('refuses a callback whose state was changed', async () => {
    const a = person({ email: 'forger@example.com' });
    await invite('forger@example.com');
    const { res, browser } = await signIn(a, createTestBrowser(), {
      tamper: (cb) => {
        const u = new URL(cb);
        u.searchParams.set('state', 'forged-state');
        return u;
      },
    });
    expect(authError(res)).toBe('state_mismatch');
    expect((await me(browser)).status).toBe(401);
  });

  it('refuses a callback in a browser that did not start the sign-in (login CSRF), and a replayed one', async () => {
    const a = person({ email: 'victim-of-csrf@example.com' });
    await invite('victim-of-csrf@example.com');
    const attacker = createTestBrowser();
    const start = await attacker.fetch(`${t.url}/api/auth/oidc/start`);
    const callback = await signInAtProvider(attacker, start.headers.get('location')!, { as: a.sub, redirectUri });
    const victim = createTestBrowser();
    const res = await victim.fetch(callback);
    expect(authError(res)).toBe('state_missing');
    expect((await me(victim)).status).toBe(401);
    // The starting browser finishes; replaying the same callback afterwards finds its state spent.
    expect((await attacker.fetch(callback)).headers.get('location')).toBe('/');
    expect(authError(await attacker.fetch(callback))).toBe('state_missing');
  });

  it('refuses a state cookie that was tampered with', async () => {
    const a = person({ email: 'tamper@example.com' });
    await invite('tamper@example.com');
    const browser = createTestBrowser();
    const start = await browser.fetch(`${t.url}/api/auth/oidc/start`);
    const callback = await signInAtProvider(browser, start.headers.get('location')!, { as: a.sub, redirectUri });
    const sealed = browser.cookie(callback, OIDC_STATE_COOKIE)!;
    browser.setCookie(callback, OIDC_STATE_COOKIE, `${sealed.slice(0, -4)}AAAA`, '/api/auth/oidc');
    expect(authError(await browser.fetch(callback))).toBe('state_missing');
  });

  it('refuses when the person declines at the provider, and the audit log says what the provider answered', async () => {
    const { res } = await signIn(person(), createTestBrowser(), { consent: 'refuse' });
    expect(authError(res)).toBe('provider_error');
    expect((await audit('auth.sign_in_failed')).at(-1)?.detail).toMatchObject({ method: 'oidc', reason: 'provider_error', why: expect.stringContaining('error=access_denied') });
  });

  it('refuses a callback with a forged code', async () => {
    const a = person();
    const { res } = await signIn(a, createTestBrowser(), {
      tamper: (cb) => {
        const u = new URL(cb);
        u.searchParams.set('code', 'forged');
        return u;
      },
    });
    expect(authError(res)).toBe('provider_error');
  });

  describe('the join settings', () => {
    it.each([
      [{ domains: ['com'], role: 'viewer' }, 'settings:invalid_domain', /public suffix/],
      [{ domains: ['*.example.org'], role: 'viewer' }, 'settings:invalid_domain', /wildcards/],
      [{ domains: ['ok.example.org'], role: 'admin' }, 'input:invalid', /role/],
      [{ domains: 'ok.example.org', role: 'viewer' }, 'input:invalid', /domains/],
      [{ role: 'viewer' }, 'input:invalid', /domains/],
    ])('refuse %o with a coded error and change nothing', async (body, code, message) => {
      const before = (await (await t.fetch('/api/settings/oidc')).json()).data;
      const res = await t.fetch('/api/settings/oidc', json(body));
      expect(res.status).toBe(400);
      const err = (await res.json()).error;
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect((await (await t.fetch('/api/settings/oidc')).json()).data).toEqual(before);
    });

    it('are for admins only', async () => {
      const analyst = await t.member('analyst');
      expect((await analyst.fetch('/api/settings/oidc')).status).toBe(403);
      expect((await analyst.fetch('/api/settings/oidc', json({ domains: ['mine.example.org'], role: 'analyst' }))).status).toBe(403);
      expect((await fetch(`${t.url}/api/settings/oidc`)).status).toBe(401);
      expect((await (await t.fetch('/api/settings/oidc')).json()).data.domains).not.toContain('mine.example.org');
    });
  });
});

describe('without OpenID Connect configured', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ model: 'offline' });
  });
  afterAll(() => t?.destroy());

  it('offers no button and refuses to start', async () => {
    expect((await (await fetch(`${t.url}/api/auth/status`)).json()).data.oidc).toBeNull();
    const res = await fetch(`${t.url}/api/auth/oidc/start`, { redirect: 'manual' });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('oidc:oidc_disabled');
    expect((await fetch(`${t.url}/api/auth/oidc/callback?code=x&state=y`, { redirect: 'manual' })).status).toBe(404);
  });
});

describe('behind a public https address', () => {
  let idp: TestIdp;
  let t: TestParley;
  beforeAll(async () => {
    idp = await startTestIdp({ redirectUri: 'https://parley.example.com/api/auth/oidc/callback' });
    t = await startTestParley({
      model: 'offline',
      env: { PARLEY_PUBLIC_URL: 'https://parley.example.com/', PARLEY_OIDC_ISSUER: idp.issuer, PARLEY_OIDC_CLIENT_ID: idp.clientId, PARLEY_OIDC_CLIENT_SECRET: idp.clientSecret },
    });
  });
  afterAll(async () => {
    await t?.destroy();
    await idp?.close();
  });

  it('sends the provider back to the public URL, whatever Host the request came with, and makes the state cookie Secure', async () => {
    const res = await fetch(`${t.url}/api/auth/oidc/start`, { redirect: 'manual', headers: { 'x-forwarded-host': 'evil.example' } });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).searchParams.get('redirect_uri')).toBe('https://parley.example.com/api/auth/oidc/callback');
    expect(setCookieAttributes(res, OIDC_STATE_COOKIE)?.attributes.secure).toBe(true);
    expect((await (await fetch(`${t.url}/api/auth/status`)).json()).data.oidc).toEqual({ label: 'single sign-on', startUrl: '/api/auth/oidc/start' });
  });
});
