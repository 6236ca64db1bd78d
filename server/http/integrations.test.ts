import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { STORE_BACKENDS } from '../testing/databases';
import { startTestParley, type TestMember, type TestParley } from '../testing/harness';

const TENANT = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const B_ADMIN = { email: 'b-admin@example.org', password: 'another long passphrase for b' };

describe.each(STORE_BACKENDS)('integrations routes on %s', (backend) => {
  let t: TestParley;
  let callers: Record<string, (path: string, init?: RequestInit) => Promise<Response>>;

  beforeAll(async () => {
    t = await startTestParley({ backend, model: 'offline' });
    // Workspace B and its admin: no API makes a second workspace yet, so the rows are written
    // here; the admin then signs in through the API like anyone else.
    const pool = t.parley.store.db.pool;
    await pool.query(`INSERT INTO workspaces (id, name) VALUES ('ws-b', 'Workspace B')`);
    await pool.query(`INSERT INTO users (id, workspace_id, display_name, email, role, source, status, password_hash) VALUES ('b-admin', 'ws-b', 'B admin', $1, 'admin', 'account', 'active', $2)`, [
      B_ADMIN.email,
      await hashPassword(B_ADMIN.password),
    ]);
    const login = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(B_ADMIN) });
    expect(login.status).toBe(200);
    const bToken = (await login.json()).data.token as string;
    const [analyst, viewer]: TestMember[] = [await t.member('analyst'), await t.member('viewer')];
    callers = {
      'b-admin': (path, init = {}) => fetch(`${t.url}${path}`, { ...init, headers: { authorization: `Bearer ${bToken}`, ...(init.headers as Record<string, string>) } }),
      'local-analyst': analyst.fetch,
      'local-viewer': viewer.fetch,
      anonymous: (path, init) => fetch(`${t.url}${path}`, init),
    };
  });
  afterAll(async () => {
    await t?.destroy();
  });

  const send = async (f: (path: string, init?: RequestInit) => Promise<Response>, method: string, path: string, body?: unknown) => {
    const res = await f(`/api${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  /** As the first admin (workspace local). */
  const call = (method: string, path: string, body?: unknown) => send(t.fetch, method, path, body);
  const callAs = (caller: string, method: string, path: string, body?: unknown) => send(callers[caller], method, path, body);
  const count = async (sql: string, params: unknown[] = []) => (await t.parley.store.db.pool.query(sql, params)).rows[0].n as number;

  it('binds a Slack team to the admin\'s workspace, lists it, changes its role, and unbinds it', async () => {
    const created = await call('POST', '/integrations/slack-teams', { teamId: 'T0AAA1', defaultRole: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ teamId: 'T0AAA1', defaultRole: 'viewer', boundBy: t.admin.user.id });
    expect((await call('GET', '/integrations/slack-teams')).body.data.map((b: { teamId: string }) => b.teamId)).toContain('T0AAA1');

    const changed = await call('POST', '/integrations/slack-teams', { teamId: 'T0AAA1', defaultRole: 'analyst' });
    expect(changed.status).toBe(200);
    expect(changed.body.data.defaultRole).toBe('analyst');
    expect(await count(`SELECT count(*)::int AS n FROM slack_teams WHERE team_id = 'T0AAA1' AND workspace_id = 'local' AND default_role = 'analyst'`)).toBe(1);
    const audit = await t.parley.store.db.pool.query(`SELECT action FROM audit_log WHERE target = 'slack:T0AAA1' ORDER BY id`);
    expect(audit.rows.map((r) => r.action)).toEqual(['integration.connected', 'integration.role_changed']);

    expect((await call('DELETE', '/integrations/slack-teams/T0AAA1')).status).toBe(204);
    expect(await count(`SELECT count(*)::int AS n FROM slack_teams WHERE team_id = 'T0AAA1'`)).toBe(0);
    const again = await call('DELETE', '/integrations/slack-teams/T0AAA1');
    expect(again.status).toBe(404);
    expect(again.body.error).toEqual({ code: 'integration:not_found', message: 'Slack team T0AAA1 is not connected to this workspace.' });
  });

  it('binds a Teams tenant by its GUID, kept in lower case as Bot Framework sends it', async () => {
    const created = await call('POST', '/integrations/teams-tenants', { tenantId: TENANT.toUpperCase(), defaultRole: 'analyst' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ tenantId: TENANT, defaultRole: 'analyst' });
    expect((await call('GET', '/integrations/teams-tenants')).body.data).toEqual([expect.objectContaining({ tenantId: TENANT })]);
    expect((await call('DELETE', `/integrations/teams-tenants/${TENANT}`)).status).toBe(204);
    expect((await call('GET', '/integrations/teams-tenants')).body.data).toEqual([]);
  });

  it('never lets another workspace take, change or remove a bound team or tenant', async () => {
    expect((await call('POST', '/integrations/slack-teams', { teamId: 'T0OWNED', defaultRole: 'viewer' })).status).toBe(201);
    expect((await call('POST', '/integrations/teams-tenants', { tenantId: TENANT, defaultRole: 'viewer' })).status).toBe(201);

    const taken = await callAs('b-admin', 'POST', '/integrations/slack-teams', { teamId: 'T0OWNED', defaultRole: 'analyst' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toEqual({
      code: 'integration:taken',
      message: 'Slack team T0OWNED is already connected to another Parley workspace. An admin of that workspace must disconnect it there first.',
    });
    expect((await callAs('b-admin', 'POST', '/integrations/teams-tenants', { tenantId: TENANT, defaultRole: 'analyst' })).body.error.code).toBe('integration:taken');
    // Workspace B neither sees nor removes what workspace A bound.
    expect((await callAs('b-admin', 'GET', '/integrations/slack-teams')).body.data).toEqual([]);
    expect((await callAs('b-admin', 'DELETE', '/integrations/slack-teams/T0OWNED')).status).toBe(404);
    expect((await callAs('b-admin', 'DELETE', `/integrations/teams-tenants/${TENANT}`)).status).toBe(404);

    const bindings = await t.parley.store.db.pool.query(
      `SELECT workspace_id, default_role FROM slack_teams WHERE team_id = 'T0OWNED' UNION ALL SELECT workspace_id, default_role FROM teams_tenants WHERE tenant_id = $1`,
      [TENANT],
    );
    expect(bindings.rows).toEqual([
      { workspace_id: 'local', default_role: 'viewer' },
      { workspace_id: 'local', default_role: 'viewer' },
    ]);
    // Once A lets go, B may have it.
    expect((await call('DELETE', '/integrations/slack-teams/T0OWNED')).status).toBe(204);
    expect((await callAs('b-admin', 'POST', '/integrations/slack-teams', { teamId: 'T0OWNED', defaultRole: 'analyst' })).status).toBe(201);
  });

  it.each([
    ['local-analyst', 403, 'auth:forbidden'],
    ['local-viewer', 403, 'auth:forbidden'],
    ['anonymous', 401, 'auth:required'],
  ])('refuses every route to %s (%i %s), changing nothing', async (caller, status, code) => {
    const before = await count('SELECT (SELECT count(*) FROM slack_teams) + (SELECT count(*) FROM teams_tenants) AS n');
    const attempts: [string, string, unknown?][] = [
      ['GET', '/integrations/slack-teams'],
      ['POST', '/integrations/slack-teams', { teamId: 'T0NEW', defaultRole: 'analyst' }],
      ['DELETE', '/integrations/slack-teams/T0OWNED'],
      ['GET', '/integrations/teams-tenants'],
      ['POST', '/integrations/teams-tenants', { tenantId: '9a1c0f4e-0000-4000-8000-000000000001', defaultRole: 'analyst' }],
      ['DELETE', `/integrations/teams-tenants/${TENANT}`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await callAs(caller, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    expect(await count('SELECT (SELECT count(*) FROM slack_teams) + (SELECT count(*) FROM teams_tenants) AS n')).toBe(before);
  });

  it.each([
    ['a missing team id', '/integrations/slack-teams', { defaultRole: 'analyst' }, 'teamId: expects a Slack team id like T0123ABCD'],
    ['a team id that is not Slack\'s', '/integrations/slack-teams', { teamId: "T1' OR '1'='1", defaultRole: 'analyst' }, 'teamId: expects a Slack team id like T0123ABCD'],
    ['a path for a team id', '/integrations/slack-teams', { teamId: '../../etc/passwd', defaultRole: 'analyst' }, 'teamId: expects a Slack team id like T0123ABCD'],
    ['admin as the default role', '/integrations/slack-teams', { teamId: 'T0ADM', defaultRole: 'admin' }, 'defaultRole: expects "analyst" or "viewer"'],
    ['an unknown field', '/integrations/slack-teams', { teamId: 'T0ADM', defaultRole: 'viewer', workspaceId: 'ws-b' }, 'Unrecognized key'],
    ['a tenant id that is not a GUID', '/integrations/teams-tenants', { tenantId: 'contoso.onmicrosoft.com', defaultRole: 'viewer' }, 'tenantId: expects a Microsoft Entra tenant id, a GUID'],
    ['a Slack field on the Teams route', '/integrations/teams-tenants', { teamId: 'T0ADM', defaultRole: 'viewer' }, 'tenantId: expects a Microsoft Entra tenant id'],
  ])('refuses %s with input:invalid saying what is wrong, binding nothing', async (_why, path, body, message) => {
    const before = await count('SELECT (SELECT count(*) FROM slack_teams) + (SELECT count(*) FROM teams_tenants) AS n');
    const res = await call('POST', path, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('input:invalid');
    expect(res.body.error.message).toContain(message);
    expect(await count('SELECT (SELECT count(*) FROM slack_teams) + (SELECT count(*) FROM teams_tenants) AS n')).toBe(before);
  });

  it('refuses to unbind an id that is not well formed', async () => {
    const res = await call('DELETE', `/integrations/teams-tenants/${encodeURIComponent("x' OR 1=1 --")}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('tenantId: expects a Microsoft Entra tenant id');
  });
});
