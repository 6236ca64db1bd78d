import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../testing/databases';
import { startTestParley, type TestParley } from '../testing/harness';
import { createTestRole, type TestRoleKind } from '../testing/roles';

/**
 * Red team: registering a datasource as a hostile user would. Every attack must be refused
 * before a connection is tried (or, for the role, before anything is saved), and leave the
 * datasource list as it was.
 */

async function call(t: TestParley, method: string, path: string, body?: unknown) {
  const res = await t.fetch(`/api${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}
const register = (t: TestParley, url: string, extra: Record<string, unknown> = {}) => call(t, 'POST', '/datasources', { name: `ds-${Math.random().toString(36).slice(2, 8)}`, kind: 'postgres', url, ...extra });
const listed = async (t: TestParley) => (await call(t, 'GET', '/datasources')).body.data as { id: string; name: string; readOnlyRole?: boolean }[];

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('datasource registration attacks', () => {
  let t: TestParley;
  let garbage: Server;
  let garbagePort: number;
  const sockets = new Set<Socket>();
  let dir: string;
  beforeAll(async () => {
    t = await startTestParley({ model: 'offline' });
    // An open port that is not Postgres: answers anything with an HTTP error and hangs up.
    garbage = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
    garbagePort = (garbage.address() as { port: number }).port;
    dir = mkdtempSync(join(tmpdir(), 'parley-redteam-'));
  });
  afterAll(async () => {
    await t?.destroy();
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => garbage?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['sslrootcert', '/etc/passwd'],
    ['sslcert', '/etc/hostname'],
    ['sslkey', '/etc/ssl/private/server.key'],
    ['sslcrl', '/etc/passwd'],
    ['passfile', '/etc/parley.pgpass'],
    ['service', 'prod'],
    ['options', '-c default_transaction_read_only=off'],
  ])('refuses the file or session parameter %s by name, and saves nothing', async (param, value) => {
    const before = await listed(t);
    const r = await register(t, `postgres://u:p@127.0.0.1:${garbagePort}/db?${param}=${encodeURIComponent(value)}`);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'datasource:invalid_url' });
    expect(r.body.error.message).toContain(`"${param}"`);
    expect(await listed(t)).toEqual(before);
  });

  it('never opens the file: sslrootcert naming a FIFO (which would block a synchronous read forever) is refused at once', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await register(t, `postgres://u:p@127.0.0.1:${garbagePort}/db?sslrootcert=${encodeURIComponent(fifo)}`);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('"sslrootcert"');
    // The server still answers: nothing is stuck reading the FIFO.
    expect((await call(t, 'GET', '/datasources')).status).toBe(200);
  }, 20_000);

  it('a nonexistent sslkey path is refused for the parameter, not for the missing file', async () => {
    const r = await register(t, `postgres://u:p@127.0.0.1:${garbagePort}/db?sslkey=${encodeURIComponent(join(dir, 'nope.key'))}`);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('"sslkey"');
    expect(r.body.error.message).not.toMatch(/ENOENT|no such file/i);
  });

  it.each([
    ['a %2F-encoded unix socket host', 'postgres://u@%2Fvar%2Frun%2Fpostgresql/db', 'datasource:invalid_url'],
    ['a host= unix socket in the query', `postgres://u@127.0.0.1:${5432}/db?host=/tmp`, 'datasource:invalid_url'],
    ['an empty host (unix socket by default)', 'postgres://u@/db', 'datasource:invalid_url'],
    ['0.0.0.0', 'postgres://u@0.0.0.0:5432/db', 'datasource:host_not_allowed'],
    ['[::]', 'postgres://u@[::]:5432/db', 'datasource:host_not_allowed'],
    ['0x0 (hex for 0.0.0.0)', 'postgres://u@0x0:5432/db', 'datasource:host_not_allowed'],
    ['0 (decimal for 0.0.0.0)', 'postgres://u@0:5432/db', 'datasource:host_not_allowed'],
  ])('refuses %s before connecting, and saves nothing', async (_n, url, code) => {
    const before = await listed(t);
    const r = await register(t, url);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    expect(await listed(t)).toEqual(before);
  });

  it('refuses a certificate field that is a file name instead of PEM text', async () => {
    const r = await register(t, `postgres://u:p@127.0.0.1:${garbagePort}/db`, { ssl: { ca: '/etc/ssl/certs/ca-certificates.crt' } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('PEM');
  });

  /** Every failure to connect, with the target named in it replaced, must read the same. */
  async function failure(url: string) {
    const r = await register(t, url);
    const display = new URL(url).host + new URL(url).pathname;
    expect(r.body.error.message).toContain(display);
    return { status: r.status, code: r.body.error.code, message: r.body.error.message.replace(display, '<target>') };
  }

  it('cannot be used as a port scanner: a closed port, an open non-Postgres port and a refused login read the same', async () => {
    const results = [
      await failure(`postgres://u:pw@127.0.0.1:${await closedPort()}/warehouse`),
      await failure(`postgres://u:pw@127.0.0.1:${garbagePort}/warehouse`),
    ];
    if (process.env.TEST_DATABASE_URL) {
      // The test server trusts every local login, so a wrong password cannot fail there: an unknown user and an unknown database are the login failures it can show.
      const server = new URL(process.env.TEST_DATABASE_URL);
      results.push(await failure(`postgres://no_such_user_${Date.now()}:pw@${server.host}/postgres`));
      results.push(await failure(`postgres://postgres:pw@${server.host}/no_such_db_${Date.now()}`));
    }
    for (const r of results) expect(r).toEqual({ status: 400, code: 'datasource:unreachable', message: 'Could not connect to <target>. Check the address, port, user and password. Nothing was saved.' });
    expect(await listed(t)).toHaveLength(1);
  });

  describe('with PARLEY_DATASOURCE_HOSTS', () => {
    let limited: TestParley;
    beforeAll(async () => {
      limited = await startTestParley({ model: 'offline', env: { PARLEY_DATASOURCE_HOSTS: 'db.internal.example, *.warehouse.example' } });
    });
    afterAll(async () => {
      await limited?.destroy();
    });

    it.each([`postgres://u:p@127.0.0.1:${5432}/db`, 'postgres://u:p@localhost/db', 'postgres://u:p@evil.example/db', 'postgres://u:p@warehouse.example/db'])('refuses %s, a host not in the list', async (url) => {
      const r = await register(limited, url);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('datasource:host_not_allowed');
      expect(r.body.error.message).not.toContain('db.internal.example');
      expect(await listed(limited)).toHaveLength(1);
    });
  });

  describe.runIf(process.env.TEST_DATABASE_URL)('the connecting role (Postgres server)', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    const roles: { drop(): Promise<void> }[] = [];
    beforeAll(async () => {
      db = await createTestDatabase({ empty: true });
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      await c.query(`CREATE TABLE orders (id int PRIMARY KEY, amount numeric); INSERT INTO orders VALUES (1, 10), (2, 20);`);
      await c.end();
    });
    afterAll(async () => {
      await db?.drop();
      for (const r of roles) await r.drop();
    });
    const role = async (kind: TestRoleKind) => {
      const r = await createTestRole(db.url, kind);
      roles.push(r);
      return r;
    };

    it('refuses the postgres superuser, saying so and pointing to the README, and saves nothing', async () => {
      const before = await listed(t);
      const r = await register(t, db.url);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('datasource:role_not_read_only');
      expect(r.body.error.message).toContain('is a superuser');
      expect(r.body.error.message).toContain('README');
      expect(await listed(t)).toEqual(before);
    });

    it.each([
      ['superuser', 'is a superuser'],
      ['owner', 'owns 1 table (public.orders)'],
      ['insert', 'may INSERT, UPDATE, DELETE or TRUNCATE 1 table (public.orders)'],
    ] as const)('refuses a %s role, naming what it found', async (kind, found) => {
      const r = await register(t, (await role(kind)).url);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'datasource:role_not_read_only' });
      expect(r.body.error.message).toContain(found);
    });

    it('accepts a read-only role, listed as readOnlyRole: true', async () => {
      const r = await register(t, (await role('read_only')).url);
      expect(r.status).toBe(201);
      expect(r.body.data).toMatchObject({ tableCount: 1, readOnlyRole: true });
      expect((await listed(t)).find((d) => d.id === r.body.data.id)).toMatchObject({ readOnlyRole: true });
      expect((await call(t, 'DELETE', `/datasources/${r.body.data.id}`)).status).toBe(204);
    });

    it('lets a writable role through only with allowWritableRole: true, and lists it as readOnlyRole: false', async () => {
      const r = await register(t, (await role('insert')).url, { allowWritableRole: true });
      expect(r.status).toBe(201);
      expect((await listed(t)).find((d) => d.id === r.body.data.id)).toMatchObject({ readOnlyRole: false });
      expect((await call(t, 'DELETE', `/datasources/${r.body.data.id}`)).status).toBe(204);
    });

    it('refuses a superuser datasource stored before the role check on first use, with the same clear message', async () => {
      // Stored as the registry used to store it: the bare URL, sealed.
      const { seal } = await import('../datasources/secret-box');
      const { loadSecretKey } = await import('../secrets');
      await t.parley.store.db.pool.query(`INSERT INTO datasources (id, workspace_id, name, kind, url_encrypted, display) VALUES ('legacy-su', 'local', 'Legacy', 'postgres', $1, 'legacy')`, [
        seal(loadSecretKey(t.config), db.url),
      ]);
      try {
        const { ask } = await import('../datasources/testing');
        const a = await ask(t, 'how many orders', { datasource: 'Legacy' }).catch((e: Error) => ({ text: e.message }));
        expect(a.text).toContain('datasource:role_not_read_only');
        expect(a.text).toContain('is a superuser');
      } finally {
        await t.parley.store.db.pool.query(`DELETE FROM datasources WHERE id = 'legacy-su'`);
      }
    });
  });
});
