import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isParleyError } from '../../agent/errors';
import type { Store } from '../store/store';
import { openTestStore, STORE_BACKENDS } from '../testing/databases';
import { createPlatformBindings, type Person, type Platform, type PlatformBindings } from './platform-bindings';

const cases = STORE_BACKENDS.flatMap((backend) => (['slack', 'teams'] as Platform[]).map((platform) => [backend, platform] as const));
const PEOPLE = { slack: ['slack_users', 'team_id'], teams: ['teams_users', 'tenant_id'] } as const;

describe.each(cases)('platform bindings on %s for %s', (backend, platform) => {
  let store: Store;
  let b: PlatformBindings;
  let cleanup: () => Promise<void>;
  let n = 0;
  const [peopleTable, key] = PEOPLE[platform];
  /** A fresh org id per test, so tests do not see each other's rows. */
  const org = () => `${platform === 'slack' ? 'T' : 'tenant-'}${++n}X`;

  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore(backend));
    b = createPlatformBindings(store.db.pool, platform);
    await store.db.pool.query(`INSERT INTO workspaces (id, name) VALUES ('ws-a', 'A'), ('ws-b', 'B')`);
    await store.db.pool.query(`INSERT INTO users (id, workspace_id, display_name, role) VALUES ('admin-a', 'ws-a', 'Admin A', 'admin'), ('admin-b', 'ws-b', 'Admin B', 'admin')`);
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await store.db.pool.query(sql, params)).rows as T[];
  const account = (id: string, workspaceId: string, email: string, role = 'analyst', status = 'active') =>
    q(`INSERT INTO users (id, workspace_id, display_name, email, role, source, status) VALUES ($1, $2, $3, $4, $5, 'account', $6)`, [id, workspaceId, id, email, role, status]);
  const member = (p: Person) => {
    if (p.kind !== 'member') throw new Error(`expected a member, got ${JSON.stringify(p)}`);
    return p;
  };

  it('answers unbound for an org nobody bound, without asking the profile or creating anyone', async () => {
    const id = org();
    let asked = 0;
    const users = await q<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(
      await b.person(id, 'P1', async () => {
        asked++;
        return { displayName: 'Eve', email: 'eve@example.com' };
      }),
    ).toEqual({ kind: 'unbound' });
    expect(asked).toBe(0);
    expect(await q<{ n: number }>('SELECT count(*)::int AS n FROM users')).toEqual(users);
    expect(await q(`SELECT * FROM ${peopleTable} WHERE ${key} = $1`, [id])).toEqual([]);
    expect(await q('SELECT * FROM workspaces WHERE id NOT IN ($1, $2, $3)', ['local', 'ws-a', 'ws-b'])).toEqual([]);
  });

  it('makes an unmatched person a platform user of the bound workspace with the default role, once, even when two messages race', async () => {
    const id = org();
    await b.bind({ workspaceId: 'ws-a', id, defaultRole: 'viewer', boundBy: 'admin-a' });
    const profile = async () => ({ displayName: 'Grace', email: 'grace@example.com' });
    const [x, y] = (await Promise.all([b.person(id, 'P1', profile), b.person(id, 'P1', profile)])).map(member);
    expect(x.identity).toEqual(y.identity);
    expect(x.identity).toMatchObject({ workspaceId: 'ws-a', role: 'viewer' });
    expect([x.created, y.created].filter(Boolean)).toHaveLength(1);
    const again = member(await b.person(id, 'P1', profile));
    expect(again).toEqual({ kind: 'member', identity: x.identity, created: false });
    const users = await q(`SELECT u.workspace_id, u.role, u.source, u.email, u.display_name FROM ${peopleTable} m JOIN users u ON u.id = m.user_id WHERE m.${key} = $1`, [id]);
    expect(users).toEqual([{ workspace_id: 'ws-a', role: 'viewer', source: platform, email: 'grace@example.com', display_name: 'Grace' }]);
    // The loser of the race left no stray user behind.
    expect(await q(`SELECT id FROM users WHERE email = 'grace@example.com'`)).toHaveLength(1);
  });

  it("acts as the workspace's account with the same email (any case), with the account's own role", async () => {
    const id = org();
    await account(`acct-${id}`, 'ws-a', `Ada.${id}@Example.com`, 'viewer');
    // The same address in another workspace is somebody else's account there: never matched.
    await account(`other-${id}`, 'ws-b', `ada.${id}@example.org`, 'admin');
    await b.bind({ workspaceId: 'ws-a', id, defaultRole: 'analyst', boundBy: 'admin-a' });
    const p = member(await b.person(id, 'P1', async () => ({ displayName: 'Ada on chat', email: `ada.${id}@example.com` })));
    expect(p).toEqual({ kind: 'member', identity: { workspaceId: 'ws-a', userId: `acct-${id}`, role: 'viewer' }, created: false });
    expect(await q(`SELECT user_id FROM ${peopleTable} WHERE ${key} = $1`, [id])).toEqual([{ user_id: `acct-${id}` }]);
    expect(await q(`SELECT id FROM users WHERE source = $1 AND workspace_id = 'ws-a' AND display_name = 'Ada on chat'`, [platform])).toEqual([]);
  });

  it('becomes the account once one is added for their email, and follows its role', async () => {
    const id = org();
    await b.bind({ workspaceId: 'ws-a', id, defaultRole: 'analyst', boundBy: 'admin-a' });
    const first = member(await b.person(id, 'P1', async () => ({ displayName: 'Lin', email: `lin.${id}@example.com` })));
    expect(first.created).toBe(true);
    // An admin invites Lin later, as a viewer.
    await account(`acct-${id}`, 'ws-a', `lin.${id}@example.com`, 'viewer', 'invited');
    const later = member(await b.person(id, 'P1', async () => ({ displayName: 'unused' })));
    expect(later.identity).toEqual({ workspaceId: 'ws-a', userId: `acct-${id}`, role: 'viewer' });
  });

  it('refuses a removed member, matched or mapped', async () => {
    const id = org();
    await account(`gone-${id}`, 'ws-a', `gone.${id}@example.com`, 'analyst', 'removed');
    await b.bind({ workspaceId: 'ws-a', id, defaultRole: 'analyst', boundBy: 'admin-a' });
    expect(await b.person(id, 'P1', async () => ({ displayName: 'Gone', email: `gone.${id}@example.com` }))).toEqual({ kind: 'removed', workspaceId: 'ws-a', userId: `gone-${id}` });
    const p = member(await b.person(id, 'P2', async () => ({ displayName: 'Soon gone' })));
    await q(`UPDATE users SET status = 'removed' WHERE id = $1`, [p.identity.userId]);
    expect((await b.person(id, 'P2', async () => ({ displayName: 'unused' }))).kind).toBe('removed');
  });

  it("changing the default role changes it for the org's platform users who had the old one, not for matched accounts or hand-set roles", async () => {
    const id = org();
    await account(`acct-${id}`, 'ws-a', `kim.${id}@example.com`, 'analyst');
    expect((await b.bind({ workspaceId: 'ws-a', id, defaultRole: 'analyst', boundBy: 'admin-a' })).created).toBe(true);
    const platformUser = member(await b.person(id, 'P1', async () => ({ displayName: 'Jo' })));
    member(await b.person(id, 'P2', async () => ({ displayName: 'Kim', email: `kim.${id}@example.com` })));
    // An admin gave this one another role by hand (the members page): a default change leaves it be.
    const chosen = member(await b.person(id, 'P3', async () => ({ displayName: 'Sam' })));
    await q(`UPDATE users SET role = 'admin' WHERE id = $1`, [chosen.identity.userId]);
    const changed = await b.bind({ workspaceId: 'ws-a', id, defaultRole: 'viewer', boundBy: 'admin-a' });
    expect(changed.created).toBe(false);
    expect(changed.binding.defaultRole).toBe('viewer');
    expect(member(await b.person(id, 'P1', async () => ({ displayName: 'Jo' }))).identity).toEqual({ ...platformUser.identity, role: 'viewer' });
    expect(member(await b.person(id, 'P2', async () => ({ displayName: 'Kim' }))).identity.role).toBe('analyst');
    expect(member(await b.person(id, 'P3', async () => ({ displayName: 'Sam' }))).identity.role).toBe('admin');
  });

  it('refuses to bind an org another workspace has, leaving its binding and people as they were', async () => {
    const id = org();
    await b.bind({ workspaceId: 'ws-a', id, defaultRole: 'viewer', boundBy: 'admin-a' });
    const p = member(await b.person(id, 'P1', async () => ({ displayName: 'Max' })));
    const refused = await b.bind({ workspaceId: 'ws-b', id, defaultRole: 'analyst', boundBy: 'admin-b' }).catch((e: unknown) => e);
    expect(isParleyError(refused) && [refused.code, refused.status]).toEqual(['integration:taken', 409]);
    expect(await b.find(id)).toMatchObject({ workspaceId: 'ws-a', defaultRole: 'viewer', boundBy: 'admin-a' });
    expect(member(await b.person(id, 'P1', async () => ({ displayName: 'Max' }))).identity).toEqual(p.identity);
    expect(await b.unbind('ws-b', id)).toBe(false);
    expect(await b.find(id)).toBeDefined();
  });

  it('after unbinding answers unbound again and forgets its people, keeping their users as history', async () => {
    const id = org();
    await b.bind({ workspaceId: 'ws-a', id, defaultRole: 'analyst', boundBy: 'admin-a' });
    const p = member(await b.person(id, 'P1', async () => ({ displayName: 'Noor' })));
    expect(await b.unbind('ws-a', id)).toBe(true);
    expect(await b.person(id, 'P1', async () => ({ displayName: 'Noor' }))).toEqual({ kind: 'unbound' });
    expect(await q(`SELECT * FROM ${peopleTable} WHERE ${key} = $1`, [id])).toEqual([]);
    expect(await q('SELECT id FROM users WHERE id = $1', [p.identity.userId])).toHaveLength(1);
    // Bound to another workspace now, the same person starts afresh there.
    await b.bind({ workspaceId: 'ws-b', id, defaultRole: 'viewer', boundBy: 'admin-b' });
    expect(member(await b.person(id, 'P1', async () => ({ displayName: 'Noor' }))).identity).toMatchObject({ workspaceId: 'ws-b', role: 'viewer' });
    expect(await b.list('ws-a')).not.toContainEqual(expect.objectContaining({ id }));
    expect(await b.list('ws-b')).toContainEqual(expect.objectContaining({ id, workspaceId: 'ws-b' }));
  });
});
