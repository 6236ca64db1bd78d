import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../identity';
import { STORE_BACKENDS } from '../testing/databases';
import { startTestParley, type TestParley } from '../testing/harness';
import { errorHandler } from './errors';
import { integrationsRouter } from './integrations';

const TENANT = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

describe.each(STORE_BACKENDS)('integrations routes on %s', (backend) => {
  let t: TestParley;
  // A second door onto the same store, whose caller is whoever the test says: another
  // workspace's admin, or a member who is not an admin.
  let other: Server;
  let otherUrl = '';
  const callers: Record<string, Identity> = {
    'b-admin': { workspaceId: 'ws-b', userId: 'b-admin', role: 'admin' },
    'local-analyst': { workspaceId: 'local', userId: 'local-analyst', role: 'analyst' },
    'local-viewer': { workspaceId: 'local', userId: 'local-viewer', role: 'viewer' },
  };

  beforeAll(async () => {
    t = await startTestParley({ backend, model: 'offline' });
    const pool = t.parley.store.db.pool;
    await pool.query(`INSERT INTO workspaces (id, name) VALUES ('ws-b', 'Workspace B')`);
    await pool.query(`INSERT INTO users (id, workspace_id, display_name, role) VALUES ('b-admin', 'ws-b', 'B admin', 'admin'), ('local-analyst', 'local', 'An analyst', 'analyst'), ('local-viewer', 'local', 'A viewer', 'viewer')`);
    const app = express();
    app.use(express.json());
    app.use('/api', integrationsRouter({ store: t.parley.store, identify: (req) => callers[String(req.headers['x-test-caller'])] }));
    app.use(errorHandler(pino({ level: 'silent' })));
    other = await new Promise<Server>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => other?.close(r));
    await t?.destroy();
  });

  /** As the local admin, through Parley's own server. */
  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${t.url}/api${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  }
  async function callAs(caller: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${otherUrl}/api${path}`, { method, headers: { 'x-test-caller': caller, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  }
  const count = async (sql: string, params: unknown[] = []) => (await t.parley.store.db.pool.query(sql, params)).rows[0].n as number;

  it('binds a Slack team to the admin\'s workspace, lists it, changes its role, and unbinds it', async () => {
    const created = await call('POST', '/integrations/slack-teams', { teamId: 'T0AAA1', defaultRole: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ teamId: 'T0AAA1', defaultRole: 'viewer', boundBy: 'local' });
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

  it.each(['local-analyst', 'local-viewer'])('refuses every route to %s with auth:forbidden, changing nothing', async (caller) => {
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
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('auth:forbidden');
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
