import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError } from '../../agent/errors';
import { freshDataDir, removeDir } from '../testing/databases';
import { openStore, type Store } from '../store/store';
import { normalizeOidcDomain, readOidcSettings, writeOidcSettings } from './oidc-settings';

describe('an OIDC join domain', () => {
  it.each([
    ['example.com', 'example.com'],
    ['  Example.COM ', 'example.com'],
    ['eu.example.co.uk', 'eu.example.co.uk'],
    ['example.co.uk', 'example.co.uk'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['my-company.io', 'my-company.io'],
  ])('accepts %j as %j', (input, expected) => {
    expect(normalizeOidcDomain(input)).toBe(expected);
  });

  it.each([
    ['com', /public suffix/],
    ['co.uk', /public suffix/],
    ['github.io', /public suffix/],
    ['*.example.com', /wildcards/],
    ['*', /wildcards/],
    ['ada@example.com', /not an address/],
    ['', /empty/],
    ['exa mple.com', /spaces or non-ASCII/],
    ['bücher.de', /spaces or non-ASCII/],
    ['localhost', /host name such as/],
    ['-bad.example.com', /host name such as/],
    ['bad-.example.com', /host name such as/],
    ['example..com', /host name such as/],
    ['example.com.', /host name such as/],
    ['exa_mple.com', /host name such as/],
    ['10.0.0.1', /IP address/],
    [`${'a'.repeat(64)}.com`, /host name such as/],
    ['example.com/path', /host name such as/],
  ])('refuses %j, saying why', (input, why) => {
    let err: unknown;
    try {
      normalizeOidcDomain(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParleyError);
    expect((err as ParleyError).code).toBe('settings:invalid_domain');
    expect((err as ParleyError).status).toBe(400);
    expect((err as ParleyError).userMessage).toMatch(why);
  });
});

describe('OIDC join settings in the store', () => {
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    dir = freshDataDir();
    store = await openStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store?.close();
    removeDir(dir);
  });
  const workspace = async () => {
    const id = `ws-${randomUUID().slice(0, 8)}`;
    await store.db.pool.query('INSERT INTO workspaces (id, name) VALUES ($1, $1)', [id]);
    return id;
  };

  it('are no domains and viewer until an admin sets them', async () => {
    expect(await readOidcSettings(store.db.pool, await workspace())).toEqual({ domains: [], role: 'viewer' });
  });

  it('keep the domains normalized, once each, and the role', async () => {
    const ws = await workspace();
    const d = `${ws}.example.com`;
    expect(await writeOidcSettings(store.db.pool, ws, { domains: [d.toUpperCase(), d, `eu.${d}`], role: 'analyst' })).toEqual({ domains: [d, `eu.${d}`], role: 'analyst' });
    expect(await readOidcSettings(store.db.pool, ws)).toEqual({ domains: [d, `eu.${d}`], role: 'analyst' });
    expect(await writeOidcSettings(store.db.pool, ws, { domains: [], role: 'viewer' })).toEqual({ domains: [], role: 'viewer' });
    expect(await readOidcSettings(store.db.pool, ws)).toEqual({ domains: [], role: 'viewer' });
  });

  it('refuse a domain another workspace already lets join, and change nothing', async () => {
    const a = await workspace();
    const b = await workspace();
    const d = `${a}.example.com`;
    await writeOidcSettings(store.db.pool, a, { domains: [d], role: 'viewer' });
    await writeOidcSettings(store.db.pool, b, { domains: [`${b}.example.com`], role: 'analyst' });
    await expect(writeOidcSettings(store.db.pool, b, { domains: [`${b}.example.com`, d], role: 'viewer' })).rejects.toMatchObject({ code: 'settings:domain_taken', status: 409 });
    expect(await readOidcSettings(store.db.pool, b)).toEqual({ domains: [`${b}.example.com`], role: 'analyst' });
    // The workspace that has it may save it again.
    expect(await writeOidcSettings(store.db.pool, a, { domains: [d], role: 'analyst' })).toEqual({ domains: [d], role: 'analyst' });
  });

  it('refuse the whole list when one domain is bad, and change nothing', async () => {
    const ws = await workspace();
    await writeOidcSettings(store.db.pool, ws, { domains: [`${ws}.example.com`], role: 'viewer' });
    await expect(writeOidcSettings(store.db.pool, ws, { domains: ['fine.example.com', 'com'], role: 'analyst' })).rejects.toMatchObject({ code: 'settings:invalid_domain' });
    expect(await readOidcSettings(store.db.pool, ws)).toEqual({ domains: [`${ws}.example.com`], role: 'viewer' });
  });
});
