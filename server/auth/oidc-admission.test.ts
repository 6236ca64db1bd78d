import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_BACKENDS } from '../testing/databases';
import type { Store } from '../store/store';
import { admitOidcSignIn } from './oidc-admission';
import { refusalReason, type OidcClaims } from './oidc-client';

const ISSUER = 'https://idp.example.com';

describe.each(STORE_BACKENDS)('who an OpenID sign-in lets in, on %s', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let ws: string;
  const q = (sql: string, params: unknown[] = []) => store.db.pool.query(sql, params);

  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore(backend));
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });
  // Each test gets a workspace and addresses of its own.
  let domain: string;
  beforeEach(async () => {
    ws = `ws-${randomUUID().slice(0, 8)}`;
    domain = `${ws}.example.org`;
    await q('INSERT INTO workspaces (id, name) VALUES ($1, $1)', [ws]);
  });

  async function member(email: string, status: 'active' | 'invited' | 'removed', role = 'analyst', workspace = ws) {
    const id = randomUUID();
    await q(`INSERT INTO users (id, workspace_id, display_name, email, role, source, status) VALUES ($1, $2, 'M', $3, $4, 'account', $5)`, [id, workspace, email, role, status]);
    return id;
  }
  const claims = (c: Partial<OidcClaims>): OidcClaims => ({ issuer: ISSUER, subject: randomUUID(), email: `someone@${domain}`, emailVerified: true, ...c });
  async function refusal(c: OidcClaims) {
    try {
      await admitOidcSignIn(store.db.pool, c);
    } catch (e) {
      return refusalReason(e) ?? e;
    }
    return 'admitted';
  }
  const usersOf = async (workspace: string) => (await q('SELECT count(*)::int AS n FROM users WHERE workspace_id = $1', [workspace])).rows[0].n as number;
  const identities = async () => (await q('SELECT count(*)::int AS n FROM user_identities')).rows[0].n as number;

  it('links an active account whose address is the verified email, matching case-insensitively', async () => {
    const id = await member(`ada@${domain}`, 'active');
    const c = claims({ email: `ADA@${domain.toUpperCase()}` });
    expect(await admitOidcSignIn(store.db.pool, c)).toEqual({ userId: id, workspaceId: ws, role: 'analyst', how: 'matched_email' });
    expect((await q('SELECT user_id FROM user_identities WHERE issuer = $1 AND subject = $2', [ISSUER, c.subject])).rows).toEqual([{ user_id: id }]);
    // The next sign-in goes by the link, even with another address at the provider.
    expect(await admitOidcSignIn(store.db.pool, { ...c, email: 'changed@elsewhere.example' })).toMatchObject({ userId: id, how: 'linked' });
  });

  it('makes an invited member active and spends their invitation', async () => {
    const id = await member(`inv@${domain}`, 'invited', 'viewer');
    await q(`INSERT INTO invitations (token_hash, workspace_id, user_id, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`, [randomUUID(), ws, id]);
    expect(await admitOidcSignIn(store.db.pool, claims({ email: `inv@${domain}` }))).toMatchObject({ userId: id, role: 'viewer', how: 'matched_email' });
    expect((await q('SELECT status FROM users WHERE id = $1', [id])).rows[0].status).toBe('active');
    expect((await q('SELECT used_at FROM invitations WHERE user_id = $1', [id])).rows[0].used_at).not.toBeNull();
  });

  it('creates a member with the workspace’s OIDC role when the domain may join', async () => {
    await q(`INSERT INTO workspace_settings (workspace_id, oidc_domains, oidc_role) VALUES ($1, $2, 'viewer')`, [ws, [domain]]);
    const c = claims({ email: `New.Person@${domain}`, name: 'New Person' });
    const a = await admitOidcSignIn(store.db.pool, c);
    expect(a).toMatchObject({ workspaceId: ws, role: 'viewer', how: 'joined_by_domain' });
    expect((await q('SELECT display_name, email, role, source, status FROM users WHERE id = $1', [a.userId])).rows[0]).toEqual({
      display_name: 'New Person',
      email: `new.person@${domain}`,
      role: 'viewer',
      source: 'account',
      status: 'active',
    });
    expect(await admitOidcSignIn(store.db.pool, c)).toEqual({ ...a, how: 'linked' });
    expect(await usersOf(ws)).toBe(1);
  });

  it('does not let a subdomain or a look-alike of a joinable domain in', async () => {
    await q(`INSERT INTO workspace_settings (workspace_id, oidc_domains) VALUES ($1, $2)`, [ws, [domain]]);
    for (const email of [`x@sub.${domain}`, `x@${domain}.evil.example`, `x@evil${domain}`, `"x@${domain}"@evil.example`]) expect(await refusal(claims({ email }))).toBe('not_invited');
    expect(await usersOf(ws)).toBe(0);
  });

  it('refuses an address nobody invited, and creates nothing', async () => {
    const before = await identities();
    expect(await refusal(claims({ email: `stranger@${domain}` }))).toBe('not_invited');
    expect(await usersOf(ws)).toBe(0);
    expect(await identities()).toBe(before);
  });

  it('refuses an unverified or missing email before matching anyone', async () => {
    await member(`ada@${domain}`, 'active');
    await q(`INSERT INTO workspace_settings (workspace_id, oidc_domains) VALUES ($1, $2)`, [ws, [domain]]);
    expect(await refusal(claims({ email: `ada@${domain}`, emailVerified: false }))).toBe('email_unverified');
    expect(await refusal(claims({ email: `new@${domain}`, emailVerified: false }))).toBe('email_unverified');
    expect(await refusal(claims({ email: undefined }))).toBe('email_missing');
    expect(await usersOf(ws)).toBe(1);
    expect((await q('SELECT count(*)::int AS n FROM user_identities i JOIN users u ON u.id = i.user_id WHERE u.workspace_id = $1', [ws])).rows[0].n).toBe(0);
  });

  it('never lets a removed member in: not by email, not by an old link, not by joining their domain again', async () => {
    const linkedId = await member(`old@${domain}`, 'active');
    const c = claims({ email: `old@${domain}` });
    await admitOidcSignIn(store.db.pool, c);
    await q(`UPDATE users SET status = 'removed' WHERE id = $1`, [linkedId]);
    expect(await refusal(c)).toBe('account_removed');
    await member(`gone@${domain}`, 'removed');
    await q(`INSERT INTO workspace_settings (workspace_id, oidc_domains) VALUES ($1, $2)`, [ws, [domain]]);
    expect(await refusal(claims({ email: `gone@${domain}` }))).toBe('account_removed');
    expect(await refusal(claims({ email: `old@${domain}` }))).toBe('account_removed');
    expect(await usersOf(ws)).toBe(2);
  });

  it('lets a removed member who was invited again in, as the new invitation', async () => {
    await member(`back@${domain}`, 'removed');
    const again = await member(`back@${domain}`, 'invited');
    expect(await admitOidcSignIn(store.db.pool, claims({ email: `back@${domain}` }))).toMatchObject({ userId: again, how: 'matched_email' });
  });

  it('does not hand an account linked to one person to another subject with the same address (a reassigned mailbox)', async () => {
    const id = await member(`shared@${domain}`, 'active');
    await admitOidcSignIn(store.db.pool, claims({ email: `shared@${domain}` }));
    expect(await refusal(claims({ email: `shared@${domain}` }))).toBe('identity_conflict');
    expect((await q('SELECT count(*)::int AS n FROM user_identities WHERE user_id = $1', [id])).rows[0].n).toBe(1);
  });

  it('keeps links per issuer: the same subject at another provider is someone else', async () => {
    const id = await member(`iss@${domain}`, 'active');
    const c = claims({ email: `iss@${domain}` });
    await admitOidcSignIn(store.db.pool, c);
    expect(await refusal({ ...c, issuer: 'https://other-idp.example.com', email: `stranger@${domain}` })).toBe('not_invited');
    expect(await admitOidcSignIn(store.db.pool, { ...c, issuer: 'https://other-idp.example.com' })).toMatchObject({ userId: id, how: 'matched_email' });
  });

  it('ignores Slack, Teams and the local user when matching by email', async () => {
    await q(`INSERT INTO users (id, workspace_id, display_name, email, source) VALUES ($1, $2, 'S', $3, 'slack')`, [randomUUID(), ws, `slacker@${domain}`]);
    expect(await refusal(claims({ email: `slacker@${domain}` }))).toBe('not_invited');
  });

  it('creates one member when the same new person signs in twice at once', async () => {
    await q(`INSERT INTO workspace_settings (workspace_id, oidc_domains) VALUES ($1, $2)`, [ws, [domain]]);
    const c = claims({ email: `twice@${domain}` });
    const [a, b] = await Promise.all([admitOidcSignIn(store.db.pool, c), admitOidcSignIn(store.db.pool, c)]);
    expect(a.userId).toBe(b.userId);
    expect(await usersOf(ws)).toBe(1);
  });
});
