import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../../server/testing/databases';
import { addStripeConnector, rowsOf, startConnectorsParley, waitForSync } from '../testing/parley';
import { startStripeTestServer } from '../testing/stripe-server';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe.each(STORE_BACKENDS)('a Stripe backfill stopped mid-way on %s', (backend) => {
  it('resumes after a restart from its last committed page, without duplicates or a second listing', async () => {
    const stripe = await startStripeTestServer();
    cleanups.push(() => stripe.close());
    stripe.seed('charge', 1000);
    // Three pages get through, then Stripe answers 429 for a long while: the server is stopped mid-backfill.
    stripe.inject({ status: 429, times: 1000, retryAfter: 1, path: '/v1/charges', after: 3 });
    const env = { PARLEY_SECRET_KEY: randomBytes(32).toString('hex') };
    // One window over all the charges, and retries that outlast the test: only the stop ends this sync.
    const kinds = { stripe: { windowDays: 1000, retry: { baseDelayMs: 20, maxDelayMs: 1000, attempts: 10_000 } } };
    const first = await startConnectorsParley({ backend, stripe, env, kinds });
    cleanups.push(first.destroy);
    const { id } = await addStripeConnector(first.t.admin, stripe);
    const pool = first.t.parley.store.db.pool;
    for (let i = 0; i < 600; i++) {
      const r = await pool.query("SELECT rows FROM connector_streams WHERE connector_id = $1 AND stream = 'charges'", [id]);
      if (Number(r.rows[0]?.rows ?? 0) >= 300) break;
      if (i === 599) throw new Error('the backfill never committed three pages');
      await new Promise((res) => setTimeout(res, 100));
    }
    await first.t.stop();
    const { rows } = await (await import('../../../server/store/store')).openStore({ databaseUrl: first.t.databaseUrl, dataDir: first.t.dataDir ?? first.t.config.dataDir }).then(async (s) => {
      const r = await s.db.pool.query("SELECT cursor, rows FROM connector_streams WHERE connector_id = $1 AND stream = 'charges'", [id]);
      await s.close();
      return r;
    });
    const committed = rows[0];
    expect(Number(committed.rows)).toBe(300);
    expect(committed.cursor).toMatchObject({ phase: 'backfill' });
    expect(committed.cursor.startingAfter ?? committed.cursor.windowStart).toBeTruthy();

    stripe.clearFaults();
    const mark = stripe.requests.length;
    const second = await startConnectorsParley({ backend, stripe, env, kinds, reuse: { dataDir: first.t.dataDir, databaseUrl: first.t.databaseUrl } });
    cleanups.push(second.destroy);
    expect((await second.t.fetch(`/api/connectors/${id}/sync`, { method: 'POST' })).status).toBe(202);
    const done = await waitForSync(second.t.admin, id);
    expect(done.lastError).toBeNull();
    expect(rowsOf(done, 'charges')).toBe(1000);
    const n = await second.t.parley.store.db.pool.query('SELECT count(*)::int n, count(DISTINCT id)::int d FROM pay_charges WHERE connector_id = $1', [id]);
    expect(n.rows[0]).toEqual({ n: 1000, d: 1000 });
    // The first charges request after the restart carries on from the committed page.
    const resumed = stripe.requests.slice(mark).find((r) => r.path === '/v1/charges')!;
    expect(resumed.query.get('starting_after')).toBe(committed.cursor.startingAfter);
    expect(resumed.query.get('created[gte]')).toBe(String(committed.cursor.windowStart));
  }, 300_000);
});
