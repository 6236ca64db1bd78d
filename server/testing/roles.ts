import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TestRoleKind = 'read_only' | 'superuser' | 'owner' | 'insert';

/**
 * A login role on the TEST_DATABASE_URL server for one test, with a random name, able to read the
 * tables of every schema of `dbUrl` — and, by kind, more. Drop it after the database (roles are cluster-wide).
 */
export async function createTestRole(dbUrl: string, kind: TestRoleKind = 'read_only'): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `parley_role_${randomBytes(5).toString('hex')}`;
  const password = randomBytes(9).toString('hex');
  const db = new URL(dbUrl).pathname.slice(1);
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    await c.query(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'${kind === 'superuser' ? ' SUPERUSER' : ''}`);
    await c.query(`GRANT CONNECT ON DATABASE ${db} TO ${name}`);
    const { rows: schemas } = await c.query<{ s: string }>(
      `SELECT quote_ident(nspname) AS s FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg_temp_%' AND nspname NOT LIKE 'pg_toast_temp_%'`,
    );
    for (const { s } of schemas) await c.query(`GRANT USAGE ON SCHEMA ${s} TO ${name}; GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${name}`);
    if (kind === 'insert') await c.query(`GRANT INSERT ON ALL TABLES IN SCHEMA public TO ${name}`);
    if (kind === 'owner') {
      const { rows } = await c.query<{ t: string }>(`SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname = 'public'`);
      for (const r of rows) await c.query(`ALTER TABLE ${r.t} OWNER TO ${name}`);
    }
  } finally {
    await c.end();
  }
  const url = new URL(dbUrl);
  url.username = name;
  url.password = password;
  return {
    name,
    url: url.toString(),
    async drop() {
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(`DROP ROLE IF EXISTS ${name}`);
      } finally {
        await admin.end();
      }
    },
  };
}
