import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, STORE_BACKENDS } from '../testing/databases';
import { request, startTestParley, type TestParley } from '../testing/harness';
import { ask } from '../datasources/testing';
import { createTestRole } from '../testing/roles';

async function call(t: TestParley, method: string, path: string, body?: unknown) {
  const res = await t.fetch(`/api${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

describe.each(STORE_BACKENDS)('datasources REST API on %s', (backend) => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ backend, model: 'offline' });
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('lists the built-in demo warehouse', async () => {
    const r = await call(t, 'GET', '/datasources');
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual([expect.objectContaining({ id: 'demo', name: 'Demo warehouse', builtIn: true })]);
  });

  it.each([
    ['a missing name', { kind: 'postgres', url: 'postgres://x@127.0.0.1/db' }, 'name'],
    ['another kind', { name: 'x', kind: 'mysql', url: 'mysql://x' }, 'kind'],
    ['a URL that is not postgres', { name: 'x', kind: 'postgres', url: 'http://example.com' }, 'postgres://'],
  ])('refuses %s with a 400 naming the field', async (_n, body, mention) => {
    const r = await call(t, 'POST', '/datasources', body);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(mention);
  });

  it('refuses a database that cannot connect, naming the host but not the reason (that goes to the log), and saves nothing', async () => {
    const r = await call(t, 'POST', '/datasources', { name: 'broken', kind: 'postgres', url: 'postgres://someone:secret-pw@127.0.0.1:1/warehouse' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('datasource:unreachable');
    expect(r.body.error.message).toContain('127.0.0.1:1/warehouse');
    expect(r.body.error.message).toBe('Could not connect to 127.0.0.1:1/warehouse. Check the address, port, user and password. Nothing was saved.');
    expect(r.body.error.message).not.toContain('secret-pw');
    expect((await call(t, 'GET', '/datasources')).body.data).toHaveLength(1);
  });

  it('cannot delete the demo warehouse, and 404s an unknown id', async () => {
    expect((await call(t, 'DELETE', '/datasources/demo')).status).toBe(400);
    expect((await call(t, 'DELETE', '/datasources/nope')).status).toBe(404);
  });

  it('says which datasources exist when a chat names an unknown one', async () => {
    const s = await t.client();
    const ack = await request(s, 'chat:send', { text: 'total revenue', datasource: 'no-such-db' });
    expect(ack).toMatchObject({ error: { code: 'datasource:not_found' } });
    expect(JSON.stringify(ack)).toContain('Available: Demo warehouse');
  });

  it.runIf(process.env.TEST_DATABASE_URL)('connects a Postgres database: 201 with table count, sealed URL, questions answered, then deleted', async () => {
    const db = await createTestDatabase({ empty: true });
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(`CREATE TABLE regions (region_id int PRIMARY KEY, name text NOT NULL);
      CREATE TABLE sales (sale_id int PRIMARY KEY, region_id int REFERENCES regions, amount numeric(10,2), sold_on date);
      INSERT INTO regions VALUES (1, 'North'), (2, 'South');
      INSERT INTO sales SELECT g, 1 + g % 2, g * 1.5, DATE '2025-01-01' + g FROM generate_series(1, 100) g;`);
    await c.end();
    const role = await createTestRole(db.url);
    try {
      const r = await call(t, 'POST', '/datasources', { name: 'Sales DB', kind: 'postgres', url: role.url });
      expect(r.status).toBe(201);
      expect(r.body.data).toMatchObject({ name: 'Sales DB', tableCount: 2, builtIn: false, readOnlyRole: true });
      const list = await call(t, 'GET', '/datasources');
      expect(JSON.stringify(list.body)).not.toContain('postgres://');
      const stored = await t.parley.store.db.pool.query<{ url_encrypted: string }>('SELECT url_encrypted FROM datasources');
      expect(stored.rows[0].url_encrypted).not.toContain(new URL(db.url).pathname.slice(1));
      expect((await call(t, 'POST', '/datasources', { name: 'sales db', kind: 'postgres', url: role.url })).status).toBe(409);

      const a = await ask(t, 'total amount by region name', { datasource: 'Sales DB' });
      expect(a.table?.datasource).toBe('Sales DB');
      const byRegion = Object.fromEntries(a.table!.rows as [string, number][]);
      // 1.5 × (sum of even g) and 1.5 × (sum of odd g) for g in 1..100
      expect(byRegion).toEqual({ North: 3825, South: 3750 });

      expect((await call(t, 'DELETE', `/datasources/${r.body.data.id}`)).status).toBe(204);
      expect((await call(t, 'GET', '/datasources')).body.data).toHaveLength(1);
    } finally {
      await db.drop();
      await role.drop();
    }
  });
});
