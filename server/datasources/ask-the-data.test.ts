import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE_NOTICE } from '../../agent/models/index';
import { STORE_BACKENDS } from '../testing/databases';
import { startTestParley, type TestParley } from '../testing/harness';
import { ask, demoHandle } from './testing';

/** Independent reference numbers, computed straight from the demo warehouse (not through the agent). */
async function lastMonthRevenueByRegion(t: TestParley): Promise<Map<string, number>> {
  const { rows } = await (await demoHandle(t)).sql.query<{ region: string; total: string }>(
    `SELECT c.region, sum(l.revenue) AS total
       FROM demo.order_lines l JOIN demo.orders o USING (order_id) JOIN demo.customers c USING (customer_id)
      WHERE o.order_date >= date_trunc('month', current_date) - interval '1 month' AND o.order_date < date_trunc('month', current_date)
      GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.region, Number(r.total)]));
}

describe.each(STORE_BACKENDS)('asking the demo warehouse offline on %s', (backend) => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ backend, model: 'offline' });
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('has a demo warehouse with two years of daily history and at least 100k order lines', async () => {
    const { rows } = await (await demoHandle(t)).sql.query<{ lines: string; days: string; first: string; last: string }>(
      `SELECT (SELECT count(*) FROM demo.order_lines) AS lines, (SELECT count(DISTINCT order_date) FROM demo.orders) AS days,
              (SELECT min(order_date)::text FROM demo.orders) AS first, (SELECT max(order_date)::text FROM demo.orders) AS last`,
    );
    expect(Number(rows[0].lines)).toBeGreaterThanOrEqual(100_000);
    expect(Number(rows[0].days)).toBeGreaterThanOrEqual(729);
    // Deterministic: the same first start builds the same numbers.
    const again = await (await demoHandle(t)).sql.query(`SELECT sum(revenue)::text AS s FROM demo.order_lines WHERE order_id <= 1000`);
    expect(again.rows[0].s).toMatch(/^\d+\.\d{2}$/);
  });

  it('answers "total revenue by region last month" with a table that matches the data, and the SQL', async () => {
    const a = await ask(t, 'What was total revenue by region last month?');
    expect(a.events.find((e) => e.type === 'tool:started')).toMatchObject({ name: 'query_data' });
    expect(a.finished).toMatchObject({ ok: true });
    const table = a.table!;
    expect(table.columns.map((c) => c.name)).toEqual(['region', 'total_revenue']);
    expect(table.columns[1]).toMatchObject({ kind: 'number', unit: 'currency', dbType: 'numeric' });
    expect(table.datasource).toBe('Demo warehouse');
    expect(table.truncated).toBe(false);
    expect(table.sql).toMatch(/JOIN demo\.customers/);
    const want = await lastMonthRevenueByRegion(t);
    expect(table.rowCount).toBe(want.size);
    for (const [region, total] of table.rows as [string, number][]) expect(total).toBeCloseTo(want.get(region)!, 2);
    expect(a.text).toContain(OFFLINE_NOTICE);
    expect(a.text).toContain('```sql');
    expect(a.text).toContain('I read this as the total of order_lines.revenue, by customers.region');
  });

  it('builds a follow-up ("only Europe") on the conversation\'s previous query', async () => {
    const first = await ask(t, 'total revenue by region last month');
    const follow = await ask(t, 'only Europe', { conversationId: first.conversationId });
    expect(follow.finished).toMatchObject({ ok: true });
    const want = await lastMonthRevenueByRegion(t);
    expect(follow.table!.rows).toHaveLength(1);
    expect(follow.table!.rows[0][0]).toBe('Europe');
    expect(follow.table!.rows[0][1]).toBeCloseTo(want.get('Europe')!, 2);
    expect(follow.table!.question).toContain('total revenue by region last month');
    const byMonth = await ask(t, 'now by month', { conversationId: first.conversationId });
    expect(byMonth.table!.columns[0].name).toBe('month');
    expect(byMonth.table!.sql).toContain("region = 'Europe'");
  });

  it('answers top N along foreign keys (order lines → products)', async () => {
    const a = await ask(t, 'top 3 products by revenue last year');
    expect(a.table!.rows).toHaveLength(3);
    const values = a.table!.rows.map((r) => r[1] as number);
    expect([...values].sort((x, y) => y - x)).toEqual(values);
    const { rows } = await (await demoHandle(t)).sql.query<{ name: string }>(
      `SELECT p.name FROM demo.order_lines l JOIN demo.orders o USING (order_id) JOIN demo.products p USING (product_id)
        WHERE o.order_date >= date_trunc('year', current_date) - interval '1 year' AND o.order_date < date_trunc('year', current_date) GROUP BY p.name ORDER BY sum(l.revenue) DESC LIMIT 3`,
    );
    expect(a.table!.rows.map((r) => r[0])).toEqual(rows.map((r) => r.name));
  });

  it('says what it understood and asks to rephrase instead of guessing', async () => {
    const a = await ask(t, 'show me the vibes by region');
    expect(a.table).toBeUndefined();
    expect(a.text).toContain('I could not tell which number to compute');
    expect(a.text).toMatch(/rephrase/);
  });

  it('runs SQL the user writes through the guard, and refuses writes', async () => {
    const ok = await ask(t, 'SELECT segment, count(*) AS n FROM customers GROUP BY segment ORDER BY segment');
    expect(ok.events.find((e) => e.type === 'tool:started')).toMatchObject({ name: 'run_sql' });
    expect(ok.table!.rows.map((r) => r[0])).toEqual(['consumer', 'enterprise', 'small business']);
    const bad = await ask(t, 'WITH x AS (SELECT 1) SELECT * FROM public.conversations');
    expect(bad.finished).toMatchObject({ ok: false });
    expect(bad.finished!.error).toContain('outside this datasource');
  });
});
