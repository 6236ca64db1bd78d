import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import pino from 'pino';
import { createTestDatabase } from '../testing/databases';
import { createTestRole } from '../testing/roles';
import { clientConfig, parseConnectionUrl } from './connection-url';
import { DATASOURCE_MAX_SESSIONS, DATASOURCE_POOL_SIZE, serverSessions, type Session } from './server-session';

/** Sessions on a real Postgres server, through the handle's session directly (no SQL guard in the way). */
describe.runIf(process.env.TEST_DATABASE_URL)('server datasource sessions', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let role: Awaited<ReturnType<typeof createTestRole>>;
  let pool: pg.Pool;
  let session: Session;
  let admin: pg.Client;
  const tag = `parley-session-test-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    role = await createTestRole(db.url);
    const config = clientConfig(parseConnectionUrl(role.url), undefined, 5_000);
    pool = new pg.Pool({ ...config, max: DATASOURCE_POOL_SIZE });
    session = serverSessions({ pool, config, name: 'Sales DB', datasourceId: 'ds-test', log: pino({ level: 'silent' }), graceMs: 500 });
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await pool?.end();
    await admin?.end();
    await db?.drop();
    await role?.drop();
  });

  const sleepers = async () =>
    (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND query LIKE $2 AND state = 'active'`, [role.name, `%${tag}%`])).rows[0].n;
  const sleepSql = `SELECT pg_sleep(30) /* ${tag} */`;

  async function until(pred: () => Promise<boolean>, what: string) {
    for (let i = 0; i < 100; i++) {
      if (await pred()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('an aborted signal stops the query on the database, and the session rejects with the abort reason', async () => {
    const ac = new AbortController();
    const run = session((c) => c.query(sleepSql), { signal: ac.signal });
    run.catch(() => undefined);
    await until(async () => (await sleepers()) === 1, 'the sleep to start');
    ac.abort(new Error('cancelled by the user'));
    await expect(run).rejects.toThrow('cancelled by the user');
    await until(async () => (await sleepers()) === 0, 'pg_stat_activity to show no sleep');
    // The pool still works afterwards (the cancelled connection was not handed back).
    expect((await session((c) => c.query<{ one: number }>('SELECT 1 AS one'))).rows[0].one).toBe(1);
  });

  it('a session past timeoutMs + grace is stopped on the database even without statement_timeout', async () => {
    const run = session((c) => c.query(sleepSql), { timeoutMs: 200 });
    await expect(run).rejects.toMatchObject({ code: '57014' });
    expect(await sleepers()).toBe(0);
  });

  it(`answers the question after ${DATASOURCE_MAX_SESSIONS} running ones with datasource:busy at once, and frees the slots when they end`, async () => {
    const ac = new AbortController();
    const running = Array.from({ length: DATASOURCE_MAX_SESSIONS }, () => session((c) => c.query(sleepSql), { signal: ac.signal }));
    running.forEach((r) => r.catch(() => undefined));
    await until(async () => (await sleepers()) === DATASOURCE_MAX_SESSIONS, 'all sleeps to start');
    await expect(session((c) => c.query('SELECT 1'))).rejects.toMatchObject({ code: 'datasource:busy', status: 503, userMessage: expect.stringContaining('Sales DB is busy') });
    ac.abort();
    await Promise.allSettled(running);
    await until(async () => (await sleepers()) === 0, 'the sleeps to stop');
    expect((await session((c) => c.query<{ one: number }>('SELECT 1 AS one'))).rows[0].one).toBe(1);
  });

  it('refuses to start when the signal is already aborted, without taking a connection', async () => {
    const ac = new AbortController();
    ac.abort(new Error('already gone'));
    let ran = false;
    await expect(
      session(async (c) => {
        ran = true;
        return c.query('SELECT 1');
      }, { signal: ac.signal }),
    ).rejects.toThrow('already gone');
    expect(ran).toBe(false);
  });
});
