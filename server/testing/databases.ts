import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../store/store';

/**
 * A fresh data folder, copied from the templates the test run made: the migrated store (pgdata/)
 * and the built demo warehouse (demo/, used by the PGlite and the server leg alike).
 */
export function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const template = process.env.PARLEY_TEST_TEMPLATE_DIR;
  if (template && existsSync(join(template, 'pgdata'))) cpSync(join(template, 'pgdata'), join(dir, 'pgdata'), { recursive: true });
  if (template && existsSync(join(template, 'demo', 'pgdata'))) {
    // The demo's own process makes its folder owner-only; a copy is made the same way.
    mkdirSync(join(dir, 'demo'), { mode: 0o700 });
    cpSync(join(template, 'demo', 'pgdata'), join(dir, 'demo', 'pgdata'), { recursive: true });
  }
  return dir;
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}

/** The store back-ends a suite should run against: PGlite always, a Postgres server when TEST_DATABASE_URL is set. */
export const STORE_BACKENDS: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** Creates a database on the TEST_DATABASE_URL server for one test (migrated, or `empty`); drop it with the returned function. */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  // A migrated template (made once by global-setup) is copied, not rebuilt.
  const template = opts.empty ? undefined : process.env.PARLEY_TEST_PG_TEMPLATE;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      break;
    } catch (e) {
      // 55006: the template is briefly in use by another copy; wait and retry.
      if ((e as { code?: string }).code !== '55006' || attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A migrated store of its own on this backend (a fresh PGlite folder, or a fresh database on the test server), and how to remove it. */
export async function openTestStore(backend: 'pglite' | 'postgres'): Promise<{ store: Store; cleanup(): Promise<void> }> {
  if (backend === 'postgres') {
    const db = await createTestDatabase();
    const store = await openStore({ databaseUrl: db.url, dataDir: freshDataDir() });
    return { store, cleanup: db.drop };
  }
  const dir = freshDataDir();
  return { store: await openStore({ dataDir: dir }), cleanup: async () => removeDir(dir) };
}
