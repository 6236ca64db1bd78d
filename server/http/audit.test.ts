import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadSecretKey } from '../secrets';
import { createTestDatabase, STORE_BACKENDS } from '../testing/databases';
import { askAndWait, recordEvents, startTestParley, type TestMember, type TestParley } from '../testing/harness';
import { createTestRole } from '../testing/roles';
import { csvDownloadUrl } from './signed-links';

interface Entry {
  id: number;
  at: string;
  userId: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe.each(STORE_BACKENDS)('the audit log on %s', (backend) => {
  let t: TestParley;
  let analyst: TestMember;

  async function audit(query = '', as: TestMember = t.admin): Promise<{ data: Entry[]; next: number | null }> {
    const res = await as.fetch(`/api/audit${query}`);
    const body = await res.json();
    if (res.status !== 200) throw new Error(`GET /api/audit${query}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }
  const newest = async (action: string) => (await audit(`?action=${action}&limit=1`)).data[0];

  /** Asks as `m` in a new conversation; the run's events. */
  async function ask(m: TestMember, text: string) {
    const s = await m.client();
    const r = await askAndWait(s, recordEvents(s), text);
    s.close();
    return r;
  }

  beforeAll(async () => {
    t = await startTestParley({ backend, model: 'offline' });
    analyst = await t.member('analyst');
  });
  afterAll(() => t?.destroy());

  it('records every SQL statement a tool runs: who, where, the statement, rows and duration', async () => {
    const r = await ask(analyst, 'SELECT country, count(*) AS customers FROM demo.customers GROUP BY country ORDER BY country');
    expect(r.finished[0]).toMatchObject({ ok: true });
    const e = await newest('sql.ran');
    expect(e).toMatchObject({ userId: analyst.user.id, action: 'sql.ran', target: 'demo', ip: null });
    expect(e.detail).toMatchObject({ datasource: 'Demo warehouse', conversationId: r.conversationId, runId: r.end.runId, ok: true, rows: (r.artifacts.find((a) => a.kind === 'table')!.data as { rowCount: number }).rowCount });
    expect(e.detail.statement).toContain('FROM demo.customers GROUP BY country');
    expect(e.detail.durationMs).toEqual(expect.any(Number));
    expect(Date.parse(e.at)).not.toBeNaN();
  });

  it('records a statement the guard refused, as written, with the reason', async () => {
    const text = 'SELECT rolname, rolpassword FROM pg_catalog.pg_authid';
    await ask(analyst, text);
    const e = await newest('sql.refused');
    expect(e).toMatchObject({ userId: analyst.user.id, target: 'demo' });
    expect(e.detail).toMatchObject({ statement: text, ok: false, code: expect.stringMatching(/^sql:/) });
    expect(e.detail.durationMs).toBeUndefined();
  });

  it('records a catalog note added to a datasource', async () => {
    const res = await t.fetch('/api/datasources/demo/notes', json('POST', { kind: 'glossary', title: 'Active customer', body: 'A customer with an order in the last 90 days.' }));
    expect(res.status).toBe(201);
    const e = await newest('datasource.note_added');
    expect(e).toMatchObject({ userId: t.admin.user.id, target: 'demo', detail: { kind: 'glossary', title: 'Active customer' } });
    expect(e.ip).toMatch(/127\.0\.0\.1/);
  });

  it.runIf(process.env.TEST_DATABASE_URL)('records a datasource added and removed, never its connection URL', async () => {
    const db = await createTestDatabase({ empty: true });
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('CREATE TABLE regions (region_id int PRIMARY KEY, name text NOT NULL)');
    await c.end();
    const role = await createTestRole(db.url);
    try {
      const res = await t.fetch('/api/datasources', json('POST', { name: 'Audited DB', kind: 'postgres', url: role.url }));
      expect(res.status).toBe(201);
      const id = (await res.json()).data.id;
      expect(await newest('datasource.added')).toMatchObject({ userId: t.admin.user.id, target: id, detail: { name: 'Audited DB', kind: 'postgres' } });
      expect((await t.fetch(`/api/datasources/${id}`, { method: 'DELETE' })).status).toBe(204);
      expect(await newest('datasource.removed')).toMatchObject({ userId: t.admin.user.id, target: id });
      const all = JSON.stringify((await audit('?action=datasource.*')).data);
      expect(all).not.toContain(new URL(role.url).password);
      expect(all).not.toContain('postgres://');
    } finally {
      await db.drop();
      await role.drop();
    }
  });

  it('records uploads added and deleted', async () => {
    const form = new FormData();
    form.append('file', new Blob(['city,sales\nOslo,3\nLima,5\n']), 'cities.csv');
    const res = await analyst.fetch('/api/uploads', { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const id = (await res.json()).data.id;
    expect(await newest('upload.added')).toMatchObject({ userId: analyst.user.id, target: id, detail: { name: 'cities.csv', kind: 'csv', bytes: 25, conversationId: null } });
    expect((await analyst.fetch(`/api/uploads/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await newest('upload.deleted')).toMatchObject({ userId: analyst.user.id, target: id });
  });

  it('records exports: a CSV through a signed link (no member known) and a chart image', async () => {
    const r = await ask(analyst, 'SELECT category, count(*) AS products FROM demo.products GROUP BY category ORDER BY category');
    const table = r.artifacts.find((a) => a.kind === 'table')!;
    const csv = await fetch(csvDownloadUrl({ key: loadSecretKey(t.config), baseUrl: t.url, artifactId: table.id, ttlSeconds: 60 }));
    expect(csv.status).toBe(200);
    expect(await newest('export.csv')).toMatchObject({ userId: null, target: table.id, detail: { via: 'signed_link', kind: 'table', rows: (table.data as { rows: unknown[] }).rows.length } });

    const img = await analyst.fetch(`/api/artifacts/${table.id}.svg?width=640&height=400`);
    expect(img.status).toBe(200);
    expect(await newest('export.chart_image')).toMatchObject({ userId: analyst.user.id, target: table.id, detail: { format: 'svg', kind: 'table', width: 640, height: 400 } });
    // A refused download (bad signature) is no export.
    const before = (await audit('?action=export.csv')).data.length;
    expect((await fetch(`${t.url}/api/downloads/artifacts/${table.id}.csv?expires=${Math.floor(Date.now() / 1000) + 60}&sig=forged`)).status).toBe(403);
    expect((await audit('?action=export.csv')).data).toHaveLength(before);
  });

  it('filters by action prefix, user and time, newest first, and pages with `before`', async () => {
    const all = (await audit('?limit=500')).data;
    expect(all.length).toBeGreaterThan(4);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));

    const sql = (await audit('?action=sql.*')).data;
    expect(new Set(sql.map((e) => e.action))).toEqual(new Set(['sql.ran', 'sql.refused']));
    // `sql.*` is a prefix of whole segments' worth of text, not a pattern: `sql` alone matches nothing.
    expect((await audit('?action=sql')).data).toEqual([]);

    const mine = (await audit(`?userId=${encodeURIComponent(analyst.user.id)}`)).data;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.userId === analyst.user.id)).toBe(true);

    const pivot = all[Math.floor(all.length / 2)];
    const since = (await audit(`?since=${encodeURIComponent(pivot.at)}&limit=500`)).data;
    expect(since.every((e) => Date.parse(e.at) >= Date.parse(pivot.at))).toBe(true);
    expect(since.map((e) => e.id)).toContain(pivot.id);
    const until = (await audit(`?until=${encodeURIComponent(pivot.at)}&limit=500`)).data;
    expect(until.every((e) => Date.parse(e.at) <= Date.parse(pivot.at))).toBe(true);
    expect(until.length + since.length).toBeGreaterThanOrEqual(all.length);

    const pages: Entry[] = [];
    let next: number | null = null;
    do {
      const page: { data: Entry[]; next: number | null } = await audit(`?limit=2${next ? `&before=${next}` : ''}`);
      expect(page.data.length).toBeLessThanOrEqual(2);
      pages.push(...page.data);
      next = page.next;
    } while (next);
    expect(pages.map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it.each([
    ['limit over 500', '?limit=501', 'limit must be at most 500'],
    ['limit of 0', '?limit=0', 'limit must be at least 1'],
    ['an action with SQL in it', `?action=${encodeURIComponent("sql.ran' OR 1=1 --")}`, 'action expects'],
    ['a LIKE pattern', '?action=sql%25', 'action expects'],
    ['a date that is not one', '?since=yesterday', 'since expects an ISO date-time'],
    ['since after until', '?since=2030-01-02T00:00:00Z&until=2030-01-01T00:00:00Z', 'since must not be later than until'],
    ['a cursor that is not an id', '?before=abc', 'before expects the id'],
    ['an unknown filter', '?workspaceId=other', 'workspaceId'],
    ['a repeated filter', '?action=sql.ran&action=sql.refused', 'action'],
  ])('refuses %s with 400 naming the problem', async (_name, query, mention) => {
    const res = await t.fetch(`/api/audit${query}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('input:invalid');
    expect(body.error.message).toContain(mention);
  });

  it('is for admins only: 403 for an analyst and a viewer, 401 without a session', async () => {
    for (const m of [analyst, await t.member('viewer')]) {
      const res = await m.fetch('/api/audit');
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('auth:forbidden');
    }
    expect((await fetch(`${t.url}/api/audit`)).status).toBe(401);
  });

  it("shows only the caller's workspace", async () => {
    const pool = t.parley.store.db.pool;
    await pool.query(`INSERT INTO workspaces (id, name) VALUES ('audit-other', 'Other') ON CONFLICT DO NOTHING`);
    await pool.query(`INSERT INTO audit_log (workspace_id, user_id, action, target) VALUES ('audit-other', 'someone', 'sql.ran', 'secret-target'), (NULL, NULL, 'auth.sign_in_failed', 'nobody')`);
    const all = JSON.stringify((await audit('?limit=500')).data);
    expect(all).not.toContain('secret-target');
    expect(all).not.toContain('"target":"nobody"');
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('no route changes it: %s /api/audit and /api/audit/:id answer 404, and nothing changes', async (method) => {
    const before = (await audit('?limit=500')).data;
    for (const path of ['/api/audit', `/api/audit/${before[0].id}`]) {
      const res = await t.fetch(path, json(method, { action: 'forged', detail: {} }));
      expect(res.status).toBe(404);
    }
    expect((await audit('?limit=500')).data).toEqual(before);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in SQL itself; deleting a workspace still removes its rows', async () => {
    const pool = t.parley.store.db.pool;
    const id = (await newest('sql.ran')).id;
    for (const sql of [`UPDATE audit_log SET action = 'forged' WHERE id = ${id}`, `DELETE FROM audit_log WHERE id = ${id}`, 'DELETE FROM audit_log WHERE workspace_id IS NULL', 'TRUNCATE audit_log']) {
      await expect(pool.query(sql), sql).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('audit_log is append-only') });
    }
    expect((await newest('sql.ran')).id).toBe(id);

    await pool.query(`INSERT INTO workspaces (id, name) VALUES ('audit-gone', 'Gone')`);
    await pool.query(`INSERT INTO audit_log (workspace_id, action) VALUES ('audit-gone', 'x.done'), ('audit-gone', 'y.done')`);
    await pool.query(`DELETE FROM workspaces WHERE id = 'audit-gone'`);
    const left = await pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = 'audit-gone'`);
    expect(left.rows[0].n).toBe(0);
    // The rows of workspaces that remain were untouched by it.
    expect((await pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = 'audit-other'`)).rows[0].n).toBe(1);
  });
});
