import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { DataSourceHandle, SqlClient } from '../types';
import { executeReadOnly, SqlExecutionError } from './execute';

const BACKENDS = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

describe.each(BACKENDS)('executeReadOnly on %s', (backend) => {
  let pool: pg.Pool;
  let lite: PGlite | undefined;
  let ds: DataSourceHandle;
  beforeAll(async () => {
    if (backend === 'pglite') {
      lite = new PGlite();
      pool = new pg.Pool(createPgConfig(lite));
    } else pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 2 });
    const session = async <T>(fn: (c: SqlClient) => Promise<T>) => {
      const c = await pool.connect();
      try {
        return await fn(c as unknown as SqlClient);
      } finally {
        c.release();
      }
    };
    ds = { id: 't', name: 't', kind: 'postgres', schemas: ['public'], sql: pool as unknown as SqlClient, session };
  });
  afterAll(async () => {
    await pool?.end();
    await lite?.close();
  });

  it('lets Postgres itself refuse a second statement that got past any guard (extended protocol)', async () => {
    const err = await executeReadOnly(ds, 'SELECT 1; SELECT 2', { timeoutMs: 5000, maxRows: 10 }).catch((e) => e);
    expect(err).toBeInstanceOf(SqlExecutionError);
    expect(err.message).toContain('cannot insert multiple commands into a prepared statement');
  });

  it('refuses the \\\' bypass even without the guard: COMMIT never runs', async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS public.kept (a int)');
    await pool.query('TRUNCATE public.kept; INSERT INTO public.kept VALUES (1)');
    await executeReadOnly(ds, "SELECT '\\' ; COMMIT; DELETE FROM public.kept; SELECT 1 --'", { timeoutMs: 5000, maxRows: 10 }).catch(() => undefined);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM public.kept');
    expect(rows[0].n).toBe(1);
  });

  it('runs a plain query and stops waiting when the run is cancelled', async () => {
    const ok = await executeReadOnly(ds, 'SELECT 41 + 1 AS x', { timeoutMs: 5000, maxRows: 10 });
    expect(ok.rows).toEqual([[42]]);
    const ac = new AbortController();
    ac.abort();
    const err = await executeReadOnly(ds, 'SELECT 1', { timeoutMs: 5000, maxRows: 10, signal: ac.signal }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'cancelled' });
  });

  it('passes the signal and the timeout to the datasource session', async () => {
    const seen: unknown[] = [];
    const ac = new AbortController();
    const spy: DataSourceHandle = { ...ds, session: (fn, opts) => (seen.push(opts), ds.session!(fn)) };
    await executeReadOnly(spy, 'SELECT 1', { timeoutMs: 1234, maxRows: 10, signal: ac.signal });
    expect(seen).toEqual([{ signal: ac.signal, timeoutMs: 1234 }]);
  });
});
