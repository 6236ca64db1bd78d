import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBrowser, signInAtProvider } from '../testing/test-browser';
import { startTestIdp, type TestIdp } from '../testing/test-idp';
import { createOidcClient, refusalReason, type OidcClient } from './oidc-client';

// The provider never calls this address: the browser stops when it is sent there.
const REDIRECT = 'http://127.0.0.1:9/api/auth/oidc/callback';

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return refusalReason(e) ?? e;
  }
  return 'no error';
}

describe.each([
  ['email and name from the userinfo endpoint', true],
  ['email and name in the ID token', false],
])('the OpenID Connect handshake with a real provider (%s)', (_title, conformIdTokenClaims) => {
  let idp: TestIdp;
  let client: OidcClient;

  beforeAll(async () => {
    idp = await startTestIdp({ redirectUri: REDIRECT, conformIdTokenClaims });
    idp.accounts.set('ada-1', { sub: 'ada-1', email: 'Ada@Example.com', email_verified: true, name: 'Ada Lovelace' });
    idp.accounts.set('bob-2', { sub: 'bob-2', email: 'bob@example.com', email_verified: false });
    client = createOidcClient(idp);
  });
  afterAll(() => idp.close());

  it('asks for the code flow with PKCE S256, a state and a nonce at the discovered authorization endpoint', async () => {
    const { url, pending } = await client.begin(REDIRECT);
    expect(url.origin + url.pathname).toBe(`${idp.issuer}/auth`);
    const p = url.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe(idp.clientId);
    expect(p.get('redirect_uri')).toBe(REDIRECT);
    expect(p.get('scope')).toBe('openid email profile');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('state')).toBe(pending.state);
    expect(p.get('nonce')).toBe(pending.nonce);
    // The verifier stays with Parley; only its hash goes out.
    expect(url.href).not.toContain(pending.codeVerifier);
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await client.begin(REDIRECT);
    expect(again.pending.state).not.toBe(pending.state);
    expect(again.pending.nonce).not.toBe(pending.nonce);
  });

  it('signs a person in and reads who they are', async () => {
    const { url, pending } = await client.begin(REDIRECT);
    const callback = await signInAtProvider(createTestBrowser(), url, { as: 'ada-1', redirectUri: REDIRECT });
    expect(callback.searchParams.get('code')).toBeTruthy();
    const claims = await client.finish(callback, pending);
    expect(claims).toEqual({ issuer: idp.issuer, subject: 'ada-1', email: 'Ada@Example.com', emailVerified: true, name: 'Ada Lovelace' });
  });

  it('reports an unverified address as not verified', async () => {
    const { url, pending } = await client.begin(REDIRECT);
    const callback = await signInAtProvider(createTestBrowser(), url, { as: 'bob-2', redirectUri: REDIRECT });
    const claims = await client.finish(callback, pending);
    expect(claims.emailVerified).toBe(false);
    expect(claims.name).toBeUndefined();
  });

  it('refuses a callback whose state is not the one the sign-in started with', async () => {
    const first = await client.begin(REDIRECT);
    const second = await client.begin(REDIRECT);
    const callback = await signInAtProvider(createTestBrowser(), first.url, { as: 'ada-1', redirectUri: REDIRECT });
    expect(await refusal(client.finish(callback, second.pending))).toBe('state_mismatch');
  });

  it('refuses a code redeemed with the wrong PKCE verifier (a stolen code is useless)', async () => {
    const { url, pending } = await client.begin(REDIRECT);
    const other = await client.begin(REDIRECT);
    const callback = await signInAtProvider(createTestBrowser(), url, { as: 'ada-1', redirectUri: REDIRECT });
    expect(await refusal(client.finish(callback, { ...pending, codeVerifier: other.pending.codeVerifier }))).toBe('provider_error');
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const { url, pending } = await client.begin(REDIRECT);
    const callback = await signInAtProvider(createTestBrowser(), url, { as: 'ada-1', redirectUri: REDIRECT });
    expect(await refusal(client.finish(callback, { ...pending, nonce: 'another-nonce' }))).toBe('provider_error');
  });

  it('refuses a code used twice', async () => {
    const { url, pending } = await client.begin(REDIRECT);
    const callback = await signInAtProvider(createTestBrowser(), url, { as: 'ada-1', redirectUri: REDIRECT });
    await client.finish(callback, pending);
    expect(await refusal(client.finish(callback, pending))).toBe('provider_error');
  });

  it('refuses when the person declines at the provider', async () => {
    const { url, pending } = await client.begin(REDIRECT);
    const callback = await signInAtProvider(createTestBrowser(), url, { as: 'ada-1', redirectUri: REDIRECT, consent: 'refuse' });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(await refusal(client.finish(callback, pending))).toBe('provider_error');
  });

  it('refuses a forged code', async () => {
    const { pending } = await client.begin(REDIRECT);
    const forged = new URL(`${REDIRECT}?code=forged-code&state=${pending.state}&iss=${encodeURIComponent(idp.issuer)}`);
    expect(await refusal(client.finish(forged, pending))).toBe('provider_error');
  });
});

describe('an OpenID provider that cannot be reached', () => {
  it('is provider_unavailable, and is asked again on the next sign-in', async () => {
    const idp = await startTestIdp({ redirectUri: REDIRECT });
    const client = createOidcClient({ ...idp });
    await idp.close();
    expect(await refusal(client.begin(REDIRECT))).toBe('provider_unavailable');
    expect(await refusal(client.begin(REDIRECT))).toBe('provider_unavailable');
  });

  it('is asked again after a failure, so sign-in works once it is back', async () => {
    const idp = await startTestIdp();
    // Before a client is registered the provider answers 503: discovery fails.
    const client = createOidcClient(idp);
    expect(await refusal(client.begin(REDIRECT))).toBe('provider_unavailable');
    idp.register(REDIRECT);
    const { url } = await client.begin(REDIRECT);
    expect(url.origin).toBe(idp.issuer);
    await idp.close();
  });
});
