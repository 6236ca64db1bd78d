import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, demoQuery } from '../datasources/testing';
import { startTestParley, type TestParley } from '../testing/harness';

/**
 * Every lookup kind through the offline planner on the demo warehouse, each answer checked
 * against SQL written here by hand (a different query from the tool's template, the same
 * meaning). Dates are relative to today, as the demo's data is.
 */
const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const today = iso(new Date());
const plusDays = (n: number) => iso(new Date(Date.parse(`${today}T00:00:00Z`) + n * DAY));
const t0 = new Date(`${today}T00:00:00Z`);
const monthStart = (offset: number) => iso(new Date(Date.UTC(t0.getUTCFullYear(), t0.getUTCMonth() + offset, 1)));
const quarterStart = (offset: number) => iso(new Date(Date.UTC(t0.getUTCFullYear(), Math.floor(t0.getUTCMonth() / 3) * 3 + offset * 3, 1)));
const num = (v: unknown) => Number(v);

function column(table: { columns: { name: string }[]; rows: unknown[][] }, name: string): unknown[] {
  const i = table.columns.findIndex((c) => c.name === name);
  expect(i, `column ${name} in ${table.columns.map((c) => c.name).join(', ')}`).toBeGreaterThanOrEqual(0);
  return table.rows.map((r) => r[i]);
}

