import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/store';
import { createTestDatabase, freshDataDir, removeDir, STORE_BACKENDS } from '../../server/testing/databases';
import type { CaseOutput } from '../types';
import { checkReadOnlySql } from './sql-check';
import { sqlResultEquals } from './sql';

const output = (sql: string): CaseOutput => ({
  turns: [{ user: 'q', runId: 'r', status: 'completed', text: '', toolCalls: [], artifacts: [], sql: [sql], usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, latencyMs: 1, events: [] }],
});

describe('read-only SQL check', () => {
  it.each([
    ['SELECT 1', true, ''],
    ['```sql\nSELECT region FROM sales ORDER BY region;\n```', true, ''],
    ['WITH t AS (SELECT 1 AS x) SELECT x FROM t', true, ''],
    ['DELETE FROM sales', false, /DELETE statement/],
    ['DROP TABLE sales', false, /DROP statement/],
    ['SELECT 1; DROP TABLE sales', false, /2 statements/],
    ['SELECT * INTO copy FROM sales', false, /INTO/],
    ['SELECT pg_sleep(10)', false, /pg_sleep/],
    ['SELEC 1', false, /does not parse/],
    ['  ', false, /empty/],
  ])('%j → %s', (sql, ok, reason) => {
    const r = checkReadOnlySql(sql);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.reason).toMatch(reason as RegExp);
  });

  it('sees a top-level ORDER BY, also after a UNION', () => {
    expect(checkReadOnlySql('SELECT a FROM t ORDER BY a')).toEqual({ ok: true, ordered: true });
    expect(checkReadOnlySql('SELECT a FROM t')).toEqual({ ok: true, ordered: false });
    expect(checkReadOnlySql('SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY 1')).toEqual({ ok: true, ordered: true });
  });
});

describe.each(STORE_BACKENDS)('sql-result-equals on %s', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (backend === 'postgres') {
      const db = await createTestDatabase();
      store = await openStore({ databaseUrl: db.url, dataDir: '' });
      cleanup = async () => {
        await store.close();
        await db.drop();
      };
    } else {
      const dir = freshDataDir();
      store = await openStore({ dataDir: dir });
      cleanup = async () => {
        await store.close();
        removeDir(dir);
      };
    }
    await store.db.pool.query(`CREATE TABLE sales (region text, amount numeric(10,2), sold_on date)`);
    await store.db.pool.query(`INSERT INTO sales VALUES ('Europe', 100.10, '2025-01-03'), ('Europe', 50, '2025-02-01'), ('Asia', 20.5, '2025-01-09')`);
  });
  afterAll(() => cleanup?.());

  const check = (produced: string, gold: string, extra: Record<string, unknown> = {}) =>
    sqlResultEquals.handle({ config: sqlResultEquals.config.parse({ gold, ...extra }), output: output(produced), env: { datasource: store.db.pool } });

  it.each([
    ['the same totals written differently', 'SELECT sum(amount) AS total, region FROM sales GROUP BY 2', 'SELECT region, sum(amount) FROM sales GROUP BY region', true, /columns reordered/],
    ['numeric strings against floats', 'SELECT region, sum(amount)::float8 FROM sales GROUP BY region', 'SELECT region, sum(amount) FROM sales GROUP BY region', true, /match/],
    ['unordered rows when the gold orders', 'SELECT region, sum(amount) FROM sales GROUP BY region ORDER BY region DESC', 'SELECT region, sum(amount) FROM sales GROUP BY region ORDER BY region', false, /row 1 is/],
    ['a wrong filter', "SELECT region, sum(amount) FROM sales WHERE sold_on < '2025-02-01' GROUP BY region", 'SELECT region, sum(amount) FROM sales GROUP BY region', false, /differ/],
    ['an unknown column in the produced SQL', 'SELECT regoin FROM sales', 'SELECT region FROM sales', false, /produced SQL failed on the datasource: column "regoin" does not exist/],
    ['a write in the produced SQL', 'DELETE FROM sales', 'SELECT region FROM sales', false, /produced SQL is a DELETE statement/],
  ])('%s', async (_, produced, gold, pass, reason) => {
    const r = await check(produced, gold);
    expect(r.pass).toBe(pass);
    expect(r.reason).toMatch(reason);
  });

  it('applies the tolerance to numbers', async () => {
    expect((await check('SELECT 100.1004', 'SELECT 100.1', { tolerance: 0.001 })).pass).toBe(true);
    expect((await check('SELECT 100.1004', 'SELECT 100.1')).pass).toBe(false);
  });

  it('leaves the data as it was', async () => {
    await check('DELETE FROM sales', 'SELECT 1');
    const { rows } = await store.db.pool.query('SELECT count(*)::int AS n FROM sales');
    expect(rows[0].n).toBe(3);
  });
});
