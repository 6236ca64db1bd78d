import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../../server/testing/databases';
import { addStripeConnector, rowsOf, startConnectorsParley, waitForSync } from '../testing/parley';
import type { StripeTestServer } from '../testing/stripe-server';
import type { TestParley } from '../../../server/testing/harness';

const json = { 'content-type': 'application/json' };

/**
 * The Stripe connector end to end: added through the REST API, synced from the local
 * Stripe-compatible server by the official SDK, checked in the synced tables.
 */
describe.each(STORE_BACKENDS)('Stripe connector on %s', (backend) => {
  let t: TestParley;
  let stripe: StripeTestServer;
  let destroy: () => Promise<void>;
  const q = async <T = any>(sql: string, params: unknown[] = []) => (await t.parley.store.db.pool.query(sql, params)).rows as T[];

  beforeAll(async () => {
    ({ t, stripe, destroy } = await startConnectorsParley({ backend }));
  }, 120_000);
  afterAll(async () => destroy?.());

  it('backfills every object across many pages and windows, with money in major units and MRR from the items', async () => {
    stripe.seed('charge', 730, { customize: (c, i) => i === 0 && Object.assign(c, { amount: 1234, currency: 'usd' }) });
    stripe.seed('charge', 3, { customize: (c) => Object.assign(c, { amount: 5000, currency: 'jpy' }) });
    stripe.seed('customer', 120);
    stripe.seed('refund', 5);
    stripe.seed('subscription', 2, {
      customize: (s, i) => {
        const item = s.items.data[0];
        item.quantity = 3;
        item.price.unit_amount = 12000;
        item.price.recurring = { ...item.price.recurring, interval: i === 0 ? 'year' : 'month', interval_count: 1 };
        if (i === 1) s.status = 'canceled';
      },
    });
    for (const type of ['payment_intent', 'dispute', 'invoice', 'payout', 'balance_transaction'] as const) stripe.seed(type, 3);

    const c = await addStripeConnector(t.admin, stripe);
    const done = await waitForSync(t.admin, c.id);
    expect(done.status).toBe('idle');
    expect(done.lastError).toBeNull();
    expect(rowsOf(done, 'charges')).toBe(733);
    expect(rowsOf(done, 'customers')).toBe(120);
    expect(rowsOf(done, 'subscriptions')).toBe(2);
    const [{ n }] = await q<{ n: string }>('SELECT count(*) n FROM pay_charges WHERE connector_id = $1', [c.id]);
    expect(Number(n)).toBe(733);
    // More than one page per window, and more than one window (30-day windows over 60 days of charges).
    const chargeLists = stripe.requests.filter((r) => r.path === '/v1/charges');
    expect(chargeLists.filter((r) => r.query.get('starting_after')).length).toBeGreaterThan(4);
    expect(new Set(chargeLists.map((r) => r.query.get('created[gte]'))).size).toBeGreaterThan(2);
    expect(chargeLists.every((r) => r.query.get('limit') === '100')).toBe(true);
    expect(stripe.requests.filter((r) => r.path === '/v1/subscriptions').every((r) => r.query.get('status') === 'all')).toBe(true);

    const amounts = await q<{ amount: string; currency: string }>("SELECT amount::text, currency FROM pay_charges WHERE connector_id = $1 AND (amount = 12.34 OR currency = 'jpy') ORDER BY currency", [c.id]);
    expect(amounts).toContainEqual({ amount: '12.34', currency: 'usd' });
    expect(amounts.filter((a) => a.currency === 'jpy').map((a) => a.amount)).toEqual(['5000.00', '5000.00', '5000.00']);
    const mrr = await q<{ mrr: string; status: string }>('SELECT mrr::text, status FROM pay_subscriptions WHERE connector_id = $1 ORDER BY status', [c.id]);
    // 3 × 120.00 a year = 30.00 a month; 3 × 120.00 a month = 360.00 (canceled, still listed: status=all).
    expect(mrr).toEqual([
      { mrr: '30.00', status: 'active' },
      { mrr: '360.00', status: 'canceled' },
    ]);
  }, 240_000);

  it('an incremental sync applies an update and a deletion from /v1/events, and nothing is listed again', async () => {
    const [c] = (await (await t.fetch('/api/connectors')).json()).data;
    const [customer] = await q<{ id: string }>('SELECT id FROM pay_customers WHERE connector_id = $1 ORDER BY id LIMIT 1', [c.id]);
    const [charge] = await q<{ id: string }>("SELECT id FROM pay_charges WHERE connector_id = $1 AND status = 'succeeded' ORDER BY id LIMIT 1", [c.id]);
    stripe.update('charge', charge.id, { amount_refunded: 700, refunded: false });
    stripe.remove('customer', customer.id);
    const added = stripe.add('charge', { amount: 4200, currency: 'eur', status: 'failed', failure_code: 'insufficient_funds' });
    const before = stripe.requests.length;

    expect((await t.fetch(`/api/connectors/${c.id}/sync`, { method: 'POST' })).status).toBe(202);
    const done = await waitForSync(t.admin, c.id);
    expect(done.lastError).toBeNull();
    const [ch] = await q<{ amount_refunded: string }>('SELECT amount_refunded::text FROM pay_charges WHERE connector_id = $1 AND id = $2', [c.id, charge.id]);
    expect(ch.amount_refunded).toBe('7.00');
    const [cus] = await q<{ deleted: boolean }>('SELECT deleted FROM pay_customers WHERE connector_id = $1 AND id = $2', [c.id, customer.id]);
    expect(cus.deleted).toBe(true);
    const [fresh] = await q<{ status: string; amount: string }>('SELECT status, amount::text FROM pay_charges WHERE connector_id = $1 AND id = $2', [c.id, added.id]);
    expect(fresh).toEqual({ status: 'failed', amount: '42.00' });
    expect(rowsOf(done, 'charges')).toBe(734);
    // Mutable streams were not re-listed; only the events (and the immutable balance transactions) were read.
    const paths = stripe.requests.slice(before).map((r) => r.path);
    expect(paths).toContain('/v1/events');
    expect(paths).not.toContain('/v1/customers');
    expect(paths).not.toContain('/v1/charges');
  }, 120_000);

  it('an events cursor older than Stripe keeps events lists everything again; a vanished anchor event is read past', async () => {
    const [c] = (await (await t.fetch('/api/connectors')).json()).data;
    const old = Math.floor(Date.now() / 1000) - 31 * 86_400;
    await t.parley.store.db.pool.query("UPDATE connector_streams SET cursor = jsonb_set(cursor, '{checkedAt}', to_jsonb($2::int)) WHERE connector_id = $1 AND stream = 'events'", [c.id, old]);
    const from = stripe.requests.length;
    await t.fetch(`/api/connectors/${c.id}/sync`, { method: 'POST' });
    const relisted = await waitForSync(t.admin, c.id);
    expect(relisted.lastError).toBeNull();
    expect(stripe.requests.slice(from).map((r) => r.path)).toContain('/v1/customers');
    expect(rowsOf(relisted, 'charges')).toBe(734);

    await t.parley.store.db.pool.query("UPDATE connector_streams SET cursor = jsonb_set(cursor, '{anchor}', '\"evt_gone\"') WHERE connector_id = $1 AND stream = 'events'", [c.id]);
    const late = stripe.add('refund', { amount: 300 });
    await t.fetch(`/api/connectors/${c.id}/sync`, { method: 'POST' });
    const after = await waitForSync(t.admin, c.id);
    expect(after.lastError).toBeNull();
    expect(await q('SELECT amount::text FROM pay_refunds WHERE connector_id = $1 AND id = $2', [c.id, late.id])).toEqual([{ amount: '3.00' }]);
  }, 120_000);

  it('survives a 429 storm (honouring Retry-After) and connection resets', async () => {
    const [c] = (await (await t.fetch('/api/connectors')).json()).data;
    stripe.add('charge', { amount: 100 });
    stripe.inject({ status: 429, times: 3, retryAfter: 1, path: '/v1/events' });
    stripe.inject({ status: 'reset', times: 2, path: '/v1/events' });
    stripe.inject({ status: 500, times: 1, path: '/v1/events' });
    const from = stripe.requests.length;
    expect((await t.fetch(`/api/connectors/${c.id}/sync`, { method: 'POST' })).status).toBe(202);
    const done = await waitForSync(t.admin, c.id);
    expect(done.lastError).toBeNull();
    expect(rowsOf(done, 'charges')).toBe(735);
    expect(stripe.requests.slice(from).filter((r) => r.path === '/v1/events').length).toBeGreaterThanOrEqual(7);
  }, 120_000);

  it('two sync requests at once: one runs, the other is told it is running', async () => {
    const [c] = (await (await t.fetch('/api/connectors')).json()).data;
    // Slow the sync down so the second request lands while the first runs.
    stripe.inject({ status: 429, times: 1, retryAfter: 1, path: '/v1/events' });
    const [a, b] = await Promise.all([t.fetch(`/api/connectors/${c.id}/sync`, { method: 'POST' }), t.fetch(`/api/connectors/${c.id}/sync`, { method: 'POST' })]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const refused = [a, b].find((r) => r.status === 409)!;
    expect((await refused.json()).error.code).toBe('connector:sync_running');
    const running = (await (await t.fetch(`/api/connectors/${c.id}`)).json()).data;
    expect(running.status).toBe('syncing');
    await waitForSync(t.admin, c.id);
  }, 120_000);

  it('a revoked key is reported in words in GET\'s last error and the connector shows as failed', async () => {
    const [c] = (await (await t.fetch('/api/connectors')).json()).data;
    stripe.revoke(stripe.key);
    await t.fetch(`/api/connectors/${c.id}/sync`, { method: 'POST' });
    const failed = await waitForSync(t.admin, c.id);
    expect(failed.status).toBe('error');
    expect(failed.lastError).toMatch(/^Stripe refused the key: Expired API Key provided: sk_test_\**\w{4}$/);
    expect(failed.lastError).not.toContain(stripe.key);
  }, 120_000);

  it('a wrong key is refused before anything is stored, with Stripe\'s reason', async () => {
    const res = await t.fetch('/api/connectors', { method: 'POST', headers: json, body: JSON.stringify({ kind: 'stripe', name: 'Wrong', apiBase: stripe.url, credentials: { secretKey: 'sk_test_wrong0000key' } }) });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('connector:bad_credentials');
    expect(body.error.message).toMatch(/^Stripe refused the key: Invalid API Key provided: sk_test_/);
    expect((await (await t.fetch('/api/connectors')).json()).data.map((x: { name: string }) => x.name)).not.toContain('Wrong');
  }, 60_000);

  it('an API base not on PARLEY_CONNECTOR_API_BASES is refused (no SSRF through the connector)', async () => {
    for (const apiBase of ['http://127.0.0.1:1', 'http://169.254.169.254', 'file:///etc/passwd', `${stripe.url}/v1`]) {
      const res = await t.fetch('/api/connectors', { method: 'POST', headers: json, body: JSON.stringify({ kind: 'stripe', name: 'Elsewhere', apiBase, credentials: { secretKey: stripe.key } }) });
      expect(res.status, apiBase).toBe(400);
    }
  }, 60_000);

  it('analysts and viewers read connectors but may not add, sync or delete them; credentials never come back', async () => {
    const viewer = await t.member('viewer');
    const list = await (await viewer.fetch('/api/connectors')).json();
    expect(list.data.length).toBeGreaterThan(0);
    expect(JSON.stringify(list)).not.toContain(stripe.key);
    expect(JSON.stringify(list)).not.toContain(stripe.webhookSecret);
    expect((await viewer.fetch(`/api/connectors/${list.data[0].id}/sync`, { method: 'POST' })).status).toBe(403);
    expect((await viewer.fetch(`/api/connectors/${list.data[0].id}`, { method: 'DELETE' })).status).toBe(403);
  }, 60_000);

  it('another workspace sees none of it: not the connector, its streams or its webhook address', async () => {
    const [c] = (await (await t.fetch('/api/connectors')).json()).data;
    const other = await t.workspace('other-shop');
    expect((await (await other.fetch('/api/connectors')).json()).data).toEqual([]);
    for (const [method, path] of [['GET', ''], ['POST', '/sync'], ['DELETE', '']] as const) {
      const r = await other.fetch(`/api/connectors/${c.id}${path}`, { method });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect((await r.json()).error.code).toBe('connector:not_found');
    }
    expect((await t.fetch(`/api/connectors/${c.id}`)).status).toBe(200);
  }, 60_000);

  it('DELETE removes the connector and every synced row of it', async () => {
    const [c] = (await (await t.fetch('/api/connectors')).json()).data;
    expect((await t.fetch(`/api/connectors/${c.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.fetch(`/api/connectors/${c.id}`)).status).toBe(404);
    for (const table of ['pay_charges', 'pay_customers', 'pay_subscriptions', 'pay_balance_transactions', 'connector_streams']) {
      const [{ n }] = await q<{ n: string }>(`SELECT count(*) n FROM ${table} WHERE connector_id = $1`, [c.id]);
      expect(Number(n), table).toBe(0);
    }
  }, 60_000);
});