describe('payment and social lookups on the demo warehouse (offline planner)', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ model: 'offline' });
  }, 180_000);
  afterAll(async () => {
    await t?.destroy();
  });

  it('failed payments in the last 7 days are the failed charges of those days, newest first, and say they are demo data', async () => {
    const a = await ask(t, 'Which payments failed in the last 7 days?');
    expect(a.finished).toMatchObject({ ok: true });
    const gold = await demoQuery<{ id: string }>(
      t,
      `SELECT 'ch_' || charge_id AS id FROM demo.charges WHERE status = 'failed' AND created_at >= $1::date AND created_at < $2::date ORDER BY created_at DESC, 1`,
      // time-range.ts reads "the last 7 days" as the 7 days before today and today.
      [plusDays(-7), plusDays(1)],
    );
    expect(gold.length).toBeGreaterThan(0);
    expect(column(a.table!, 'id')).toEqual(gold.map((g) => g.id));
    expect(a.table!.columns.find((c) => c.name === 'amount')).toMatchObject({ unit: 'currency', currency: 'USD' });
    expect(a.text).toMatch(/demo data/);
    expect(a.text).toMatch(/Connections page/);
  });

  it("a customer's refunds are found by their email, whatever their age", async () => {
    const [who] = await demoQuery<{ email: string; n: string }>(
      t,
      `SELECT cu.email, count(*) AS n FROM demo.refunds r JOIN demo.charges c USING (charge_id) JOIN demo.customers cu ON cu.customer_id = c.customer_id
        GROUP BY cu.email HAVING count(*) >= 2 ORDER BY cu.email LIMIT 1`,
    );
    const a = await ask(t, `refunds for ${who.email.toUpperCase()}`);
    const gold = await demoQuery<{ amount: string }>(
      t,
      `SELECT r.amount FROM demo.refunds r JOIN demo.charges c USING (charge_id) JOIN demo.customers cu ON cu.customer_id = c.customer_id WHERE cu.email = $1 ORDER BY r.created_at DESC`,
      [who.email],
    );
    expect(column(a.table!, 'amount').map(num)).toEqual(gold.map((g) => num(g.amount)));
    expect(new Set(column(a.table!, 'customer_email'))).toEqual(new Set([who.email]));
  });

  it('open disputes are every dispute still open', async () => {
    const a = await ask(t, 'disputes still open?');
    const gold = await demoQuery<{ id: string }>(t, `SELECT 'dp_' || dispute_id AS id FROM demo.disputes WHERE status = 'open' ORDER BY created_at DESC`);
    expect(gold.length).toBeGreaterThan(0);
    expect(column(a.table!, 'id')).toEqual(gold.map((g) => g.id));
    expect(new Set(column(a.table!, 'status'))).toEqual(new Set(['open']));
  });

  it('a charge looked up by its id is that charge', async () => {
    const [c] = await demoQuery<{ charge_id: number; amount: string }>(t, `SELECT charge_id, amount FROM demo.charges WHERE charge_id > 10000 ORDER BY charge_id LIMIT 1`);
    const a = await ask(t, `what happened to ch_${c.charge_id}?`);
    expect(column(a.table!, 'id')).toEqual([`ch_${c.charge_id}`]);
    expect(column(a.table!, 'amount').map(num)).toEqual([num(c.amount)]);
  });

  it('payouts last week arrived last week', async () => {
    const a = await ask(t, 'payouts last week');
    const weekStart = plusDays(-((t0.getUTCDay() + 6) % 7));
    const from = iso(new Date(Date.parse(`${weekStart}T00:00:00Z`) - 7 * DAY));
    const gold = await demoQuery<{ amount: string }>(t, `SELECT amount FROM demo.payouts WHERE arrival_date >= $1::date AND arrival_date < $2::date ORDER BY arrival_date DESC`, [from, weekStart]);
    expect(column(a.table!, 'amount').map(num)).toEqual(gold.map((g) => num(g.amount)));
  });

  it('the MRR trend is the MRR of the subscriptions running at the end of each month of the last year', async () => {
    const a = await ask(t, 'what is our MRR trend?');
    const from = plusDays(-364);
    const to = plusDays(1);
    const gold = await demoQuery<{ month: string; mrr: string }>(
      t,
      `WITH months AS (SELECT m::date AS month, least(m + interval '1 month', $2::date::timestamp) AS month_end
                         FROM generate_series(date_trunc('month', $1::date::timestamp), $2::date::timestamp - interval '1 day', interval '1 month') m)
       SELECT to_char(month, 'YYYY-MM-DD') AS month, sum(s.mrr) AS mrr FROM months
       JOIN demo.subscriptions s ON s.started_at < month_end AT TIME ZONE 'UTC' AND (s.canceled_at IS NULL OR s.canceled_at >= month_end AT TIME ZONE 'UTC')
       GROUP BY month ORDER BY month`,
      [from, to],
    );
    expect(gold.length).toBeGreaterThanOrEqual(12);
    expect(column(a.table!, 'period')).toEqual(gold.map((g) => g.month));
    expect(column(a.table!, 'mrr').map(num)).toEqual(gold.map((g) => num(g.mrr)));
    expect(a.events.some((e) => e.type === 'artifact' && e.kind === 'chart')).toBe(true);
  });

  it('churned MRR last quarter is the MRR of the subscriptions canceled in it', async () => {
    const a = await ask(t, 'churned MRR last quarter');
    const [gold] = await demoQuery<{ churned: string }>(t, `SELECT coalesce(sum(mrr), 0) AS churned FROM demo.subscriptions WHERE canceled_at >= $1::date AND canceled_at < $2::date`, [quarterStart(-1), quarterStart(0)]);
    const churned = column(a.table!, 'churned_mrr').map(num);
    expect(churned.reduce((x, y) => x + y, 0)).toBeCloseTo(num(gold.churned), 2);
    expect(num(gold.churned)).toBeGreaterThan(0);
  });

  it('churn by month: of the subscriptions running at the start of a month, the share canceled in it', async () => {
    const a = await ask(t, 'what is our churn rate by month?');
    const periods = column(a.table!, 'period') as string[];
    const last = periods.length - 2; // the last complete month
    const start = periods[last];
    const end = periods[last + 1];
    const [gold] = await demoQuery<{ base: string; churned: string }>(
      t,
      `SELECT count(*) AS base, count(*) FILTER (WHERE canceled_at < $2::date) AS churned FROM demo.subscriptions
        WHERE started_at < $1::date AND (canceled_at IS NULL OR canceled_at >= $1::date)`,
      [start, end],
    );
    expect(num(column(a.table!, 'subscriptions_at_start')[last])).toBe(num(gold.base));
    expect(num(column(a.table!, 'churned_subscriptions')[last])).toBe(num(gold.churned));
    expect(num(column(a.table!, 'churn_rate')[last])).toBeCloseTo(num(gold.churned) / num(gold.base), 4);
    expect(a.table!.columns.find((c) => c.name === 'churn_rate')?.unit).toBe('percent');
  });

  it('a customer by email: their payments, refunds and MRR', async () => {
    const [who] = await demoQuery<{ customer_id: number; email: string }>(
      t,
      `SELECT cu.customer_id, cu.email FROM demo.customers cu JOIN demo.subscriptions s USING (customer_id) WHERE s.canceled_at IS NULL ORDER BY cu.customer_id LIMIT 1`,
    );
    const a = await ask(t, `look up customer ${who.email}`);
    const [gold] = await demoQuery<{ paid: string; n: string }>(
      t,
      `SELECT coalesce(sum(amount), 0) AS paid, count(*) AS n FROM demo.charges WHERE customer_id = $1 AND status = 'succeeded'`,
      [who.customer_id],
    );
    expect(column(a.table!, 'id')).toEqual([`cus_${who.customer_id}`]);
    expect(num(column(a.table!, 'amount_paid')[0])).toBeCloseTo(num(gold.paid), 2);
    expect(num(column(a.table!, 'payments')[0])).toBe(num(gold.n));
    expect(num(column(a.table!, 'mrr')[0])).toBeGreaterThan(0);
  });

  it('the top 5 Instagram posts by likes last month', async () => {
    const a = await ask(t, 'top 5 Instagram posts by likes last month');
    const gold = await demoQuery<{ likes: number }>(
      t,
      `SELECT p.likes FROM demo.social_posts p JOIN demo.social_accounts a USING (account_id)
        WHERE a.platform = 'instagram' AND p.posted_at >= $1::date AND p.posted_at < $2::date ORDER BY p.likes DESC LIMIT 5`,
      [monthStart(-1), monthStart(0)],
    );
    expect(column(a.table!, 'likes').map(num)).toEqual(gold.map((g) => num(g.likes)));
    expect(new Set(column(a.table!, 'platform'))).toEqual(new Set(['instagram']));
  });

  it('which LinkedIn post got the most engagement last month', async () => {
    const a = await ask(t, 'which LinkedIn post got the most engagement last month?');
    const [gold] = await demoQuery<{ e: number }>(
      t,
      `SELECT max(p.likes + p.comments + p.shares) AS e FROM demo.social_posts p JOIN demo.social_accounts a USING (account_id)
        WHERE a.platform = 'linkedin' AND p.posted_at >= $1::date AND p.posted_at < $2::date`,
      [monthStart(-1), monthStart(0)],
    );
    expect(num(column(a.table!, 'engagement')[0])).toBe(num(gold.e));
  });

  it('follower growth by platform this quarter: followers now against the day before the quarter', async () => {
    const a = await ask(t, 'follower growth by platform this quarter');
    const gold = await demoQuery<{ platform: string; growth: string }>(
      t,
      `SELECT a.platform, (SELECT followers FROM demo.social_daily_metrics m WHERE m.account_id = a.account_id ORDER BY day DESC LIMIT 1)
             - (SELECT followers FROM demo.social_daily_metrics m WHERE m.account_id = a.account_id AND m.day < $1::date ORDER BY day DESC LIMIT 1) AS growth
        FROM demo.social_accounts a ORDER BY a.platform`,
      [quarterStart(0)],
    );
    const platforms = column(a.table!, 'platform');
    const growth = column(a.table!, 'follower_growth').map(num);
    expect(Object.fromEntries(platforms.map((p, i) => [p, growth[i]]))).toEqual(Object.fromEntries(gold.map((g) => [g.platform, num(g.growth)])));
  });

  it('reach by platform last month sums the daily impressions', async () => {
    const a = await ask(t, 'reach by platform last month');
    const gold = await demoQuery<{ platform: string; impressions: string }>(
      t,
      `SELECT a.platform, sum(m.impressions) AS impressions FROM demo.social_daily_metrics m JOIN demo.social_accounts a USING (account_id)
        WHERE m.day >= $1::date AND m.day < $2::date GROUP BY a.platform`,
      [monthStart(-1), monthStart(0)],
    );
    const platforms = column(a.table!, 'platform');
    const reach = column(a.table!, 'impressions').map(num);
    expect(Object.fromEntries(platforms.map((p, i) => [p, reach[i]]))).toEqual(Object.fromEntries(gold.map((g) => [g.platform, num(g.impressions)])));
  });

  it('ordinary warehouse questions are still query_data’s', async () => {
    const a = await ask(t, 'Total refund amount by reason');
    expect(a.events.find((e) => e.type === 'tool:started')).toMatchObject({ name: 'query_data' });
  });
});
