import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSourceHandle, SqlClient, SqlRunHooks, SqlRunRecord, ToolContext } from '../types';
import { DEFAULT_SQL_LIMITS, runGuardedQuery } from './run-guarded';

/** Hooks that record what the tool reported and admit the first `allow` statements. */
function hooks(allow = Infinity) {
  const records: SqlRunRecord[] = [];
  let admitted = 0;
  const h: SqlRunHooks = {
    async admit() {
      if (admitted >= allow) return { ok: false, code: 'rate_limited', message: 'You have reached the limit of 1 SQL queries per minute. Try again in 30 seconds.' };
      admitted++;
      return { ok: true };
    },
    async record(r) {
      records.push(r);
    },
  };
  return { h, records };
}

describe('runGuardedQuery reports every statement to the server hooks', () => {
  let lite: PGlite;
  let pool: pg.Pool;
  let ds: DataSourceHandle;
  const ctx = (sqlRuns?: SqlRunHooks): ToolContext => ({
    workspaceId: 'w',
    userId: 'u',
    conversationId: 'c',
    runId: 'r',
    callId: 'k',
    question: 'q',
    datasource: ds,
    artifacts: { get: async () => undefined, latest: async () => undefined },
    signal: new AbortController().signal,
    progress: () => undefined,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: () => new Date(),
    sqlRuns,
  });

  beforeAll(async () => {
    lite = new PGlite();
    pool = new pg.Pool(createPgConfig(lite) as unknown as pg.PoolConfig);
    await pool.query('CREATE SCHEMA shop; CREATE TABLE shop.items (id int PRIMARY KEY, label text); INSERT INTO shop.items SELECT g, \'item \' || g FROM generate_series(1, 7) g');
    // One connection per query, as the server's datasources hold them.
    const session = async <T>(fn: (c: SqlClient) => Promise<T>) => {
      const c = await pool.connect();
      try {
        return await fn(c as unknown as SqlClient);
      } finally {
        c.release();
      }
    };
    ds = { id: 'ds1', name: 'Shop', kind: 'postgres', schemas: ['shop'], sql: pool as unknown as SqlClient, session };
  });
  afterAll(async () => {
    await pool?.end();
    await lite?.close();
  });

  it('records a statement that ran with its rows and duration', async () => {
    const { h, records } = hooks();
    const out = await runGuardedQuery(ctx(h), 'SELECT id, label FROM items WHERE id > 2', DEFAULT_SQL_LIMITS);
    expect(out.ok).toBe(true);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ ok: true, rows: 5 });
    expect(records[0].statement).toContain('FROM items WHERE id > 2');
    expect(records[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records a statement the guard refused, as written, and never admits it (it does not count)', async () => {
    const { h, records } = hooks(0);
    const out = await runGuardedQuery(ctx(h), 'DELETE FROM items', DEFAULT_SQL_LIMITS);
    expect(out.ok).toBe(false);
    expect(records).toEqual([{ statement: 'DELETE FROM items', ok: false, code: (out as { code: string }).code }]);
    expect((out as { code: string }).code).not.toBe('rate_limited');
  });

  it('records a database error with its code', async () => {
    const { h, records } = hooks();
    const out = await runGuardedQuery(ctx(h), "SELECT id::int / (label = 'x')::int FROM items", DEFAULT_SQL_LIMITS);
    expect(out).toMatchObject({ ok: false, code: 'sql:database_error' });
    expect(records).toEqual([expect.objectContaining({ ok: false, code: 'sql:database_error' })]);
  });

  it('does not run a statement over the limit: the refusal, for the model and for people, says when to retry', async () => {
    const { h, records } = hooks(1);
    expect((await runGuardedQuery(ctx(h), 'SELECT count(*) FROM items', DEFAULT_SQL_LIMITS)).ok).toBe(true);
    const out = await runGuardedQuery(ctx(h), 'SELECT count(*) FROM items', DEFAULT_SQL_LIMITS);
    expect(out).toMatchObject({ ok: false, code: 'rate_limited', retry: false, userError: expect.stringContaining('Try again in 30 seconds') });
    expect(records.map((r) => [r.ok, r.code])).toEqual([
      [true, undefined],
      [false, 'rate_limited'],
    ]);
    expect(records[1].rows).toBeUndefined();
  });

  it('runs as before without hooks (tool tests, evals)', async () => {
    expect((await runGuardedQuery(ctx(), 'SELECT 1 AS one', DEFAULT_SQL_LIMITS)).ok).toBe(true);
  });
});
