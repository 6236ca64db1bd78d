import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { googleSearchSample } from '../../tools/campaigns/testing/samples';
import { createCampaignStore } from '../campaigns/store';
import { seal } from '../datasources/secret-box';
import { sealConnection } from '../datasources/stored-connection';
import type { Role } from '../identity';
import { loadSecretKey } from '../secrets';
import { FIXTURES } from '../../tools/make-chart/testing/fixtures';
import { createTableTestTool } from '../../tools/make-chart/testing/table-tool';
import { STORE_BACKENDS } from '../testing/databases';
import { askAndWait, recordEvents, request, startTestParley, type TestMember, type TestParley } from '../testing/harness';

/**
 * Two workspaces, data of every kind in the first, and every REST route and socket event tried
 * from the second (its admin, who may do most) against the first's objects. The routes come from
 * the router itself: a route added without an entry in ROUTES below fails the first test.
 */

interface World {
  t: TestParley;
  /** Workspace A (the install's first) and its members. */
  a: { admin: TestMember; analyst: TestMember; viewer: TestMember; conversationId: string; runId: string; artifactId: string; uploadId: string; datasourceId: string; campaignId: string; connectorId: string };
  /** The admin of workspace B. */
  b: TestMember;
}

type Probe = (w: World) => Promise<void>;
const json = { 'content-type': 'application/json' };
const status = async (r: Promise<Response>) => (await r).status;
const body = async (r: Promise<Response>) => (await (await r).json()) as any;
const ids = (rows: { id: string }[]) => rows.map((x) => x.id);

/** A's own view of a thing, to check that B's attempt changed nothing. */
const aStillSees = async (w: World, path: string) => expect(await status(w.a.admin.fetch(path))).toBe(200);

