import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLookupPaymentsTool } from '../../tools/lookup-payments/lookup-payments';
import type { DataSourceHandle, TableArtifactData, ToolContext } from '../../tools/types';
import { ask, demoHandle } from '../datasources/testing';
import { LOCAL_WORKSPACE_ID } from '../identity';
import { STORE_BACKENDS } from '../testing/databases';
import { recordEvents, request, startTestParley, type TestMember, type TestParley } from '../testing/harness';
import { createConnectedData } from './connected-data';

const OTHER = 'acme2';
const log = pino({ level: 'silent' });
const today = new Date().toISOString().slice(0, 10);
/** Early today (UTC): inside "this week", "this month" and "the last 7 days" whatever day it is. */
const EARLY_TODAY = `${today}T00:00:05Z`;

async function askAs(m: TestMember, text: string) {
  const s = await m.client();
  const rec = recordEvents(s);
  const ack = await request(s, 'chat:send', { text });
  if (!('data' in ack)) throw new Error(JSON.stringify(ack));
  const end = await rec.terminal(ack.data.runId, 60_000);
  const events = rec.ofRun(ack.data.runId);
  s.close();
  const table = events.find((e) => e.type === 'artifact' && e.kind === 'table') as { data: TableArtifactData } | undefined;
  return { events, table: table?.data, text: end.type === 'message:completed' ? end.text : JSON.stringify(end) };
}

const ids = (table: TableArtifactData | undefined) => (table ? table.rows.map((r) => r[table.columns.findIndex((c) => c.name === 'id')]) : []);

