import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlExecutionError } from '../../tools/sql/execute';
import { runGuardedQuery, DEFAULT_SQL_LIMITS } from '../../tools/sql/run-guarded';
import type { DataSourceHandle, ToolContext } from '../../tools/types';
import { freshDataDir, removeDir } from '../testing/databases';
import { openStore, type Store } from '../store/store';
import { createFileSessions, type FileSessions } from './file-sessions';
import { createUploads } from './uploads';
import { datasetPath } from './testing';

const log = pino({ level: 'silent' });
let store: Store;
let dataDir: string;
let sessions: FileSessions;
let handle: DataSourceHandle;
let conversationId: string;

beforeAll(async () => {
  dataDir = freshDataDir();
  store = await openStore({ dataDir });
  const uploads = createUploads({ pool: store.db.pool, dataDir, maxUploadBytes: 10 * 2 ** 20 });
  sessions = createFileSessions({ uploads, dataDir, log });
  const c = await store.conversations.create({ id: randomUUID(), workspaceId: 'local', userId: 'local', title: 'attacks' });
  conversationId = c.id;
  const u = await uploads.add({ workspaceId: 'local', userId: 'local', conversationId, name: 'supermarket_Sales.csv', bytes: readFileSync(datasetPath('plotly', 'supermarket_Sales.csv')) });
  await uploads.attach({ workspaceId: 'local', userId: 'local' }, conversationId, [u.id]);
  handle = (await sessions.handle('local', conversationId))!;
});
afterAll(async () => {
  await sessions?.close();
  await store?.close();
  removeDir(dataDir);
});

const ctx = () => ({ datasource: handle, signal: new AbortController().signal, log }) as unknown as ToolContext;

describe('model-written SQL on files: refused by the DuckDB guard', () => {
  it.each([
    ['read a server file with a table function', "SELECT * FROM read_csv('/etc/passwd')", 'sql:forbidden_function'],
    ['read a server file by path', "SELECT * FROM '/etc/passwd'", 'sql:unknown_table'],
    ['list server files', "SELECT * FROM glob('/etc/*')", 'sql:forbidden_function'],
    ['the lock bypass that crashes DuckDB, in a CTE', "WITH x AS (SELECT * FROM enable_logging(storage='file', storage_path='outside/x')) SELECT * FROM x", 'sql:forbidden_function'],
    ['run SQL from a string', "SELECT * FROM query('SELECT 1')", 'sql:forbidden_function'],
    ['read settings', "SELECT current_setting('memory_limit')", 'sql:forbidden_function'],
    ['read the environment', "SELECT getenv('HOME')", 'sql:forbidden_function'],
    ['read the catalog of settings', 'SELECT * FROM duckdb_settings()', 'sql:forbidden_function'],
    ['PRAGMA', 'PRAGMA version', 'sql:readonly_violation'],
    ['SET', "SET memory_limit = '100GB'", 'sql:readonly_violation'],
    ['ATTACH', "ATTACH ':memory:' AS x", 'sql:readonly_violation'],
    ['COPY out', "COPY supermarket_sales TO 'x.csv'", 'sql:readonly_violation'],
    ['INSTALL', 'INSTALL httpfs', 'sql:readonly_violation'],
    ['LOAD', 'LOAD excel', 'sql:readonly_violation'],
    ['two statements', 'SELECT 1; SELECT 2', 'sql:readonly_violation'],
    ['a table that is not a file', 'SELECT * FROM secrets', 'sql:unknown_table'],
    ['another catalog', 'SELECT * FROM system.main.duckdb_tables', 'sql:unknown_table'],
  ])('%s', async (_what, sql, code) => {
    const r = await runGuardedQuery(ctx(), sql, DEFAULT_SQL_LIMITS);
    expect(r).toMatchObject({ ok: false, code });
  });

  it('an ordinary question still runs: total by city, from the loaded table', async () => {
    const r = await runGuardedQuery(ctx(), 'SELECT city, round(sum(total)::numeric, 2) AS total FROM supermarket_sales GROUP BY city ORDER BY city', DEFAULT_SQL_LIMITS);
    expect(r.ok).toBe(true);
    const content = (r as { result: { content: { rows: unknown[][] } } }).result.content;
    expect(content.rows.map((x) => x[0])).toEqual(['Mandalay', 'Naypyitaw', 'Yangon']);
  });
});

describe('behind the guard: DuckDB itself is locked, and its crashes stay in the child', () => {
  it('the locked instance refuses file access even without the guard', async () => {
    const e = await handle.files!.query("SELECT * FROM read_csv('/etc/passwd')", { timeoutMs: 10_000, maxRows: 10 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SqlExecutionError);
    expect(String((e as Error).message)).toMatch(/Permission|disabled|external access/i);
  });

  it('a runaway query is interrupted at its timeout and the session answers again after', async () => {
    const e = await handle.files!.query('SELECT sum(a.total * b.total * c.total * d.total) FROM supermarket_sales a, supermarket_sales b, supermarket_sales c, supermarket_sales d', { timeoutMs: 300, maxRows: 10 }).catch((x: unknown) => x);
    expect(e, String((e as Error).message)).toBeInstanceOf(SqlExecutionError);
    expect((e as SqlExecutionError).kind).toBe('timeout');
    const r = await handle.files!.query('SELECT count(*) AS n FROM supermarket_sales', { timeoutMs: 10_000, maxRows: 10 });
    expect(Number(r.rows[0][0])).toBe(1000);
  });

  it('enable_logging to a denied path (which aborts the process that runs DuckDB) leaves the server up; the next question gets a new child', async () => {
    const before = sessions.pidOf(conversationId);
    await handle.files!.query("SELECT * FROM enable_logging(storage='file', storage_path='/nonexistent/parley')", { timeoutMs: 10_000, maxRows: 10 }).catch(() => undefined);
    // Whatever DuckDB did, the next queries land on a working engine (at most one failure while it is replaced).
    let answer: number | undefined;
    for (let i = 0; i < 3 && answer === undefined; i++) {
      answer = await handle
        .files!.query('SELECT count(*) FROM supermarket_sales', { timeoutMs: 10_000, maxRows: 10 })
        .then((r) => Number(r.rows[0][0]))
        .catch(() => undefined);
    }
    expect(answer).toBe(1000);
    expect(sessions.pidOf(conversationId)).not.toBe(before);
    expect(process.connected ?? true).toBe(true);
  });

  it('a killed child is replaced on the next question', async () => {
    const pid = sessions.pidOf(conversationId)!;
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    const h = (await sessions.handle('local', conversationId))!;
    const r = await h.files!.query('SELECT count(*) FROM supermarket_sales', { timeoutMs: 10_000, maxRows: 10 });
    expect(Number(r.rows[0][0])).toBe(1000);
    expect(sessions.pidOf(conversationId)).not.toBe(pid);
  });
});