const A_SLACK_TEAM = 'T0ALPHA1';
const A_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const ROUTES: Record<string, { access: 'public' | Role; probe?: Probe }> = {
  'GET /auth/status': { access: 'public' },
  'POST /auth/signup': { access: 'public' },
  'POST /auth/login': { access: 'public' },
  'POST /auth/logout': { access: 'public' },
  // Single sign-on: the provider's answer is checked against the browser's sealed state, not a session.
  'GET /auth/oidc/start': { access: 'public' },
  'GET /auth/oidc/callback': { access: 'public' },
  // The signed link is the credential: without a valid signature nothing is served, to anyone.
  'GET /downloads/artifacts/:id.csv': {
    access: 'public',
    probe: async (w) => expect(await status(w.b.fetch(`/api/downloads/artifacts/${w.a.artifactId}.csv?expires=99999999999&sig=forged`))).toBe(403),
  },
  'GET /me': { access: 'viewer', probe: async (w) => expect((await body(w.b.fetch('/api/me'))).data.user.id).toBe(w.b.user.id) },
  'GET /members': {
    access: 'admin',
    probe: async (w) => expect(ids((await body(w.b.fetch('/api/members'))).data)).not.toContain(w.a.analyst.user.id),
  },
  'POST /members': {
    access: 'admin',
    // A's member cannot be invited into B (nor moved there).
    probe: async (w) => {
      const r = await w.b.fetch('/api/members', { method: 'POST', headers: json, body: JSON.stringify({ email: w.a.analyst.user.email, name: 'Taken', role: 'admin' }) });
      expect(r.status).toBe(409);
      expect((await body(w.a.admin.fetch('/api/members'))).data.find((m: { id: string }) => m.id === w.a.analyst.user.id)).toMatchObject({ role: 'analyst', status: 'active' });
    },
  },
  'PATCH /members/:id': {
    access: 'admin',
    probe: async (w) => {
      expect(await status(w.b.fetch(`/api/members/${w.a.analyst.user.id}`, { method: 'PATCH', headers: json, body: JSON.stringify({ role: 'admin' }) }))).toBe(404);
      expect((await body(w.a.analyst.fetch('/api/me'))).data.user.role).toBe('analyst');
    },
  },
  'DELETE /members/:id': {
    access: 'admin',
    probe: async (w) => {
      expect(await status(w.b.fetch(`/api/members/${w.a.analyst.user.id}`, { method: 'DELETE' }))).toBe(404);
      expect(await status(w.a.analyst.fetch('/api/me'))).toBe(200);
    },
  },
  'GET /settings/oidc': {
    access: 'admin',
    probe: async (w) => {
      const put = (m: TestMember, domains: string[]) => m.fetch('/api/settings/oidc', { method: 'PUT', headers: json, body: JSON.stringify({ domains, role: 'analyst' }) });
      expect(await status(put(w.a.admin, ['alpha-reads.example.org']))).toBe(200);
      expect((await body(w.b.fetch('/api/settings/oidc'))).data.domains).not.toContain('alpha-reads.example.org');
    },
  },
  'PUT /settings/oidc': {
    access: 'admin',
    // B can neither change A's join settings nor take A's domain (its people would then join B).
    probe: async (w) => {
      const put = (m: TestMember, domains: string[]) => m.fetch('/api/settings/oidc', { method: 'PUT', headers: json, body: JSON.stringify({ domains, role: 'analyst' }) });
      expect(await status(put(w.a.admin, ['alpha-owns.example.org']))).toBe(200);
      const taken = await put(w.b, ['alpha-owns.example.org']);
      expect(taken.status).toBe(409);
      expect((await taken.json()).error.code).toBe('settings:domain_taken');
      expect(await status(put(w.b, ['beta-owns.example.org']))).toBe(200);
      expect((await body(w.a.admin.fetch('/api/settings/oidc'))).data).toEqual({ domains: ['alpha-owns.example.org'], role: 'analyst' });
    },
  },
  'GET /conversations': {
    access: 'viewer',
    probe: async (w) => {
      expect(ids((await body(w.b.fetch('/api/conversations'))).data)).not.toContain(w.a.conversationId);
      expect(ids((await body(w.b.fetch('/api/conversations?q=revenue'))).data)).not.toContain(w.a.conversationId);
    },
  },
  'GET /conversations/:id/messages': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch(`/api/conversations/${w.a.conversationId}/messages`))).toBe(404) },
  'GET /conversations/:id/artifacts': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch(`/api/conversations/${w.a.conversationId}/artifacts`))).toBe(404) },
  'GET /conversations/:id/timeline': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch(`/api/conversations/${w.a.conversationId}/timeline`))).toBe(404) },
  'PATCH /conversations/:id': {
    access: 'viewer',
    probe: async (w) => {
      expect(await status(w.b.fetch(`/api/conversations/${w.a.conversationId}`, { method: 'PATCH', headers: json, body: JSON.stringify({ title: 'taken' }) }))).toBe(404);
      expect((await body(w.a.admin.fetch(`/api/conversations/${w.a.conversationId}/messages`))).data.conversation.title).not.toBe('taken');
    },
  },
  'DELETE /conversations/:id': {
    access: 'viewer',
    probe: async (w) => {
      expect(await status(w.b.fetch(`/api/conversations/${w.a.conversationId}`, { method: 'DELETE' }))).toBe(404);
      await aStillSees(w, `/api/conversations/${w.a.conversationId}/messages`);
    },
  },
  'GET /artifacts/:file': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch(`/api/artifacts/${w.a.artifactId}.png`))).toBe(404) },
  'GET /artifacts/:id': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch(`/api/artifacts/${w.a.artifactId}`))).toBe(404) },
  'GET /suggestions': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch('/api/suggestions'))).toBe(200) },
  'GET /datasources': { access: 'viewer', probe: async (w) => expect(ids((await body(w.b.fetch('/api/datasources'))).data)).not.toContain(w.a.datasourceId) },
  'POST /datasources': {
    access: 'admin',
    // The same name as A's datasource is free in B: names are per workspace, and A's stays A's.
    probe: async (w) => {
      const r = await w.b.fetch('/api/datasources', { method: 'POST', headers: json, body: JSON.stringify({ name: 'Sales', kind: 'postgres', url: 'not a url' }) });
      expect(r.status).toBe(400);
      expect(ids((await body(w.a.admin.fetch('/api/datasources'))).data)).toContain(w.a.datasourceId);
    },
  },
  'DELETE /datasources/:id': {
    access: 'admin',
    probe: async (w) => {
      expect(await status(w.b.fetch(`/api/datasources/${w.a.datasourceId}`, { method: 'DELETE' }))).toBe(404);
      expect(ids((await body(w.a.admin.fetch('/api/datasources'))).data)).toContain(w.a.datasourceId);
    },
  },
  'POST /datasources/:id/notes': {
    access: 'admin',
    probe: async (w) => expect(await status(w.b.fetch(`/api/datasources/${w.a.datasourceId}/notes`, { method: 'POST', headers: json, body: JSON.stringify({ kind: 'glossary', title: 'x', body: 'y' }) }))).toBe(404),
  },
  'POST /uploads': {
    access: 'analyst',
    probe: async (w) => {
      const form = new FormData();
      form.append('file', new Blob(['a,b\n1,2\n']), 'x.csv');
      form.append('conversationId', w.a.conversationId);
      expect(await status(w.b.fetch('/api/uploads', { method: 'POST', body: form }))).toBe(404);
    },
  },
  'GET /integrations/slack-teams': {
    access: 'admin',
    probe: async (w) => expect((await body(w.b.fetch('/api/integrations/slack-teams'))).data.map((x: { teamId: string }) => x.teamId)).not.toContain(A_SLACK_TEAM),
  },
  'POST /integrations/slack-teams': {
    access: 'admin',
    // A's Slack team cannot be taken over by B's admin.
    probe: async (w) => {
      const r = await w.b.fetch('/api/integrations/slack-teams', { method: 'POST', headers: json, body: JSON.stringify({ teamId: A_SLACK_TEAM, defaultRole: 'analyst' }) });
      expect(r.status).toBe(409);
      expect((await body(w.a.admin.fetch('/api/integrations/slack-teams'))).data).toContainEqual(expect.objectContaining({ teamId: A_SLACK_TEAM, defaultRole: 'viewer' }));
    },
  },
  'DELETE /integrations/slack-teams/:id': {
    access: 'admin',
    probe: async (w) => {
      expect(await status(w.b.fetch(`/api/integrations/slack-teams/${A_SLACK_TEAM}`, { method: 'DELETE' }))).toBe(404);
      expect((await body(w.a.admin.fetch('/api/integrations/slack-teams'))).data.map((x: { teamId: string }) => x.teamId)).toContain(A_SLACK_TEAM);
    },
  },
  'GET /integrations/teams-tenants': {
    access: 'admin',
    probe: async (w) => expect((await body(w.b.fetch('/api/integrations/teams-tenants'))).data.map((x: { tenantId: string }) => x.tenantId)).not.toContain(A_TENANT),
  },
  'POST /integrations/teams-tenants': {
    access: 'admin',
    probe: async (w) => {
      const r = await w.b.fetch('/api/integrations/teams-tenants', { method: 'POST', headers: json, body: JSON.stringify({ tenantId: A_TENANT, defaultRole: 'analyst' }) });
      expect(r.status).toBe(409);
    },
  },
  'DELETE /integrations/teams-tenants/:id': {
    access: 'admin',
    probe: async (w) => {
      expect(await status(w.b.fetch(`/api/integrations/teams-tenants/${A_TENANT}`, { method: 'DELETE' }))).toBe(404);
      expect((await body(w.a.admin.fetch('/api/integrations/teams-tenants'))).data.map((x: { tenantId: string }) => x.tenantId)).toContain(A_TENANT);
    },
  },
  'GET /uploads/:id': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch(`/api/uploads/${w.a.uploadId}`))).toBe(404) },
  'DELETE /uploads/:id': {
    access: 'viewer',
    probe: async (w) => {
      expect(await status(w.b.fetch(`/api/uploads/${w.a.uploadId}`, { method: 'DELETE' }))).toBe(404);
      await aStillSees(w, `/api/uploads/${w.a.uploadId}`);
    },
  },
  'GET /limits': {
    access: 'viewer',
    // B's workspace counter is B's alone: A's questions never show in it.
    probe: async (w) => {
      expect((await body(w.a.admin.fetch('/api/limits'))).data.limits.messages_per_day.workspace.used).toBeGreaterThan(0);
      const mine = (await body(w.b.fetch('/api/limits'))).data.limits.messages_per_day;
      expect(mine.workspace.used).toBe(mine.user.used);
    },
  },
  'PUT /limits': {
    access: 'admin',
    probe: async (w) => {
      const before = (await body(w.a.admin.fetch('/api/limits'))).data.workspaceTier;
      expect(await status(w.b.fetch('/api/limits', { method: 'PUT', headers: json, body: JSON.stringify({ tier: before === 'free' ? 'enterprise' : 'free' }) }))).toBe(200);
      expect((await body(w.a.admin.fetch('/api/limits'))).data.workspaceTier).toBe(before);
    },
  },
  'PUT /limits/users/:id': {
    access: 'admin',
    probe: async (w) => {
      expect(await status(w.b.fetch(`/api/limits/users/${w.a.analyst.user.id}`, { method: 'PUT', headers: json, body: JSON.stringify({ tier: 'enterprise' }) }))).toBe(404);
      expect((await body(w.a.analyst.fetch('/api/limits'))).data.userTier).toBeNull();
    },
  },
  'GET /campaigns': { access: 'viewer', probe: async (w) => expect(ids((await body(w.b.fetch('/api/campaigns'))).data)).not.toContain(w.a.campaignId) },
  // Not workspace data: the rule set's limits, and a check of a body the caller sends.
  'GET /campaigns/rules': { access: 'viewer' },
  'POST /campaigns/check': { access: 'viewer' },
  'GET /campaigns/:id': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch(`/api/campaigns/${w.a.campaignId}`))).toBe(404) },
  'PATCH /campaigns/:id': {
    access: 'analyst',
    probe: async (w) => {
      const mine = (await body(w.a.admin.fetch(`/api/campaigns/${w.a.campaignId}`))).data;
      const r = await w.b.fetch(`/api/campaigns/${w.a.campaignId}`, { method: 'PATCH', headers: json, body: JSON.stringify({ baseVersion: mine.version, campaign: { ...mine.campaign, name: 'taken' } }) });
      expect(r.status).toBe(404);
      expect((await body(w.a.admin.fetch(`/api/campaigns/${w.a.campaignId}`))).data).toMatchObject({ version: mine.version, name: mine.name });
    },
  },
  'GET /campaigns/:id/versions': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch(`/api/campaigns/${w.a.campaignId}/versions`))).toBe(404) },
  'GET /campaigns/:id/versions/:version': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch(`/api/campaigns/${w.a.campaignId}/versions/1`))).toBe(404) },
  'GET /campaigns/:id/export': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch(`/api/campaigns/${w.a.campaignId}/export?format=json`))).toBe(404) },
  'GET /brand': {
    access: 'viewer',
    probe: async (w) => expect((await body(w.b.fetch('/api/brand'))).data.bannedTerms).not.toContain('alpha-only'),
  },
  'PUT /brand': {
    access: 'admin',
    probe: async (w) => {
      const kit = { voice: '', bannedTerms: ['beta-only'], preferredTerms: [], requiredDisclaimers: [], trademarks: [], language: 'en' };
      expect(await status(w.b.fetch('/api/brand', { method: 'PUT', headers: json, body: JSON.stringify(kit) }))).toBe(200);
      expect((await body(w.a.admin.fetch('/api/brand'))).data.bannedTerms).toEqual(['alpha-only']);
    },
  },
  // The provider signs each delivery; a connector of A's takes nothing unsigned, from B or anyone.
  'POST /connectors/:id/webhook': {
    access: 'public',
    probe: async (w) => {
      const r = await w.b.fetch(`/api/connectors/${w.a.connectorId}/webhook`, { method: 'POST', headers: { ...json, 'stripe-signature': 't=1,v1=forged' }, body: JSON.stringify({ id: 'evt_x', type: 'charge.updated', data: { object: { id: 'ch_alpha', object: 'charge' } } }) });
      expect(r.ok).toBe(false);
      expect((await w.t.parley.store.db.pool.query('SELECT count(*)::int n FROM connector_webhook_events WHERE connector_id = $1', [w.a.connectorId])).rows[0].n).toBe(0);
    },
  },
  'GET /connector-kinds': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch('/api/connector-kinds'))).toBe(200) },
  'GET /connectors': { access: 'viewer', probe: async (w) => expect(ids((await body(w.b.fetch('/api/connectors'))).data)).not.toContain(w.a.connectorId) },
  'GET /connectors/:id': { access: 'viewer', probe: async (w) => expect(await status(w.b.fetch(`/api/connectors/${w.a.connectorId}`))).toBe(404) },
  'POST /connectors': {
    access: 'admin',
    // The same name as A's connector is B's to use; A's stays A's.
    probe: async (w) => {
      const r = await w.b.fetch('/api/connectors', { method: 'POST', headers: json, body: JSON.stringify({ kind: 'stripe', name: 'Payments', credentials: {} }) });
      expect(r.status).toBe(400);
      expect(ids((await body(w.a.admin.fetch('/api/connectors'))).data)).toContain(w.a.connectorId);
    },
  },
  'POST /connectors/:id/sync': { access: 'admin', probe: async (w) => expect(await status(w.b.fetch(`/api/connectors/${w.a.connectorId}/sync`, { method: 'POST' }))).toBe(404) },
  'DELETE /connectors/:id': {
    access: 'admin',
    probe: async (w) => {
      expect(await status(w.b.fetch(`/api/connectors/${w.a.connectorId}`, { method: 'DELETE' }))).toBe(404);
      await aStillSees(w, `/api/connectors/${w.a.connectorId}`);
      expect((await w.t.parley.store.db.pool.query('SELECT count(*)::int n FROM pay_charges WHERE connector_id = $1', [w.a.connectorId])).rows[0].n).toBe(1);
    },
  },
  'GET /audit': {
    access: 'admin',
    probe: async (w) => {
      const aMembers = [w.a.admin.user.id, w.a.analyst.user.id, w.a.viewer.user.id];
      expect((await body(w.a.admin.fetch('/api/audit?limit=500'))).data.some((e: { userId: string }) => aMembers.includes(e.userId))).toBe(true);
      const seen = (await body(w.b.fetch('/api/audit?limit=500'))).data as { userId: string | null; target: string | null }[];
      expect(seen.filter((e) => aMembers.includes(e.userId ?? '') || [w.a.conversationId, w.a.artifactId, w.a.uploadId, w.a.datasourceId].includes(e.target ?? ''))).toEqual([]);
    },
  },
};