describe.each(STORE_BACKENDS)('lookups on synced connector data, one workspace at a time, on %s', (backend) => {
  let t: TestParley;
  let other: TestMember;
  beforeAll(async () => {
    t = await startTestParley({ model: 'offline', backend });
    other = await t.workspace(OTHER);
    const pool = t.parley.store.db.pool;
    await pool.query(`INSERT INTO workspaces (id, name) VALUES ('fresh', 'Fresh')`);
    await pool.query(
      `INSERT INTO connectors (id, workspace_id, kind, name, credentials_encrypted) VALUES
         ('con_local', $1, 'stripe', 'Stripe (local live)', 'x'), ('con_other', $2, 'stripe', 'Stripe (acme2)', 'x'), ('con_fresh', 'fresh', 'stripe', 'Stripe (fresh)', 'x'),
         ('con_li', $1, 'linkedin', 'LinkedIn page', 'x')`,
      [LOCAL_WORKSPACE_ID, OTHER],
    );
    await pool.query(
      `INSERT INTO pay_customers (workspace_id, connector_id, id, email, name, created_at, raw) VALUES
         ($1, 'con_local', 'cus_LocalA', 'a@local.test', 'Ada Local', now() - interval '90 days', '{}'),
         ($2, 'con_other', 'cus_OtherB', 'acme@example.com', 'Acme Buyer', now() - interval '90 days', '{}')`,
      [LOCAL_WORKSPACE_ID, OTHER],
    );
    await pool.query(
      `INSERT INTO pay_charges (workspace_id, connector_id, id, customer_id, amount, currency, status, failure_code, created_at, raw) VALUES
         ($1, 'con_local', 'ch_LocalFailed1', 'cus_LocalA', 42.50, 'eur', 'failed', 'card_declined', $3::timestamptz, '{}'),
         ($1, 'con_local', 'ch_LocalPaid1', 'cus_LocalA', 99.00, 'eur', 'succeeded', NULL, $3::timestamptz, '{}'),
         ($1, 'con_local', 'ch_LocalOldFail', 'cus_LocalA', 10.00, 'eur', 'failed', 'expired_card', now() - interval '60 days', '{}'),
         ($2, 'con_other', 'ch_OtherFailed1', 'cus_OtherB', 7.00, 'usd', 'failed', 'card_declined', $3::timestamptz, '{}'),
         ($2, 'con_other', 'ch_OtherPaid1', 'cus_OtherB', 70.00, 'usd', 'succeeded', NULL, now() - interval '10 days', '{}')`,
      [LOCAL_WORKSPACE_ID, OTHER, EARLY_TODAY],
    );
    await pool.query(
      `INSERT INTO pay_refunds (workspace_id, connector_id, id, charge_id, amount, currency, status, reason, created_at, raw) VALUES
         ($1, 'con_other', 're_OtherRefund1', 'ch_OtherPaid1', 20.00, 'usd', 'succeeded', 'requested_by_customer', now() - interval '5 days', '{}')`,
      [OTHER],
    );
    await pool.query(
      `INSERT INTO pay_subscriptions (workspace_id, connector_id, id, customer_id, status, mrr, currency, started_at, created_at, raw) VALUES
         ($1, 'con_local', 'sub_LocalA', 'cus_LocalA', 'active', 30.00, 'eur', now() - interval '400 days', now() - interval '400 days', '{"plan":{"nickname":"Team"}}'),
         ($2, 'con_other', 'sub_OtherB', 'cus_OtherB', 'active', 5000.00, 'usd', now() - interval '400 days', now() - interval '400 days', '{}')`,
      [LOCAL_WORKSPACE_ID, OTHER],
    );
    await pool.query(
      `INSERT INTO pay_disputes (workspace_id, connector_id, id, charge_id, amount, currency, status, reason, created_at, raw) VALUES
         ($1, 'con_local', 'dp_LocalOpen', 'ch_LocalPaid1', 99.00, 'eur', 'needs_response', 'fraudulent', now() - interval '3 days', '{}'),
         ($1, 'con_local', 'dp_LocalWon', 'ch_LocalPaid1', 99.00, 'eur', 'won', 'fraudulent', now() - interval '200 days', '{}'),
         ($2, 'con_other', 'dp_OtherOpen', 'ch_OtherPaid1', 70.00, 'usd', 'under_review', 'fraudulent', now() - interval '3 days', '{}')`,
      [LOCAL_WORKSPACE_ID, OTHER],
    );
    await pool.query(
      `INSERT INTO pay_payouts (workspace_id, connector_id, id, amount, currency, status, arrival_date, created_at, raw) VALUES
         ($1, 'con_local', 'po_Local1', 500.00, 'eur', 'paid', current_date - 2, now() - interval '4 days', '{}'),
         ($2, 'con_other', 'po_Other1', 900.00, 'usd', 'paid', current_date - 2, now() - interval '4 days', '{}')`,
      [LOCAL_WORKSPACE_ID, OTHER],
    );
    await pool.query(
      `INSERT INTO pay_subscriptions (workspace_id, connector_id, id, customer_id, status, mrr, currency, started_at, canceled_at, ended_at, created_at, raw) VALUES
         ($1, 'con_local', 'sub_LocalGone', 'cus_LocalA', 'canceled', 12.00, 'eur', now() - interval '300 days', now() - interval '20 days', now() - interval '20 days', now() - interval '300 days', '{}'),
         ($1, 'con_local', 'sub_LocalNew', 'cus_LocalA', 'active', 8.00, 'eur', now() - interval '10 days', NULL, NULL, now() - interval '10 days', '{}'),
         ($1, 'con_local', 'sub_LocalIncomplete', 'cus_LocalA', 'incomplete', 1000.00, 'eur', now() - interval '10 days', NULL, NULL, now() - interval '10 days', '{}')`,
      [LOCAL_WORKSPACE_ID],
    );
    await pool.query(
      `INSERT INTO social_posts_synced (workspace_id, connector_id, id, account_id, platform, posted_at, text, impressions, likes, comments, shares, clicks, raw) VALUES
         ($1, 'con_li', 'urn:li:share:1', 'urn:li:organization:1', 'linkedin', now() - interval '2 days', 'Launch day', 1000, 50, 5, 3, 12, '{}'),
         ($1, 'con_li', 'urn:li:share:2', 'urn:li:organization:1', 'linkedin', now() - interval '3 days', 'Hiring', 800, 70, 1, 0, 2, '{}')`,
      [LOCAL_WORKSPACE_ID],
    );
    await pool.query(
      `INSERT INTO social_daily_metrics_synced (workspace_id, connector_id, account_id, platform, day, followers, impressions, engagements, raw) VALUES
         ($1, 'con_li', 'urn:li:organization:1', 'linkedin', current_date - 1, 1000, 300, 30, '{}'),
         ($1, 'con_li', 'urn:li:organization:1', 'linkedin', current_date - 2, 990, 200, 20, '{}')`,
      [LOCAL_WORKSPACE_ID],
    );
  }, 240_000);
  afterAll(async () => {
    await t?.destroy();
  });

  const service = () => createConnectedData({ pool: t.parley.store.db.pool, log, timeoutMs: 10_000, maxRows: 1000 });

  it('failed payments come from the workspace’s own Stripe data, not the demo and not another workspace', async () => {
    const a = await ask(t, 'which payments failed this week?');
    expect(ids(a.table)).toEqual(['ch_LocalFailed1']);
    expect(a.table!.columns.find((c) => c.name === 'amount')).toMatchObject({ unit: 'currency', currency: 'EUR' });
    expect(a.text).toContain('Stripe (local live)');
    expect(a.text).not.toMatch(/demo data/);
    const b = await askAs(other, 'which payments failed this week?');
    expect(ids(b.table)).toEqual(['ch_OtherFailed1']);
  });

  it("another workspace's customer and object ids find nothing, even named exactly", async () => {
    expect((await ask(t, 'refunds for acme@example.com')).table!.rows).toEqual([]);
    expect(ids((await askAs(other, 'refunds for acme@example.com')).table)).toEqual(['re_OtherRefund1']);
    const probe = await askAs(other, 'look up ch_LocalFailed1');
    expect(probe.table!.rows).toEqual([]);
    expect(probe.text).toMatch(/No object ch_LocalFailed1/);
    // The model passing the id itself, through the tool with the other workspace's context.
    const tool = createLookupPaymentsTool();
    const ctx = {
      workspaceId: OTHER,
      question: 'ch_LocalFailed1',
      now: () => new Date(),
      progress: () => undefined,
      log,
      connected: service().forCall({ workspaceId: OTHER, datasource: await demoHandle(t) }),
    } as unknown as ToolContext;
    for (const objectId of ['ch_LocalFailed1', 'cus_LocalA', 'sub_LocalA']) {
      const r = await tool.run({ kind: 'object', objectId }, ctx);
      expect(r.ok && (r.artifacts![0].data as TableArtifactData).rows, objectId).toEqual([]);
    }
  });

  it('MRR sums only the workspace’s own subscriptions', async () => {
    const a = await ask(t, 'what is our MRR trend?');
    const mrr = a.table!.columns.findIndex((c) => c.name === 'mrr');
    const values = a.table!.rows.map((r) => Number(r[mrr]));
    // 30 + 12 while sub_LocalGone ran, 30 + 8 now; never the other workspace's 5,000 nor the incomplete 1,000.
    expect(Math.max(...values)).toBe(42);
    expect(values.at(-1)).toBe(38);
  });

  it('social lookups read the workspace’s synced LinkedIn metrics', async () => {
    const a = await ask(t, 'reach by platform last 7 days');
    expect(a.table!.rows.map((r) => [r[0], r[2]])).toEqual([['linkedin', 500]]);
  });

  it.each([
    ['charges', { kind: 'charges', status: 'succeeded' }, `SELECT id FROM pay_charges WHERE workspace_id = $1 AND status = 'succeeded' AND created_at >= current_date - 29 ORDER BY created_at DESC`],
    ['open disputes', { kind: 'disputes', status: 'open' }, `SELECT id FROM pay_disputes WHERE workspace_id = $1 AND status IN ('needs_response', 'under_review', 'warning_needs_response', 'warning_under_review') ORDER BY created_at DESC`],
    ['payouts', { kind: 'payouts', from: 'last 7 days' }, `SELECT id FROM pay_payouts WHERE workspace_id = $1 AND arrival_date >= current_date - 7`],
    ['customer by name', { kind: 'customer', customer: 'ada local' }, `SELECT id FROM pay_customers WHERE workspace_id = $1 AND name ILIKE '%ada local%'`],
  ])('%s: the workspace’s own rows, as SQL written by hand finds them', async (_name, input, gold) => {
    const tool = createLookupPaymentsTool();
    const ctx = { workspaceId: LOCAL_WORKSPACE_ID, question: '', now: () => new Date(), progress: () => undefined, log, connected: service().forCall({ workspaceId: LOCAL_WORKSPACE_ID, datasource: await demoHandle(t) }) } as unknown as ToolContext;
    const r = await tool.run(input as Parameters<typeof tool.run>[0], ctx);
    expect(r.ok).toBe(true);
    const want = (await t.parley.store.db.pool.query(gold, [LOCAL_WORKSPACE_ID])).rows.map((x) => x.id);
    expect(want.length).toBeGreaterThan(0);
    expect(ids(r.ok ? (r.artifacts![0].data as TableArtifactData) : undefined)).toEqual(want);
  });

  it('new and churned MRR and churn come from the workspace’s subscriptions (incomplete ones never count)', async () => {
    const tool = createLookupPaymentsTool();
    const ctx = { workspaceId: LOCAL_WORKSPACE_ID, question: '', now: () => new Date(), progress: () => undefined, log, connected: service().forCall({ workspaceId: LOCAL_WORKSPACE_ID, datasource: await demoHandle(t) }) } as unknown as ToolContext;
    const moves = await tool.run({ kind: 'mrr_movements', from: 'last 30 days' }, ctx);
    const m = moves.ok ? (moves.artifacts![0].data as TableArtifactData) : undefined;
    const col = (name: string) => m!.rows.map((r) => Number(r[m!.columns.findIndex((c) => c.name === name)]));
    expect(col('new_mrr').reduce((a, b) => a + b, 0)).toBe(8);
    expect(col('churned_mrr').reduce((a, b) => a + b, 0)).toBe(12);
    const churn = await tool.run({ kind: 'churn', from: 'last 30 days', grain: 'quarter' }, ctx);
    const c = churn.ok ? (churn.artifacts![0].data as TableArtifactData) : undefined;
    const first = Object.fromEntries(c!.columns.map((x, i) => [x.name, c!.rows[0][i]]));
    const sum = (name: string) => c!.rows.reduce((n, r) => n + Number(r[c!.columns.findIndex((x) => x.name === name)]), 0);
    // Running when the window began: sub_LocalA and sub_LocalGone; sub_LocalGone ended in it.
    expect(first).toMatchObject({ subscriptions_at_start: 2, mrr_at_start: 42 });
    expect([sum('churned_subscriptions'), sum('churned_mrr')]).toEqual([1, 12]);
  });

  it('top posts, follower growth and engagement come from the workspace’s LinkedIn data', async () => {
    const a = await ask(t, 'which LinkedIn post got the most engagement last 7 days?');
    const text = a.table!.columns.findIndex((c) => c.name === 'text');
    expect(a.table!.rows.map((r) => r[text])).toEqual(['Hiring', 'Launch day']);
    const g = await ask(t, 'follower growth by platform last 7 days');
    expect(g.table!.rows.map((r) => [r[0], r[4]])).toEqual([['linkedin', 10]]);
    const e = await ask(t, 'engagement on LinkedIn last 7 days');
    const eng = e.table!.columns.findIndex((c) => c.name === 'engagement');
    expect(e.table!.rows.map((r) => r[eng])).toEqual([50 + 5 + 3 + 12 + 70 + 1 + 0 + 2]);
  });

  it('row-level security holds a query to the workspace even without a workspace filter, and the transaction is read-only', async () => {
    const source = (await service().forCall({ workspaceId: OTHER, datasource: await demoHandle(t) }).open('payments'))!;
    expect(source.origin).toBe('synced');
    const all = await source.query('SELECT id FROM pay_charges ORDER BY id', []);
    expect(all.rows.flat()).toEqual(['ch_OtherFailed1', 'ch_OtherPaid1']);
    // Resetting the workspace setting inside the query does not widen it: the policy reads the setting per row, and a cleared one matches nothing.
    const cleared = await source.query(`SELECT id FROM pay_charges WHERE set_config('parley.workspace_id', '', true) IS NOT NULL`, []);
    expect(cleared.rows.flat().filter((id) => String(id).startsWith('ch_Local'))).toEqual([]);
    await expect(source.query(`DELETE FROM pay_charges`, [])).rejects.toThrow();
    expect((await t.parley.store.db.pool.query('SELECT count(*)::int AS n FROM pay_charges')).rows[0].n).toBe(5);
  });

  it('a workspace with a connector that has not synced yet is shown the demo data and told why', async () => {
    const source = await service().forCall({ workspaceId: 'fresh', datasource: await demoHandle(t) }).open('payments');
    expect(source?.origin).toBe('demo');
    expect(source?.note).toMatch(/Stripe \(fresh\) has not synced any data yet/);
  });

  it('without synced data or the demo warehouse there is nothing to answer from', async () => {
    const elsewhere = { id: 'warehouse-2', name: 'Sales DB', kind: 'postgres', schemas: ['public'], sql: { query: async () => ({ rows: [], fields: [], rowCount: 0 }) } } as DataSourceHandle;
    expect(await service().forCall({ workspaceId: 'fresh', datasource: elsewhere }).open('social')).toBeNull();
  });
});
