import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('has laptop defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toMatch(/\.parley$/);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.model.groqApiKey).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ GROQ_API_KEY: '', PORT: '' }).port).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT="abc" is not valid: expects a port number/],
    [{ PORT: '70000' }, /^PORT="70000" is not valid: expects 0–65535/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL=.* expects a postgres:\/\//],
    [{ GROQ_BASE_URL: 'not a url' }, /^GROQ_BASE_URL=.* expects a URL/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud" is not valid: expects one of/],
  ])('names the bad variable %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('OpenID Connect settings', () => {
  const all = { PARLEY_OIDC_ISSUER: 'https://idp.example.com', PARLEY_OIDC_CLIENT_ID: 'parley', PARLEY_OIDC_CLIENT_SECRET: 's3cret' };

  it('is off when none is set', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it('reads all three, with the button label defaulting to "single sign-on"', () => {
    expect(loadConfig(all).oidc).toEqual({ issuer: 'https://idp.example.com', clientId: 'parley', clientSecret: 's3cret', label: 'single sign-on' });
    expect(loadConfig({ ...all, PARLEY_OIDC_LABEL: 'Okta' }).oidc?.label).toBe('Okta');
  });

  it.each([
    [{ PARLEY_OIDC_ISSUER: all.PARLEY_OIDC_ISSUER }, /missing: PARLEY_OIDC_CLIENT_ID, PARLEY_OIDC_CLIENT_SECRET$/],
    [{ PARLEY_OIDC_ISSUER: all.PARLEY_OIDC_ISSUER, PARLEY_OIDC_CLIENT_ID: 'parley' }, /missing: PARLEY_OIDC_CLIENT_SECRET$/],
    [{ PARLEY_OIDC_CLIENT_SECRET: 's3cret' }, /missing: PARLEY_OIDC_ISSUER, PARLEY_OIDC_CLIENT_ID$/],
    [{ PARLEY_OIDC_LABEL: 'Okta' }, /^PARLEY_OIDC_LABEL is set but OpenID Connect is not/],
  ])('names what is missing when only some are set: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each(['http://idp.example.com', 'http://10.0.0.5:8080', 'ftp://idp.example.com', 'not a url'])('refuses the issuer %s (https, or http on loopback only)', (issuer) => {
    expect(() => loadConfig({ ...all, PARLEY_OIDC_ISSUER: issuer })).toThrow(/^PARLEY_OIDC_ISSUER=.* is not valid: expects/);
  });

  it.each(['http://127.0.0.1:4100', 'http://localhost:4100/realms/x', 'http://[::1]:4100'])('accepts the loopback issuer %s for a local provider', (issuer) => {
    expect(loadConfig({ ...all, PARLEY_OIDC_ISSUER: issuer }).oidc?.issuer).toBe(issuer);
  });
});

describe('connector settings', () => {
  it('syncs hourly and allows no other API base by default', () => {
    const c = loadConfig({});
    expect(c.env.PARLEY_CONNECTOR_SYNC_MINUTES).toBe(60);
    expect(c.env.PARLEY_CONNECTOR_API_BASES).toBeUndefined();
  });

  it('takes 0 (schedule off) and a list of origins', () => {
    const c = loadConfig({ PARLEY_CONNECTOR_SYNC_MINUTES: '0', PARLEY_CONNECTOR_API_BASES: 'http://127.0.0.1:12111, https://stripe-proxy.example.com' });
    expect(c.env.PARLEY_CONNECTOR_SYNC_MINUTES).toBe(0);
    expect(c.env.PARLEY_CONNECTOR_API_BASES).toContain('stripe-proxy');
  });

  it.each([
    [{ PARLEY_CONNECTOR_SYNC_MINUTES: '-5' }, /^PARLEY_CONNECTOR_SYNC_MINUTES="-5" is not valid: expects 0 \(off\) or more/],
    [{ PARLEY_CONNECTOR_SYNC_MINUTES: '1.5' }, /expects a whole number of minutes/],
    [{ PARLEY_CONNECTOR_API_BASES: 'http://127.0.0.1:1/v1' }, /^PARLEY_CONNECTOR_API_BASES=.* expects comma-separated origins/],
    [{ PARLEY_CONNECTOR_API_BASES: 'file:///etc/passwd' }, /expects comma-separated origins/],
  ])('names the bad connector variable %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
