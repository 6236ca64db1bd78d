// Red team (issue 12, point 3): the demo warehouse shared the store's database and its one embedded
// session, so a question about it could read Parley's own tables, and a heavy query froze the whole
// server. Each case is an attack as a client would make it, through the running server.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SqlExecutionError } from '../../tools/sql/execute';
import { defineTool, type ParleyTool } from '../../tools/types';
import { ask, demoHandle } from '../datasources/testing';
import { freshDataDir, removeDir, STORE_BACKENDS } from '../testing/databases';
import { recordEvents, request, sendOk, startTestParley, type TestParley } from '../testing/harness';

/** A cross join whose size the planner cannot see (generate_series over a subquery): ~4·10⁸ rows, minutes on PGlite. */
const HEAVY = 'SELECT count(*) FROM generate_series(1, (SELECT 20000)) a, generate_series(1, (SELECT 20000)) b';
/** A recursive CTE the planner costs at a few rows; it counts to 10⁹. */
const RECURSIVE = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1000000000) SELECT count(*) FROM r';

/** The demo processes this test process started (its children running demo-process.ts). */
function demoPids(): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are no children
  }
  return out
    .split('\n')
    .filter((l) => l.includes('demo-process'))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function timed(t: Pick<TestParley, 'fetch'>, path: string) {
  const t0 = performance.now();
  const res = await t.fetch(path);
  return { status: res.status, ms: performance.now() - t0 };
}

/** Scripts one agent turn calling run_sql with `sql`, then the final words. */
function scriptRunSql(t: TestParley, sql: string) {
  t.mock!.enqueue({ toolCalls: [{ name: 'run_sql', args: { sql } }] });
  t.mock!.enqueue({ text: 'Here is what I found.' });
}

/**
 * A tool for this test only: runs RECURSIVE on the datasource's session with the run's signal,
 * the path every SQL tool takes after the guard. The SQL guard now refuses WITH RECURSIVE, so this
 * is how a query the guard cannot foresee (a planner misestimate) is simulated.
 */
const hostileTool = defineTool({
  name: 'hostile_sql',
  description: 'Runs a runaway query on the datasource (test only).',
  schema: z.object({}),
  async run(_input, ctx) {
    await ctx.datasource.session!((c) => c.query(RECURSIVE), { signal: ctx.signal, timeoutMs: 15_000 });
    return { ok: true, summary: 'finished' };
  },
}) as ParleyTool;

const REGION_SQL = 'SELECT region, count(*) AS n FROM customers GROUP BY region ORDER BY region';

