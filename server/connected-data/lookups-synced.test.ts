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
    expect(new Set(a.table!.rows.map((r) => r[mrr]))).toEqual(new Set([30]));
  });

  it('social lookups read the workspace’s synced LinkedIn metrics', async () => {
    const a = await ask(t, 'reach by platform last 7 days');
    expect(a.table!.rows.map((r) => [r[0], r[2]])).toEqual([['linkedin', 500]]);
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