/** A path of the route with made-up ids, for the role checks (the guard answers before the id is looked up). */
const samplePath = (path: string) => `/api${path.replace(':id.csv', `${randomUUID()}.csv`).replace(':file', `${randomUUID()}.png`).replace(/:\w+/g, randomUUID())}`;

describe.each(STORE_BACKENDS)('workspace isolation on %s', (backend) => {
  const w = {} as World;
  beforeAll(async () => {
    // A table tool of its own (no demo warehouse to start): the artifact is what matters here.
    const t = await startTestParley({ backend, configure: (d) => ({ ...d, tools: [...(d.tools ?? []), createTableTestTool({ weatherByMonth: FIXTURES.weatherByMonth })] }) });
    w.t = t;
    const [analyst, viewer] = [await t.member('analyst'), await t.member('viewer')];
    const s = await t.client();
    t.mock!.enqueue({ toolCalls: [{ name: 'sample_table', args: { name: 'weatherByMonth' } }] }, { text: 'Revenue, by month.' });
    const asked = await askAndWait(s, recordEvents(s), 'What was total revenue by region last month?');
    const artifactId = asked.artifacts[0]?.id;
    if (!artifactId) throw new Error(`the offline answer made no artifact: ${asked.text}`);
    const form = new FormData();
    form.append('file', new Blob(['city,total\nOslo,1\n']), 'small.csv');
    const uploaded = await body(t.fetch('/api/uploads', { method: 'POST', body: form }));
    // A registered datasource of A's, stored as registration stores it (no server needs to answer for this test).
    const datasourceId = randomUUID();
    await t.parley.store.db.pool.query('INSERT INTO datasources (id, workspace_id, name, kind, url_encrypted, display) VALUES ($1, $2, $3, $4, $5, $6)', [
      datasourceId,
      'local',
      'Sales',
      'postgres',
      sealConnection(loadSecretKey(t.config), { url: 'postgres://reader@127.0.0.1:1/sales', role: 'read_only' }),
      '127.0.0.1/sales',
    ]);
    // A connector of A's with a synced charge, stored as the connector store stores them (no provider needs to answer here).
    const connectorId = randomUUID();
    await t.parley.store.db.pool.query('INSERT INTO connectors (id, workspace_id, kind, name, credentials_encrypted) VALUES ($1, $2, $3, $4, $5)', [connectorId, 'local', 'stripe', 'Payments', seal(loadSecretKey(t.config), '{}')]);
    await t.parley.store.db.pool.query("INSERT INTO pay_charges (workspace_id, connector_id, id, amount, currency, status, created_at, raw) VALUES ('local', $1, 'ch_alpha', 12.34, 'usd', 'succeeded', now(), '{}')", [connectorId]);
    const runId = asked.end.runId;
    // A campaign draft of A's, and A's brand kit, stored as the draft tool and the brand page store them.
    const stored = await createCampaignStore(t.parley.store.db.pool).create({ workspaceId: 'local', userId: t.admin.user.id, conversationId: asked.conversationId }, { campaign: googleSearchSample(), findings: [], rulesVersion: 'test', grounding: { author: 'template', notes: [] }, summary: 'test' });
    const brand = await t.fetch('/api/brand', { method: 'PUT', headers: json, body: JSON.stringify({ voice: '', bannedTerms: ['alpha-only'], preferredTerms: [], requiredDisclaimers: [], trademarks: [], language: 'en' }) });
    if (brand.status !== 200) throw new Error(`brand kit: ${await brand.text()}`);
    w.a = { admin: t.admin, analyst, viewer, conversationId: asked.conversationId, runId, artifactId, uploadId: uploaded.data.id, datasourceId, campaignId: stored.id, connectorId };
    for (const [path, bind] of [['/api/integrations/slack-teams', { teamId: A_SLACK_TEAM }], ['/api/integrations/teams-tenants', { tenantId: A_TENANT }]] as const) {
      const r = await t.fetch(path, { method: 'POST', headers: json, body: JSON.stringify({ ...bind, defaultRole: 'viewer' }) });
      if (r.status !== 201) throw new Error(`binding ${JSON.stringify(bind)} failed: ${await r.text()}`);
    }
    w.b = await t.workspace('beta');
  }, 300_000);
  afterAll(async () => {
    await w.t?.destroy();
  });

  it('every API route has an entry here, with the access the router gives it', () => {
    const routes = w.t.parley.routes();
    const found = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.access]));
    expect(found).toEqual(Object.fromEntries(Object.entries(ROUTES).map(([k, v]) => [k, v.access])));
  });

  it('without a session, every route but the public ones answers 401 auth:required', async () => {
    for (const r of w.t.parley.routes().filter((x) => x.access !== 'public')) {
      const res = await fetch(`${w.t.url}${samplePath(r.path)}`, { method: r.method, headers: json, body: r.method === 'GET' ? undefined : '{}' });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
      expect((await res.json()).error.code).toBe('auth:required');
    }
  });

  it('each route refuses the roles below its own with 403 and lets its own role through', async () => {
    const members: Record<Role, TestMember> = { admin: w.a.admin, analyst: w.a.analyst, viewer: w.a.viewer };
    const rank: Role[] = ['viewer', 'analyst', 'admin'];
    for (const r of w.t.parley.routes().filter((x) => x.access !== 'public')) {
      for (const role of rank) {
        const res = await members[role].fetch(samplePath(r.path), { method: r.method, headers: json, body: r.method === 'GET' ? undefined : '{}' });
        const allowed = rank.indexOf(role) >= rank.indexOf(r.access as Role);
        if (allowed) expect([401, 403], `${role} → ${r.method} ${r.path} (${res.status})`).not.toContain(res.status);
        else expect(res.status, `${role} → ${r.method} ${r.path}`).toBe(403);
      }
    }
  });

  it.each(Object.entries(ROUTES).filter(([, v]) => v.probe))('%s: workspace B can neither read nor change A\'s data', async (_route, { probe }) => {
    await probe!(w);
  });

  it('socket events: B cannot send into, join or cancel A\'s conversation', async () => {
    const s = await w.b.client();
    expect(await request(s, 'chat:send', { conversationId: w.a.conversationId, text: 'hello?' })).toMatchObject({ error: { code: 'conversation:not_found' } });
    expect(await request(s, 'conversation:join', { conversationId: w.a.conversationId })).toMatchObject({ error: { code: 'conversation:not_found' } });
    expect(await request(s, 'chat:cancel', { runId: w.a.runId })).toEqual({ data: { cancelled: false } });
    expect(await request(s, 'chat:cancel', { conversationId: w.a.conversationId })).toEqual({ data: { cancelled: false } });
    // An attachment of A's upload is not B's to attach.
    const own = await request(s, 'chat:send', { text: 'about this file', attachments: [{ uploadId: w.a.uploadId }] });
    expect(own).toMatchObject({ error: { code: 'upload:not_found' } });
  });
});