describe.each(STORE_BACKENDS)('the demo warehouse is isolated from Parley (store on %s)', (backend) => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ backend, configure: (deps) => ({ ...deps, tools: [...(deps.tools ?? []), hostileTool] }) });
    await (await demoHandle(t)).sql.query('SELECT 1'); // the demo process is up before the attacks
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('cannot name Parley\'s own tables: they do not exist in the demo database', async () => {
    const demo = await demoHandle(t);
    for (const table of ['public.messages', 'messages', 'conversations', 'datasources', 'checkpoints', 'schema_migrations']) {
      await expect(demo.sql.query(`SELECT count(*) FROM ${table}`), table).rejects.toThrow(/does not exist/);
    }
    const { rows } = await demo.sql.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relname IN ('messages', 'conversations', 'datasources', 'checkpoints', 'run_events', 'users', 'schema_migrations')`,
    );
    expect(rows).toEqual([]);
    // And the store no longer has the demo.
    const store = await t.parley.store.db.pool.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'demo'`);
    expect(store.rowCount).toBe(0);
  });

  it('runs questions as a role that cannot write, with temp files capped', async () => {
    const demo = await demoHandle(t);
    const { rows } = await demo.sql.query<{ u: string; limit: string }>(`SELECT current_user AS u, current_setting('temp_file_limit') AS limit`);
    expect(rows[0]).toEqual({ u: 'parley_demo_reader', limit: '256MB' });
    await expect(demo.sql.query('CREATE TEMP TABLE x (a int)')).rejects.toThrow(/permission denied/);
    await expect(demo.sql.query('DELETE FROM demo.payouts')).rejects.toThrow(/permission denied/);
  });

  it('answers /healthz and the REST API within a second while a hostile query runs, then kills it past its timeout and restarts', async () => {
    const demo = await demoHandle(t);
    const [before] = demoPids();
    expect(before).toBeGreaterThan(0);
    const hostile = demo.session!((c) => c.query(HEAVY), { timeoutMs: 3_000 });
    hostile.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500)); // the query is running in the demo process
    const health = await timed(t, `/healthz`);
    const rest = await timed(t, `/api/conversations`);
    expect(health.status).toBe(200);
    expect(rest.status).toBe(200);
    expect(health.ms).toBeLessThan(1_000);
    expect(rest.ms).toBeLessThan(1_000);
    const err = await hostile.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(SqlExecutionError);
    expect(err).toMatchObject({ kind: 'timeout' });
    expect(alive(before)).toBe(false);
    // The next question gets a fresh process and its answer.
    scriptRunSql(t, REGION_SQL);
    const a = await ask(t, 'customers per region');
    expect(a.finished).toMatchObject({ ok: true });
    expect(a.table!.rows.map((r) => r[0])).toEqual(['APAC', 'Europe', 'LATAM', 'North America']);
    const [after] = demoPids();
    expect(after).toBeGreaterThan(0);
    expect(after).not.toBe(before);
  });

  it('kills an unbounded recursive CTE on the demo past its timeout', async () => {
    const demo = await demoHandle(t);
    await demo.sql.query('SELECT 1');
    const [before] = demoPids();
    await expect(demo.session!((c) => c.query(RECURSIVE), { timeoutMs: 1_000 })).rejects.toMatchObject({ kind: 'timeout' });
    expect(alive(before)).toBe(false);
    expect((await demo.sql.query<{ n: string }>('SELECT count(*) AS n FROM demo.products')).rows[0].n).toBe('120');
  });

  it('tells a second question the demo is busy instead of hanging while one runs', async () => {
    const demo = await demoHandle(t);
    const hostile = demo.session!((c) => c.query(HEAVY), { timeoutMs: 20_000 });
    hostile.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    // Waits the queue's few seconds, then is refused with a message a person can act on.
    await expect(demo.sql.query('SELECT 1')).rejects.toMatchObject({ code: 'datasource:busy', status: 503, userMessage: expect.stringMatching(/busy.*try again/) });
    await expect(hostile).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('stops the query on the demo when the run is cancelled (chat:cancel)', async () => {
    await (await demoHandle(t)).sql.query('SELECT 1');
    const [before] = demoPids();
    // Only ending the process stops a query running inside PGlite.
    t.mock!.enqueue({ toolCalls: [{ name: 'hostile_sql', args: {} }] });
    t.mock!.enqueue({ text: 'Done.' });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'count to a billion' });
    await rec.waitFor((e) => e.runId === ack.data.runId && e.type === 'tool:started');
    await new Promise((r) => setTimeout(r, 700));
    const cancelled = await request(s, 'chat:cancel', { runId: ack.data.runId });
    expect(cancelled).toMatchObject({ data: { cancelled: true } });
    const end = await rec.terminal(ack.data.runId);
    expect(end.type).toBe('run:cancelled');
    // Well before the 15 s timeout, the process running the query is gone.
    for (let i = 0; i < 50 && alive(before); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(before)).toBe(false);
    expect((await (await demoHandle(t)).sql.query<{ n: string }>('SELECT count(*) AS n FROM demo.products')).rows[0].n).toBe('120');
  });
});

describe.each(STORE_BACKENDS)('the demo warehouse on start (store on %s)', (backend) => {
  it('removes temp files a killed query left behind, and keeps the data', async () => {
    const dataDir = freshDataDir();
    const tmp = join(dataDir, 'demo', 'pgdata', 'base', 'pgsql_tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'pgsql_tmp4242.0'), Buffer.alloc(1 << 20));
    const t = await startTestParley({ backend, reuse: { dataDir } });
    try {
      scriptRunSql(t, REGION_SQL);
      const a = await ask(t, 'customers per region');
      expect(a.finished).toMatchObject({ ok: true });
      expect(a.table!.rows).toHaveLength(4);
      expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
    } finally {
      await t.destroy();
      removeDir(dataDir);
    }
  });
});
